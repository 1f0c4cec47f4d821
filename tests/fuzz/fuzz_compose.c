/* fuzz_compose.c: libFuzzer harness: any mail parsed, then every mail bpomail makes of it composed and read back. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "address.h"
#include "bounds.h"
#include "compose.h"
#include "mailparse.h"
#include "quote.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What every mail we send must be (bpomail(1), Commands in mail): 7-bit, no NUL, lines of at most 998 bytes. */
static void check_wire(const struct buf *out)
{
	size_t line = 0;

	for (size_t i = 0; i < out->len; i++) {
		unsigned char c = (unsigned char)out->data[i];
		if (c == 0 || c >= 0x80)
			abort();
		line = c == '\n' ? 0 : line + 1;
		if (line > 998)
			abort();
	}
}

/*
 * One mail as letter_send() builds it from an incoming message: to its
 * sender (or someone in the directory), in reply to it, with its subject
 * after our tag, body as given (with an HTML alternative when html is not
 * NULL) and the attachments passed on.
 */
static void compose_from(const struct inmail *m, const char *body, const char *html, bool documents)
{
	const char *refs[BOUND_REFERENCES + 1];
	size_t nrefs = 0;
	struct buf out = BUF_INIT;
	struct attachment_out att[BOUND_ATTACHMENTS];
	char *subject = xasprintf("[BPO-2027-0001] %s", m->subject);
	bool valid = m->from_addr && addr_valid(m->from_addr);

	refs[nrefs++] = "thread.1@swv.example";
	for (size_t i = 0; i < m->references.n && nrefs < ARRAY_SIZE(refs); i++)
		refs[nrefs++] = m->references.item[i];
	for (size_t i = 0; i < m->n_att; i++)
		att[i] = (struct attachment_out){ m->att[i].filename, m->att[i].content_type,
						  m->att[i].data, m->att[i].len, NULL };
	struct mail_out mo = {
		.from_name = "BPO-loket SWV Voorbeeld", .from_addr = "bpo@swv.example",
		.to_name = valid ? m->from_name : "IB De Linde",
		.to_addr = valid ? m->from_addr : "ib@delinde.example",
		.reply_to = "bpo+aaaaaaibrwubxhcrifenf6bu@swv.example", .subject = subject,
		.message_id = "aaaaaaibrwubxhcrifenf6bu.94f18454b01cd2d47912fce9@swv.example",
		.in_reply_to = m->message_id, .references = refs, .n_references = nrefs,
		.auto_submitted = "auto-replied", .loop = "bpo@swv.example", .body = body,
		.html = html, .att = documents ? att : NULL, .n_att = documents ? m->n_att : 0, .date = 1799654400,
	};
	if (compose_mail(&mo, &out) != 0)
		abort();   /* every address and id here is one we accept */
	check_wire(&out);
	/* Read back by our own parser: it is one message with every document in it. */
	struct inmail back;
	char *why = NULL;
	if (mailparse(buf_str(&out), out.len, &back, &why) != 0)
		abort();
	if (documents && back.n_att + back.n_att_dropped + back.n_inline != m->n_att)
		abort();
	inmail_free(&back);
	free(why);
	buf_free(&out);
	free(subject);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inmail m;
	char *why = NULL;

	/* The sandbox refuses mail over the message bound before parsing. */
	if (size > BOUND_MESSAGE_DEFAULT)
		return 0;
	if (mailparse((const char *)data, size, &m, &why) == 0) {
		char *top = quote_strip(m.text);
		compose_from(&m, top, NULL, false);     /* an answer quoting what they wrote */
		compose_from(&m, m.text, top, true);    /* their message passed on, documents and all, their words as HTML */
		free(top);
	}
	free(why);
	inmail_free(&m);
	return 0;
}
