/* compose.c: builds outgoing mail with libetpan, with our own encoder, ids and boundaries. */
#include <libetpan/libetpan.h>
#include <strings.h>
#include <sys/random.h>

#include "address.h"
#include "compose.h"
#include "rfc2047.h"
#include "utf8.h"
#include "util.h"

/* libetpan reports out of memory as NULL or an error code: fatal here. */
static void *need(void *p)
{
	if (!p)
		die(EXIT_TEMPFAIL, "out of memory building a mail");
	return p;
}

static void need_ok(int rc)
{
	if (rc != MAILIMF_NO_ERROR)
		die(EXIT_TEMPFAIL, "out of memory building a mail (%d)", rc);
}

char *compose_random_hex(size_t bytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[64];
	char *out;

	if (bytes > sizeof raw)
		bytes = sizeof raw;
	if (getrandom(raw, bytes, 0) != (ssize_t)bytes)
		die(EXIT_TEMPFAIL, "getrandom failed");
	out = xmalloc(bytes * 2 + 1);
	for (size_t i = 0; i < bytes; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[bytes * 2] = '\0';
	return out;
}

bool compose_id_ok(const char *id)
{
	if (!id || !*id || !strchr(id, '@'))
		return false;
	for (const char *p = id; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || strchr("<>\"()", *p))
			return false;
	return true;
}

static struct mailimf_mailbox *mailbox(const char *name, const char *addr)
{
	char *display = name && *name ? rfc2047_encode_phrase(name) : NULL;

	if (display && !*display) {
		free(display);
		display = NULL;
	}
	return need(mailimf_mailbox_new(display, xstrdup(addr)));
}

static struct mailimf_address_list *address_list(const char *name, const char *addr)
{
	struct mailimf_address_list *l = need(mailimf_address_list_new_empty());
	struct mailimf_address *a = need(mailimf_address_new(MAILIMF_ADDRESS_MAILBOX,
							     mailbox(name, addr), NULL));
	need_ok(clist_append(l->ad_list, a) == 0 ? MAILIMF_NO_ERROR : MAILIMF_ERROR_MEMORY);
	return l;
}

static clist *id_list(const char *const *ids, size_t n)
{
	clist *l = need(clist_new());

	for (size_t i = 0; i < n; i++)
		if (compose_id_ok(ids[i]))
			need_ok(clist_append(l, xstrdup(ids[i])) == 0 ? MAILIMF_NO_ERROR
								     : MAILIMF_ERROR_MEMORY);
	if (clist_isempty(l)) {
		clist_free(l);
		return NULL;
	}
	return l;
}

static struct mailimf_date_time *utc_date(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return need(mailimf_date_time_new(tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
					  tm.tm_min, tm.tm_sec, 0));
}

static void add_custom(struct mailimf_fields *f, const char *name, const char *value)
{
	char *clean = rfc2047_clean(value);
	need_ok(mailimf_fields_add(f, need(mailimf_field_new_custom(xstrdup(name), clean))));
}

static struct mailimf_fields *headers(const struct mail_out *m)
{
	const char *irt[1] = { m->in_reply_to };
	struct mailimf_mailbox_list *from = need(mailimf_mailbox_list_new_empty());
	struct mailimf_fields *f;

	need_ok(mailimf_mailbox_list_add(from, mailbox(m->from_name, m->from_addr)));
	f = need(mailimf_fields_new_with_data_all(
		utc_date(m->date), from, NULL,
		address_list(NULL, m->reply_to), address_list(m->to_name, m->to_addr), NULL, NULL,
		xstrdup(m->message_id), id_list(irt, m->in_reply_to ? 1 : 0),
		id_list(m->references, m->n_references), rfc2047_encode_text(m->subject)));
	add_custom(f, "Auto-Submitted", m->auto_submitted);
	add_custom(f, "X-Auto-Response-Suppress", "All");
	add_custom(f, COMPOSE_LOOP_HEADER, m->loop);
	return f;
}

/* Our boundary: 96 random bits after "=_", which cannot occur in QP or base64. */
static void set_boundary(struct mailmime *part)
{
	clistiter *it;

	for (it = clist_begin(part->mm_content_type->ct_parameters); it; it = clist_next(it)) {
		struct mailmime_parameter *p = clist_content(it);
		if (str_eq_nocase(p->pa_name, "boundary")) {
			char *rnd = compose_random_hex(12);
			free(p->pa_value);
			p->pa_value = xasprintf("=_%s", rnd);
			free(rnd);
		}
	}
}

/* Text for the body: no trailing blanks (libetpan's QP writer doubles them), at most 998 bytes a line. */
static char *body_text(const char *s)
{
	struct buf out = BUF_INIT;

	for (const char *p = s; *p; p++) {
		if (*p == '\n')
			while (out.len && (out.data[out.len - 1] == ' ' || out.data[out.len - 1] == '\t'))
				buf_truncate(&out, out.len - 1);
		if (*p != '\r')
			buf_addc(&out, *p);
	}
	/* The last line too: the QP writer would leave its blanks unencoded (RFC 2045 §6.7). */
	while (out.len && (out.data[out.len - 1] == ' ' || out.data[out.len - 1] == '\t'))
		buf_truncate(&out, out.len - 1);
	return buf_detach(&out);
}

static struct mailmime *text_part(const char *text)
{
	struct mailmime_content *ct = need(mailmime_content_new_with_str("text/plain"));
	struct mailmime_parameter *cs = need(mailmime_param_new_with_data("charset", "utf-8"));
	struct mailmime *part;

	need_ok(clist_append(ct->ct_parameters, cs) == 0 ? MAILIMF_NO_ERROR : MAILIMF_ERROR_MEMORY);
	part = need(mailmime_new_empty(ct, need(mailmime_fields_new_encoding(
						   MAILMIME_MECHANISM_QUOTED_PRINTABLE))));
	need_ok(mailmime_set_body_text(part, (char *)text, strlen(text)));
	return part;
}

/*
 * A file name every mail client shows alike: the base name in ASCII, accents
 * folded ("groeidocument coördinatie.pdf" -> "groeidocument coordinatie.pdf"),
 * anything else '_', never hidden, never empty.
 */
static char *safe_filename(const char *name)
{
	struct buf out = BUF_INIT;
	const char *base = name;

	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (*base == '.' || *base == ' ')
		base++;
	for (const char *p = base; *p && out.len < 100;) {
		unsigned char c = (unsigned char)*p;
		size_t clen = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (strnlen(p, clen) < clen || !utf8_valid(p, clen)) {
			buf_addc(&out, '_');
			p++;
			continue;
		}
		if (clen == 1) {
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				  strchr(".-_ ()+,", c);
			buf_addc(&out, ok ? (char)c : '_');
		} else {
			char *one = xstrndup(p, clen), *folded = utf8_fold(one);
			bool letters = *folded != '\0';
			for (const char *f = folded; *f; f++)
				letters = letters && ((*f >= 'a' && *f <= 'z') || (*f >= 'A' && *f <= 'Z'));
			buf_adds(&out, letters ? folded : "_");
			free(folded);
			free(one);
		}
		p += clen;
	}
	while (out.len && (out.data[out.len - 1] == ' ' || out.data[out.len - 1] == '.'))
		buf_truncate(&out, out.len - 1);
	if (out.len == 0)
		buf_adds(&out, "bijlage");
	return buf_detach(&out);
}

static bool is_token(const char *s, size_t n)
{
	if (n == 0 || n > 100)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("!#$&^_.+-", s[i])))
			return false;
	return true;
}

/*
 * The type a document goes out as. Only discrete types pass as they came:
 * handed a message/ or multipart/ type, libetpan builds a composite part and
 * reads the document's bytes as header fields (a forwarded mail crashed it).
 * Those, and anything that is not a plain "type/subtype", go out as bytes.
 */
static const char *outgoing_type(const char *type)
{
	static const char *const discrete[] = {
		"text", "image", "audio", "video", "application", "font", "model",
	};
	const char *slash = strchr(type, '/');

	if (!slash || !is_token(type, (size_t)(slash - type)) ||
	    !is_token(slash + 1, strlen(slash + 1)))
		return COMPOSE_BYTES_TYPE;
	for (size_t i = 0; i < ARRAY_SIZE(discrete); i++)
		if (strlen(discrete[i]) == (size_t)(slash - type) &&
		    !strncasecmp(type, discrete[i], (size_t)(slash - type)))
			return type;
	return COMPOSE_BYTES_TYPE;
}

/* A forwarded mail keeps a name that every mail client opens as one: "….eml". */
static char *outgoing_filename(const struct attachment_out *a)
{
	char *name = safe_filename(a->filename);
	size_t n = strlen(name);

	if (!strncasecmp(a->content_type, "message/", 8) &&
	    (n < 4 || strcasecmp(name + n - 4, ".eml") != 0)) {
		char *eml = xasprintf("%s.eml", name);
		free(name);
		name = eml;
	}
	return name;
}

static struct mailmime *attachment_part(const struct attachment_out *a)
{
	struct mailmime_content *ct = mailmime_content_new_with_str(outgoing_type(a->content_type));
	struct mailmime_fields *fields;
	struct mailmime *part;

	if (!ct)
		ct = need(mailmime_content_new_with_str(COMPOSE_BYTES_TYPE));
	fields = need(mailmime_fields_new_filename(MAILMIME_DISPOSITION_TYPE_ATTACHMENT,
						   outgoing_filename(a), MAILMIME_MECHANISM_BASE64));
	part = need(mailmime_new_empty(ct, fields));
	need_ok(mailmime_set_body_text(part, (char *)a->data, a->len));
	return part;
}

/* libetpan writes CRLF; files in a Maildir and input to sendmail use LF. */
static void append_lf(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			buf_addc(out, s[i]);
}

int compose_mail(const struct mail_out *m, struct buf *out)
{
	struct mailmime *msg, *body;
	MMAPString *s;
	char *text;
	int col = 0;

	if (!addr_valid(m->from_addr) || !addr_valid(m->to_addr) || !addr_valid(m->reply_to) ||
	    !compose_id_ok(m->message_id))
		return -1;
	text = body_text(m->body);
	msg = need(mailmime_new_message_data(NULL));
	mailmime_set_imf_fields(msg, headers(m));
	if (m->n_att == 0) {
		body = text_part(text);
	} else {
		body = need(mailmime_new_empty(need(mailmime_content_new_with_str("multipart/mixed")),
					       need(mailmime_fields_new_empty())));
		set_boundary(body);
		need_ok(mailmime_smart_add_part(body, text_part(text)));
		for (size_t i = 0; i < m->n_att; i++)
			need_ok(mailmime_smart_add_part(body, attachment_part(&m->att[i])));
	}
	need_ok(mailmime_smart_add_part(msg, body));
	s = need(mmap_string_new(""));
	need_ok(mailmime_write_mem(s, &col, msg));
	append_lf(out, s->str, s->len);
	mmap_string_free(s);
	mailmime_free(msg);
	free(text);
	return 0;
}
