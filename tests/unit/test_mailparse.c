/* test_mailparse.c: incoming mail read through libetpan and our guards (README, Hostile mail). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libetpan/libetpan.h>

#include "base64.h"
#include "bounds.h"
#include "mailparse.h"
#include "util.h"

/* Test messages are written with LF; crlf() gives the same message with CRLF. */
static char *crlf(const char *lf)
{
	struct buf out = BUF_INIT;

	for (const char *p = lf; *p; p++) {
		if (*p == '\n' && (p == lf || p[-1] != '\r'))
			buf_addc(&out, '\r');
		buf_addc(&out, *p);
	}
	return buf_detach(&out);
}

static void parse_len(const char *raw, size_t len, struct inmail *m)
{
	char *why = NULL;
	int rc = mailparse(raw, len, m, &why);

	if (rc != 0)
		fail_msg("mailparse refused: %s", why ? why : "(no reason)");
	assert_null(why);
}

static void parse(const char *raw, struct inmail *m)
{
	parse_len(raw, strlen(raw), m);
}

/* Parses raw with LF and with CRLF line ends; check() runs on both. */
static void both(const char *lf, void (*check)(struct inmail *m))
{
	struct inmail m;
	char *c = crlf(lf);

	parse(lf, &m);
	check(&m);
	inmail_free(&m);
	parse(c, &m);
	check(&m);
	inmail_free(&m);
	free(c);
}

static void refused(const char *raw, size_t len)
{
	struct inmail m;
	char *why = NULL;

	assert_int_equal(mailparse(raw, len, &m, &why), -1);
	assert_non_null(why);
	assert_true(strlen(why) > 10);
	free(why);
	inmail_free(&m);
}

static char *subject_of(const char *header_value)
{
	char *raw = xasprintf("From: a@b.example\r\nSubject: %s\r\n\r\nx\r\n", header_value);
	struct inmail m;

	parse(raw, &m);
	char *s = xstrdup(m.subject);
	inmail_free(&m);
	free(raw);
	return s;
}

static void subject_is(const char *header_value, const char *want)
{
	char *got = subject_of(header_value);
	assert_string_equal(got, want);
	free(got);
}

/* Headers ------------------------------------------------------------------ */

static void test_subject_encoded_words(void **state)
{
	(void)state;
	subject_is("Aanvraag ondersteuning", "Aanvraag ondersteuning");
	subject_is("=?utf-8?Q?Co=C3=B6rdinator_SO-loket?=", "Coördinator SO-loket");
	subject_is("=?UTF-8?q?Co=C3=B6rdinator_SO-loket?=", "Coördinator SO-loket");
	/* "Trajectbegeleider Noörd" in base64 */
	subject_is("=?UTF-8?B?VHJhamVjdGJlZ2VsZWlkZXIgTm/DtnJk?=", "Trajectbegeleider Noörd");
	/* adjacent words: the blank between them goes */
	subject_is("=?utf-8?Q?Co=C3=B6?= =?utf-8?Q?rdinator?=", "Coördinator");
	/* a character split over two words survives */
	subject_is("=?utf-8?Q?Co=C3?=\r\n =?utf-8?Q?=B6rdinator?=", "Coördinator");
	subject_is("Re: =?utf-8?Q?Co=C3=B6rdinator?= SO-loket", "Re: Coördinator SO-loket");
	subject_is("=?iso-8859-1?Q?caf=E9?=", "café");
	/* folding collapses to one blank */
	subject_is("Aanvraag voor\r\n\tIB De Linde", "Aanvraag voor IB De Linde");
	subject_is("", "");
}

static void test_subject_many_short_words(void **state)
{
	struct buf raw = BUF_INIT, want = BUF_INIT;

	(void)state;
	/* some mailers encode every character: far more than four times the decoded length */
	for (int i = 0; i < 300; i++) {
		buf_adds(&raw, i ? "\r\n =?utf-8?Q?=C3=B6?=" : "=?utf-8?Q?=C3=B6?=");
		buf_adds(&want, "ö");
	}
	subject_is(raw.data, want.data);
	/* cut to the bound between characters, never half an encoded word */
	buf_truncate(&raw, 0);
	for (int i = 0; i < 2000; i++)
		buf_adds(&raw, " =?utf-8?Q?=C3=B6?= x");
	char *got = subject_of(raw.data);
	assert_true(strlen(got) <= 1000);
	assert_null(strstr(got, "?="));
	assert_null(strstr(got, "=C3"));
	free(got);
	buf_free(&raw);
	buf_free(&want);
}

static void test_subject_outlook_windows_1252(void **state)
{
	(void)state;
	/* Outlook labels windows-1252 as iso-8859-1: =93 =94 are quotes, =80 is the euro. */
	subject_is("=?iso-8859-1?Q?=93Akkoord=94_voor_=80_150?=", "\u201cAkkoord\u201d voor \u20ac 150");
	subject_is("=?windows-1252?Q?=93Akkoord=94?=", "\u201cAkkoord\u201d");
	subject_is("=?ISO-8859-1?B?k0Fra29vcmSU?=", "\u201cAkkoord\u201d");
}

static void test_subject_raw_bytes(void **state)
{
	(void)state;
	/* RFC 6532 UTF-8 */
	subject_is("Co\xc3\xb6rdinator SO-loket \xe2\x80\x9cspoed\xe2\x80\x9d",
		   "Coördinator SO-loket \u201cspoed\u201d");
	/* raw windows-1252 bytes */
	subject_is("Co\xf6rdinator \x93spoed\x94 \x80", "Coördinator \u201cspoed\u201d \u20ac");
	/* controls never pass */
	subject_is("a\x01" "b\x7f" "c", "a b c");
}

static void check_from_name(struct inmail *m)
{
	assert_int_equal(m->n_from, 1);
	assert_string_equal(m->from_addr, "ib@de-linde.example");
	assert_string_equal(m->from_name, "IB De Linde");
}

static void check_from_comment(struct inmail *m)
{
	assert_int_equal(m->n_from, 1);
	assert_string_equal(m->from_addr, "ib@de-linde.example");
}

static void test_from_display_name(void **state)
{
	(void)state;
	both("From: IB De Linde <IB@De-Linde.Example>\nSubject: x\n\nhoi\n", check_from_name);
	both("From: \"IB De Linde\" <ib@de-linde.example>\n\nhoi\n", check_from_name);
	both("From: =?utf-8?Q?IB_De_Linde?= <ib@de-linde.example>\n\nhoi\n", check_from_name);
	both("From: ib@de-linde.example (IB De Linde)\n\nhoi\n", check_from_comment);
}

static void check_from_accents(struct inmail *m)
{
	assert_int_equal(m->n_from, 1);
	assert_string_equal(m->from_addr, "zoe@linde.example");
	assert_string_equal(m->from_name, "Berg, Zoë van der");
}

static void check_from_bare(struct inmail *m)
{
	assert_int_equal(m->n_from, 1);
	assert_string_equal(m->from_addr, "coordinator@swv.example");
	assert_null(m->from_name);
}

static void test_from_variants(void **state)
{
	(void)state;
	both("From: =?utf-8?Q?Berg=2C_Zo=C3=AB_van_der?= <zoe@linde.example>\n\nx\n", check_from_accents);
	both("From: \"Berg, Zo\xc3\xab van der\" <zoe@linde.example>\n\nx\n", check_from_accents);
	both("From: \"=?utf-8?Q?Berg=2C_Zo=C3=AB_van_der?=\" <zoe@linde.example>\n\nx\n",
	     check_from_accents);
	both("From: Coordinator@SWV.example\n\nx\n", check_from_bare);
	both("From: <coordinator@swv.example>\n\nx\n", check_from_bare);
}

static size_t n_from_of(const char *lf)
{
	struct inmail m;
	char *c = crlf(lf);

	parse(lf, &m);
	size_t n = m.n_from;
	inmail_free(&m);
	parse(c, &m);
	assert_int_equal(m.n_from, n);
	inmail_free(&m);
	free(c);
	return n;
}

static void test_exactly_one_from(void **state)
{
	(void)state;
	assert_int_equal(n_from_of("From: a@b.example\nSubject: x\n\nx\n"), 1);
	assert_int_equal(n_from_of("Subject: x\n\nx\n"), 0);
	/* two From headers: libetpan would merge them if asked (README, Hostile mail) */
	assert_int_not_equal(n_from_of("From: a@b.example\nFrom: c@d.example\n\nx\n"), 1);
	assert_int_not_equal(n_from_of("From: IB <a@b.example>\nSubject: x\nFrom: IB <a@b.example>\n\nx\n"), 1);
	/* one From, two mailboxes */
	assert_int_equal(n_from_of("From: a@b.example, c@d.example\n\nx\n"), 2);
	assert_int_not_equal(n_from_of("From: IB De Linde <a@b.example>, Trajectbegeleider Noord <c@d.example>\n\nx\n"), 1);
	/* a From libetpan cannot read */
	assert_int_not_equal(n_from_of("From: <<broken@@example>>\n\nx\n"), 1);
	assert_int_not_equal(n_from_of("From: a@b.example\nFrom: <<broken@@example>>\n\nx\n"), 1);
	assert_int_not_equal(n_from_of("From: <<broken@@example>>\nFrom: a@b.example\n\nx\n"), 1);
	/* a group is no sender */
	assert_int_not_equal(n_from_of("From: Groep: a@b.example, c@d.example;\n\nx\n"), 1);
}

static void check_ids(struct inmail *m)
{
	assert_string_equal(m->message_id, "20270110.1@linde.example");
	assert_string_equal(m->in_reply_to, "tok.abc@swv.example");
	assert_int_equal(m->references.n, 3);
	assert_string_equal(m->references.item[0], "first@swv.example");
	assert_string_equal(m->references.item[1], "second@swv.example");
	assert_string_equal(m->references.item[2], "tok.abc@swv.example");
}

static void check_ids_broken_refs(struct inmail *m)
{
	assert_string_equal(m->message_id, "20270110.1@linde.example");
	assert_string_equal(m->in_reply_to, "tok.abc@swv.example");
	/* libetpan cannot read the header: the ids are found by scanning for <...> */
	assert_int_equal(m->references.n, 2);
	assert_string_equal(m->references.item[0], "first@swv.example");
	assert_string_equal(m->references.item[1], "tok.abc@swv.example");
}

static void check_no_ids(struct inmail *m)
{
	assert_null(m->message_id);
	assert_null(m->in_reply_to);
	assert_int_equal(m->references.n, 0);
}

static void test_message_ids(void **state)
{
	(void)state;
	both("From: a@b.example\n"
	     "Message-ID: <20270110.1@linde.example>\n"
	     "In-Reply-To: <tok.abc@swv.example>\n"
	     "References: <first@swv.example>\n <second@swv.example> <tok.abc@swv.example>\n"
	     "\nx\n",
	     check_ids);
	both("From: a@b.example\n"
	     "Message-Id:\n <20270110.1@linde.example>\n"
	     "In-Reply-To: Your message of today <tok.abc@swv.example>\n"
	     "References: <first@swv.example> <tok.abc@swv.example> <broken@swv.example\n"
	     "\nx\n",
	     check_ids_broken_refs);
	both("From: a@b.example\nSubject: x\n\nx\n", check_no_ids);
}

static void test_references_bounded(void **state)
{
	struct buf raw = BUF_INIT;
	struct inmail m;

	(void)state;
	buf_adds(&raw, "From: a@b.example\nReferences:");
	for (int i = 0; i < 500; i++)
		buf_addf(&raw, " <r%d@swv.example>\n", i);
	buf_adds(&raw, "\nx\n");
	parse(raw.data, &m);
	assert_int_equal(m.references.n, BOUND_REFERENCES);
	assert_string_equal(m.references.item[0], "r0@swv.example");
	inmail_free(&m);
	buf_free(&raw);
}

static void check_recipients(struct inmail *m)
{
	assert_int_equal(m->recipients.n, 5);
	assert_string_equal(m->recipients.item[0], "bpo+abc@swv.example");
	assert_string_equal(m->recipients.item[1], "bpo+def@swv.example");
	assert_string_equal(m->recipients.item[2], "bpo@swv.example");
	assert_string_equal(m->recipients.item[3], "tb.noord@swv.example");
	assert_string_equal(m->recipients.item[4], "loket@swv.example");
}

static void test_recipients(void **state)
{
	(void)state;
	both("Return-Path: <ib@linde.example>\n"
	     "Delivered-To: BPO+abc@swv.example\n"
	     "X-Original-To: bpo+def@SWV.example\n"
	     "From: IB De Linde <ib@linde.example>\n"
	     "To: BPO-mail <bpo@swv.example>, Trajectbegeleider Noord <tb.noord@swv.example>\n"
	     "Cc: \"Coördinator SO-loket\" <loket@swv.example>\n"
	     "\nx\n",
	     check_recipients);
}

/* Auto-reply hygiene ----------------------------------------------------------- */

static void check_plain_mail(struct inmail *m)
{
	assert_string_equal(m->return_path, "ib@linde.example");
	assert_null(m->auto_submitted);
	assert_null(m->precedence);
	assert_false(m->list_mail);
	assert_false(m->x_autoreply);
	assert_false(m->our_loop);
	assert_false(m->is_report);
}

static void check_auto(struct inmail *m)
{
	assert_string_equal(m->return_path, "");
	assert_string_equal(m->auto_submitted, "auto-replied");
	assert_string_equal(m->precedence, "bulk");
	assert_true(m->list_mail);
	assert_true(m->x_autoreply);
	assert_true(m->our_loop);
}

static void check_no_return_path(struct inmail *m)
{
	assert_null(m->return_path);
	assert_true(m->list_mail);
}

static void test_auto_reply_fields(void **state)
{
	(void)state;
	both("Return-Path: <ib@linde.example>\nFrom: ib@linde.example\nSubject: x\n\nx\n",
	     check_plain_mail);
	both("Return-Path: <>\n"
	     "From: ib@linde.example\n"
	     "Auto-Submitted: auto-replied\n"
	     "Precedence: bulk\n"
	     "List-Id: Ouders <ouders.linde.example>\n"
	     "X-Autoreply: yes\n"
	     "X-BPOmail-Loop: bpo@swv.example\n"
	     "\nIk ben afwezig.\n",
	     check_auto);
	both("From: ib@linde.example\nList-Unsubscribe: <mailto:x@linde.example>\n\nx\n",
	     check_no_return_path);
}

static void check_report(struct inmail *m)
{
	assert_true(m->is_report);
	assert_string_equal(m->return_path, "");
	assert_non_null(strstr(m->text, "could not be delivered"));
}

static void test_multipart_report(void **state)
{
	(void)state;
	both("Return-Path: <>\n"
	     "From: MAILER-DAEMON@swv.example\n"
	     "Subject: Undelivered Mail Returned to Sender\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/report; report-type=delivery-status; boundary=\"rep\"\n"
	     "\n"
	     "--rep\n"
	     "Content-Type: text/plain\n"
	     "\n"
	     "Your message could not be delivered.\n"
	     "--rep\n"
	     "Content-Type: message/delivery-status\n"
	     "\n"
	     "Reporting-MTA: dns; mx.swv.example\n"
	     "\n"
	     "Final-Recipient: rfc822; tb.noord@swv.example\n"
	     "Action: failed\n"
	     "Status: 5.1.1\n"
	     "--rep--\n",
	     check_report);
}

/* Bodies -------------------------------------------------------------------- */

static char *text_of(const char *lf)
{
	struct inmail m;
	char *c = crlf(lf);

	parse(lf, &m);
	char *t1 = xstrdup(m.text);
	inmail_free(&m);
	parse(c, &m);
	assert_string_equal(m.text, t1);
	inmail_free(&m);
	free(c);
	return t1;
}

static void text_is(const char *lf, const char *want)
{
	char *got = text_of(lf);
	assert_string_equal(got, want);
	free(got);
}

#define TEXT_HDR(cte, cs) \
	"From: ib@linde.example\nMIME-Version: 1.0\nContent-Type: text/plain" cs \
	"\nContent-Transfer-Encoding: " cte "\n\n"

static void test_text_transfer_encodings(void **state)
{
	(void)state;
	text_is(TEXT_HDR("quoted-printable", "; charset=utf-8")
		"AKKOORD=0A=\nCo=C3=B6rdinator SO-loket, een heel lange regel die doorloopt op de=\n volgende\n",
		"AKKOORD\nCoördinator SO-loket, een heel lange regel die doorloopt op de volgende\n");
	/* "AKKOORD\nZoë\n" */
	text_is(TEXT_HDR("base64", "; charset=\"UTF-8\"") "QUtLT09SRApab8OrCg==\n",
		"AKKOORD\nZoë\n");
	/* base64 text with CRLF inside becomes LF */
	text_is(TEXT_HDR("base64", "; charset=utf-8") "QUtLT09SRA0KWm/Dqw0K\n", "AKKOORD\nZoë\n");
	/* blanks and CR at a line's end, a line without '=': still base64 */
	text_is(TEXT_HDR("base64", "; charset=utf-8") "QUtLT09S \t\r\nRApab8OrCg==\r\n", "AKKOORD\nZoë\n");
	/* text a sender labelled base64 is read as it is, not turned into noise */
	text_is(TEXT_HDR("base64", "; charset=utf-8") "Akkoord, groet IB\n", "Akkoord, groet IB\n");
	text_is(TEXT_HDR("7bit", "") "AKKOORD\n\nGroet\n", "AKKOORD\n\nGroet\n");
	text_is("From: ib@linde.example\n\nAKKOORD\n", "AKKOORD\n");
}

static void test_text_charsets(void **state)
{
	(void)state;
	text_is(TEXT_HDR("8bit", "; charset=utf-8") "Co\xc3\xb6rdinator\n", "Coördinator\n");
	text_is(TEXT_HDR("8bit", "; charset=iso-8859-1") "Co\xf6rdinator \x93ja\x94 \x80\n",
		"Coördinator \u201cja\u201d \u20ac\n");
	text_is(TEXT_HDR("quoted-printable", "; charset=iso-8859-1") "Co=F6rdinator =93ja=94 =80\n",
		"Coördinator \u201cja\u201d \u20ac\n");
	text_is(TEXT_HDR("8bit", "; charset=windows-1252") "Co\xf6rdinator \x96 \x80\n",
		"Coördinator \u2013 \u20ac\n");
	/* no charset: valid UTF-8 stays, 8-bit bytes are windows-1252 */
	text_is(TEXT_HDR("8bit", "") "Co\xc3\xb6rdinator\n", "Coördinator\n");
	text_is(TEXT_HDR("8bit", "") "Co\xf6rdinator \x80\n", "Coördinator \u20ac\n");
	text_is("From: ib@linde.example\n\nCo\xf6rdinator\n", "Coördinator\n");
	/* a utf-8 label on windows-1252 bytes */
	text_is(TEXT_HDR("8bit", "; charset=utf-8") "Co\xf6rdinator\n", "Coördinator\n");
	/* KOI8-R "Привет" */
	text_is(TEXT_HDR("8bit", "; charset=koi8-r") "\xf0\xd2\xc9\xd7\xc5\xd4\n", "Привет\n");
	/* an unknown charset does not lose the text */
	text_is(TEXT_HDR("8bit", "; charset=x-nonsense") "AKKOORD\n", "AKKOORD\n");
	/* NUL and other controls never pass */
	text_is(TEXT_HDR("quoted-printable", "; charset=utf-8") "AK=00KO=01ORD\tja\n", "AKKOORD\tja\n");
}

static void check_html_only(struct inmail *m)
{
	assert_true(m->text_from_html);
	assert_non_null(strstr(m->text, "AKKOORD"));
	assert_non_null(strstr(m->text, "Coördinator SO-loket"));
	assert_null(strstr(m->text, "<"));
	assert_null(strstr(m->text, "color"));
	assert_int_equal(m->n_att, 0);
}

static void test_html_only(void **state)
{
	(void)state;
	both("From: ib@linde.example\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: text/html; charset=iso-8859-1\n"
	     "Content-Transfer-Encoding: quoted-printable\n"
	     "\n"
	     "<html><head><style>p { color: red }</style></head><body>\n"
	     "<p>AKKOORD</p><p>Co=F6rdinator SO-loket</p></body></html>\n",
	     check_html_only);
}

static void check_alternative(struct inmail *m)
{
	assert_false(m->text_from_html);
	assert_string_equal(m->text, "AKKOORD\nCoördinator SO-loket");
	assert_int_equal(m->n_att, 0);
	assert_int_equal(m->n_att_dropped, 0);
}

static void test_alternative_picks_plain(void **state)
{
	(void)state;
	/* plain first, as usual */
	both("From: ib@linde.example\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/alternative; boundary=\"alt\"\n"
	     "\n"
	     "--alt\n"
	     "Content-Type: text/plain; charset=utf-8\n"
	     "Content-Transfer-Encoding: quoted-printable\n"
	     "\n"
	     "AKKOORD\n"
	     "Co=C3=B6rdinator SO-loket\n"
	     "--alt\n"
	     "Content-Type: text/html; charset=utf-8\n"
	     "\n"
	     "<p>HTML-versie</p>\n"
	     "--alt--\n",
	     check_alternative);
	/* html first, inside a mixed with an attachment-less wrapper */
	both("From: ib@linde.example\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=mix\n"
	     "\n"
	     "--mix\n"
	     "Content-Type: multipart/alternative; boundary=alt\n"
	     "\n"
	     "--alt\n"
	     "Content-Type: text/html; charset=utf-8\n"
	     "\n"
	     "<p>HTML-versie</p>\n"
	     "--alt\n"
	     "Content-Type: text/plain; charset=utf-8\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "QUtLT09SRApDb8O2cmRpbmF0b3IgU08tbG9rZXQ=\n"
	     "--alt--\n"
	     "--mix--\n",
	     check_alternative);
}

/* Attachments ------------------------------------------------------------------ */

static const char *attachment_name(const char *headers)
{
	static char name[256];
	char *lf = xasprintf("From: ib@linde.example\n"
			     "MIME-Version: 1.0\n"
			     "Content-Type: multipart/mixed; boundary=\"b1\"\n"
			     "\n"
			     "--b1\n"
			     "Content-Type: text/plain; charset=utf-8\n"
			     "\n"
			     "Zie bijlage.\n"
			     "--b1\n"
			     "%s\n"
			     "Content-Transfer-Encoding: base64\n"
			     "\n"
			     "JVBERi0xLjQK\n"
			     "--b1--\n",
			     headers);
	char *c = crlf(lf);
	struct inmail m;

	parse(c, &m);
	assert_string_equal(m.text, "Zie bijlage.");
	assert_int_equal(m.n_att, 1);
	assert_int_equal(m.att[0].len, 9);
	assert_memory_equal(m.att[0].data, "%PDF-1.4\n", 9);
	snprintf(name, sizeof name, "%s", m.att[0].filename);
	inmail_free(&m);
	parse(lf, &m);
	assert_int_equal(m.n_att, 1);
	assert_string_equal(m.att[0].filename, name);
	inmail_free(&m);
	free(c);
	free(lf);
	return name;
}

static void test_attachment_names(void **state)
{
	(void)state;
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename=\"verslag.pdf\""),
			    "verslag.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename=verslag.pdf"),
			    "verslag.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf; name=\"handelingsplan.pdf\""),
			    "handelingsplan.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf; name=\"handelingsplan.pdf\"\n"
					    "Content-Disposition: attachment; filename=\"verslag.pdf\""),
			    "verslag.pdf");
	/* RFC 2231 */
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename*=utf-8''co%C3%B6rdinatie.pdf"),
			    "coördinatie.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment;\n"
					    " filename*0*=utf-8''co%C3%B6rdinatie;\n"
					    " filename*1*=%20verslag;\n"
					    " filename*2=\".pdf\""),
			    "coördinatie verslag.pdf");
	/* pieces out of order */
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment;\n"
					    " filename*1=\"rdinatie.pdf\"; filename*0*=UTF-8'nl'co%C3%B6"),
			    "coördinatie.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf;\n name*=iso-8859-1''co%F6rdinatie.pdf"),
			    "coördinatie.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename*=windows-1252''%93plan%94.pdf"),
			    "\u201cplan\u201d.pdf");
	/* RFC 2047 in a quoted name (Outlook, Gmail) */
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename=\"=?utf-8?B?Y2/DtnJkaW5hdGllLnBkZg==?=\""),
			    "coördinatie.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf; name=\"=?iso-8859-1?Q?co=F6rdinatie=2Epdf?=\""),
			    "coördinatie.pdf");
	/* never a path */
	assert_string_equal(attachment_name("Content-Type: application/octet-stream\n"
					    "Content-Disposition: attachment; filename=\"../../etc/passwd\""),
			    "passwd");
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename=\"C:\\\\Users\\\\x\\\\doc.pdf\""),
			    "doc.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc%2Fpasswd"),
			    "passwd");
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename*=utf-8''a%0Ab%00c.pdf"),
			    "a_bc.pdf");
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment; filename=\"..\""),
			    "bijlage");
	assert_string_equal(attachment_name("Content-Type: application/pdf\n"
					    "Content-Disposition: attachment"),
			    "bijlage");
}

static void test_attachment_name_bounded(void **state)
{
	struct buf h = BUF_INIT;

	(void)state;
	buf_adds(&h, "Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"");
	for (int i = 0; i < 300; i++)
		buf_adds(&h, "\xc3\xb6");
	buf_adds(&h, ".pdf\"");
	const char *name = attachment_name(h.data);
	assert_true(strlen(name) <= BOUND_FILENAME);
	assert_true(strlen(name) >= BOUND_FILENAME - 1);
	/* cut between characters */
	assert_int_equal(strlen(name) % 2, 0);
	buf_free(&h);
}

static void test_attachment_data_exact(void **state)
{
	struct buf raw = BUF_INIT;
	unsigned char bin[3000];
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct inmail m;

	(void)state;
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)((i * 7919u) ^ (i >> 3));
	buf_adds(&raw, "From: ib@linde.example\r\n"
		       "MIME-Version: 1.0\r\n"
		       "Content-Type: multipart/mixed; boundary=\"=_b\"\r\n"
		       "\r\n"
		       "--=_b\r\n"
		       "Content-Type: text/plain\r\n"
		       "\r\n"
		       "Formulier bijgevoegd.\r\n"
		       "--=_b\r\n"
		       "Content-Type: Application/XML; name=aanvraag.xml\r\n"
		       "Content-Transfer-Encoding: base64\r\n"
		       "\r\n");
	for (size_t i = 0, col = 0; i < sizeof bin; i += 3) {
		unsigned v = (unsigned)bin[i] << 16 | (i + 1 < sizeof bin ? (unsigned)bin[i + 1] << 8 : 0) |
			     (i + 2 < sizeof bin ? bin[i + 2] : 0);
		buf_addc(&raw, b64[v >> 18 & 63]);
		buf_addc(&raw, b64[v >> 12 & 63]);
		buf_addc(&raw, i + 1 < sizeof bin ? b64[v >> 6 & 63] : '=');
		buf_addc(&raw, i + 2 < sizeof bin ? b64[v & 63] : '=');
		if ((col += 4) == 76) {
			buf_adds(&raw, "\r\n");
			col = 0;
		}
	}
	buf_adds(&raw, "\r\n--=_b\r\n"
		       "Content-Type: application/pdf\r\n"
		       "Content-Disposition: attachment; filename=leeg.pdf\r\n"
		       "\r\n"
		       "\r\n--=_b--\r\n");
	parse(raw.data, &m);
	assert_string_equal(m.text, "Formulier bijgevoegd.");
	assert_int_equal(m.n_att, 2);
	assert_string_equal(m.att[0].filename, "aanvraag.xml");
	assert_string_equal(m.att[0].content_type, "application/xml");
	assert_int_equal(m.att[0].len, sizeof bin);
	assert_memory_equal(m.att[0].data, bin, sizeof bin);
	assert_string_equal(m.att[1].filename, "leeg.pdf");
	assert_string_equal(m.att[1].content_type, "application/pdf");
	assert_int_equal(m.att[1].len, 0);
	inmail_free(&m);
	buf_free(&raw);
}

static void check_text_attachment(struct inmail *m)
{
	/* a text/plain part with a file name is a document, not the body */
	assert_string_equal(m->text, "Zie bijlage.");
	assert_int_equal(m->n_att, 2);
	assert_string_equal(m->att[0].filename, "notities.txt");
	assert_string_equal(m->att[0].content_type, "text/plain");
	assert_int_equal(m->att[0].len, 9);
	assert_memory_equal(m->att[0].data, "Notities\n", 9);
	assert_string_equal(m->att[1].filename, "bijlage");
	assert_string_equal(m->att[1].content_type, "image/png");
}

static void test_text_attachment(void **state)
{
	(void)state;
	both("From: ib@linde.example\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=b\n"
	     "\n"
	     "--b\n"
	     "\n"
	     "Zie bijlage.\n"
	     "--b\n"
	     "Content-Type: text/plain; charset=utf-8; name=notities.txt\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "Tm90aXRpZXMK\n"
	     "--b\n"
	     "Content-Type: image/png\n"
	     "Content-Disposition: inline\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "iVBORw0KGgo=\n"
	     "--b--\n",
	     check_text_attachment);
}

static void check_rfc822(struct inmail *m)
{
	assert_string_equal(m->text, "Doorgestuurd.");
	assert_string_equal(m->subject, "Fwd: Aanvraag");
	assert_string_equal(m->from_addr, "loket@swv.example");
	assert_int_equal(m->n_att, 2);
	assert_string_equal(m->att[0].content_type, "message/rfc822");
	assert_string_equal(m->att[0].filename, "bericht.eml");
	/* the message itself, without the part's own MIME headers */
	assert_true(str_starts_with(m->att[0].data, "From: ib@linde.example"));
	assert_non_null(strstr(m->att[0].data, "Oorspronkelijke tekst."));
	assert_int_equal(strlen(m->att[0].data), m->att[0].len);
	assert_string_equal(m->att[1].content_type, "message/rfc822");
	assert_string_equal(m->att[1].filename, "aanvraag.eml");
	/* the embedded message's headers are not ours */
	assert_int_equal(m->n_from, 1);
	assert_null(m->in_reply_to);
}

static void test_message_rfc822_attachment(void **state)
{
	(void)state;
	both("From: loket@swv.example\n"
	     "Subject: Fwd: Aanvraag\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=\"fw\"\n"
	     "\n"
	     "--fw\n"
	     "Content-Type: text/plain\n"
	     "\n"
	     "Doorgestuurd.\n"
	     "--fw\n"
	     "Content-Type: message/rfc822\n"
	     "\n"
	     "From: ib@linde.example\n"
	     "In-Reply-To: <not.ours@linde.example>\n"
	     "Subject: Aanvraag\n"
	     "\n"
	     "Oorspronkelijke tekst.\n"
	     "--fw\n"
	     "Content-Type: message/rfc822\n"
	     "Content-Disposition: attachment; filename=\"aanvraag.eml\"\n"
	     "\n"
	     "From: ib@linde.example\n"
	     "Subject: Aanvraag 2\n"
	     "\n"
	     "Tweede.\n"
	     "--fw--\n",
	     check_rfc822);
}

static void test_attachment_count_bound(void **state)
{
	struct inmail m;

	(void)state;
	for (int total = 30; total <= 300; total += 270) {
		struct buf raw = BUF_INIT;
		buf_adds(&raw, "From: ib@linde.example\nMIME-Version: 1.0\n"
			       "Content-Type: multipart/mixed; boundary=b\n\n"
			       "--b\n\nVeel bijlagen.\n");
		for (int i = 0; i < total; i++)
			buf_addf(&raw, "--b\nContent-Disposition: attachment; filename=\"bijlage%d.pdf\"\n"
				       "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n", i);
		buf_adds(&raw, "--b--\n");
		parse(raw.data, &m);
		assert_string_equal(m.text, "Veel bijlagen.");
		assert_int_equal(m.n_att, BOUND_ATTACHMENTS);
		assert_string_equal(m.att[0].filename, "bijlage0.pdf");
		assert_string_equal(m.att[BOUND_ATTACHMENTS - 1].filename, "bijlage19.pdf");
		if (total == 30) {
			assert_int_equal(m.n_att_dropped, 10);
			assert_false(m.truncated);
		} else {
			assert_true(m.n_att_dropped >= 100);
			assert_true(m.truncated || m.n_att_dropped == (size_t)total - BOUND_ATTACHMENTS);
		}
		inmail_free(&m);
		buf_free(&raw);
	}
}

static void test_attachment_size_bound(void **state)
{
	struct buf raw = BUF_INIT;
	struct inmail m;
	size_t big = BOUND_ATTACHMENT_SIZE + 3;

	(void)state;
	buf_adds(&raw, "From: ib@linde.example\nMIME-Version: 1.0\n"
		       "Content-Type: multipart/mixed; boundary=b\n\n"
		       "--b\n\nGroot.\n"
		       "--b\nContent-Disposition: attachment; filename=groot.bin\n\n");
	buf_grow(&raw, big);
	memset(raw.data + raw.len, 'x', big);
	raw.len += big;
	buf_adds(&raw, "\n--b\nContent-Disposition: attachment; filename=klein.pdf\n\nPDF\n--b--\n");
	parse_len(raw.data, raw.len, &m);
	assert_int_equal(m.n_att, 1);
	assert_string_equal(m.att[0].filename, "klein.pdf");
	assert_int_equal(m.n_att_dropped, 1);
	inmail_free(&m);
	buf_free(&raw);
}

/* Guards (README, Hostile mail) -------------------------------------------------------- */

static void test_guard_boundary_crash(void **state)
{
	static const char *const ct[] = {
		"Content-Type: multipart/mixed; boundary=\"\\\"\"",
		"Content-type: multipart/mixed; BOUNDARY = \"\\\"\"",
		"Content-Type: multipart/mixed;\n boundary=\"\\\"\"",
		/* ways libetpan still reaches it: comments, folding, RFC 2047 over the whole value */
		"Content-Type: multipart/mixed; boundary=(c)\"\\\"\"",
		"Content-Type: multipart/mixed; boundary(c)=\"\\\"\"",
		"Content-Type: multipart/mixed; boundary\n =\"\\\"\"",
		"Content-Type: multipart/mixed; boundary=\n \"\\\"\"",
		"Content-Type: multipart/mixed; boundary==?us-ascii?Q?=22=5C=22=22?=",
		"Content-Type: =?us-ascii?Q?multipart/mixed;_boundary=3D=22=5C=22=22?=",
		"Content-Type: =?us-ascii?B?bXVsdGlwYXJ0L21peGVkOyBib3VuZGFyeT0iXCIi?=",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ct); i++) {
		for (int inpart = 0; inpart < 2; inpart++) {
			char *lf = inpart
				? xasprintf("From: a@b.example\nMIME-Version: 1.0\n"
					    "Content-Type: multipart/mixed; boundary=o\n\n--o\n%s\n\nx\n--o--\n",
					    ct[i])
				: xasprintf("From: a@b.example\nMIME-Version: 1.0\n%s\n\n--x\n\nhoi\n--x--\n",
					    ct[i]);
			char *c = crlf(lf);
			refused(lf, strlen(lf));
			refused(c, strlen(c));
			free(c);
			free(lf);
		}
	}
	/* a backslash elsewhere is fine */
	struct inmail m;
	parse("From: a@b.example\r\nContent-Type: text/plain; name=\"a\\\\b.txt\"\r\n\r\nx\r\n", &m);
	inmail_free(&m);
}

static void test_guard_nested_messages(void **state)
{
	struct buf raw = BUF_INIT;

	(void)state;
	buf_adds(&raw, "From: a@b.example\nMIME-Version: 1.0\n");
	for (int i = 0; i < 5000; i++)
		buf_adds(&raw, "Content-Type: message/rfc822\n\n");
	buf_adds(&raw, "From: a@b.example\n\nbinnenste\n");
	refused(raw.data, raw.len);
	buf_free(&raw);
}

static void test_guard_nested_multiparts(void **state)
{
	struct buf raw = BUF_INIT;

	(void)state;
	buf_adds(&raw, "From: a@b.example\nMIME-Version: 1.0\n");
	for (int i = 0; i < 3000; i++)
		buf_addf(&raw, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
	buf_adds(&raw, "\nbinnenste\n");
	for (int i = 2999; i >= 0; i--)
		buf_addf(&raw, "--b%d--\n", i);
	refused(raw.data, raw.len);
	buf_free(&raw);
}

static void test_guard_depth_below_prescan(void **state)
{
	struct buf raw = BUF_INIT;
	struct inmail m;

	(void)state;
	/* deeper than BOUND_MIME_DEPTH, fewer Content-Type lines than the pre-scan allows */
	buf_adds(&raw, "From: a@b.example\nMIME-Version: 1.0\n");
	for (int i = 0; i < 100; i++)
		buf_addf(&raw, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
	buf_adds(&raw, "\nbinnenste\n");
	for (int i = 99; i >= 0; i--)
		buf_addf(&raw, "--b%d--\n", i);
	parse(raw.data, &m);
	assert_true(m.truncated);
	assert_string_equal(m.text, "");
	inmail_free(&m);
	buf_free(&raw);
}

static void test_guard_qp_overread(void **state)
{
	static const char msg[] = "Content-Transfer-Encoding: quoted-printable\r\n\r\nAKKOORD=0";
	struct inmail m;

	(void)state;
	/* the message ends exactly in "=0", in an exactly sized heap buffer: ASan sees any over-read */
	for (size_t cut = sizeof msg - 1; cut >= sizeof msg - 3; cut--) {
		char *raw = xmalloc(cut);
		memcpy(raw, msg, cut);
		parse_len(raw, cut, &m);
		assert_true(str_starts_with(m.text, "AKKOORD"));
		inmail_free(&m);
		free(raw);
	}
	/* inside a multipart, a part ending in "=0" before the boundary */
	char *raw = xstrdup("From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n"
			    "--b\nContent-Transfer-Encoding: quoted-printable\n\nAKKOORD=0\n--b--");
	parse(raw, &m);
	assert_true(str_starts_with(m.text, "AKKOORD"));
	inmail_free(&m);
	free(raw);
}

static void test_empty_and_junk(void **state)
{
	struct inmail m;
	char *why = NULL;

	(void)state;
	/* empty: parsed, but nothing usable */
	assert_int_equal(mailparse("", 0, &m, &why), 0);
	assert_null(why);
	assert_int_equal(m.n_from, 0);
	assert_null(m.message_id);
	assert_string_equal(m.subject, "");
	assert_string_equal(m.text, "");
	inmail_free(&m);

	/* binary junk: no crash, valid clean text if parsed */
	unsigned char junk[4096];
	uint32_t x = 2463534242u;
	for (int round = 0; round < 50; round++) {
		for (size_t i = 0; i < sizeof junk; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			junk[i] = (unsigned char)x;
		}
		int rc = mailparse((const char *)junk, sizeof junk, &m, &why);
		if (rc == 0) {
			assert_null(why);
			assert_int_equal(m.n_from, 0);
			assert_null(memchr(m.text, '\r', strlen(m.text)));
			inmail_free(&m);
		} else {
			assert_non_null(why);
			free(why);
			why = NULL;
			inmail_free(&m);
		}
	}

	/* a NUL inside the body does not end it */
	static const char nul[] = "From: a@b.example\n\nAKK\0OORD\nGroet\n";
	parse_len(nul, sizeof nul - 1, &m);
	assert_string_equal(m.text, "AKKOORD\nGroet\n");
	inmail_free(&m);
}

static void check_no_blank_line(struct inmail *m)
{
	/* no body at all: the headers still count */
	assert_int_equal(m->n_from, 1);
	assert_string_equal(m->from_addr, "ib@linde.example");
	assert_string_equal(m->subject, "Aanvraag");
	assert_string_equal(m->text, "");
}

static void test_header_block_without_blank_line(void **state)
{
	struct inmail m;

	(void)state;
	both("From: ib@linde.example\nSubject: Aanvraag\n", check_no_blank_line);
	/* no line end at all: libetpan reads it as body (README, Hostile mail); it must not count as a sender */
	parse("From: ib@linde.example", &m);
	assert_int_not_equal(m.n_from, 1);
	inmail_free(&m);
}

/* mailparse_message_id ---------------------------------------------------------- */

static void message_id_is(const char *raw, const char *want)
{
	char *got = mailparse_message_id(raw, strlen(raw));
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	char *c = crlf(raw);
	got = mailparse_message_id(c, strlen(c));
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(c);
}

static void test_message_id_raw(void **state)
{
	(void)state;
	message_id_is("From: a@b.example\nMessage-ID: <1.abc@linde.example>\n\nx\n", "1.abc@linde.example");
	message_id_is("message-id:<1.abc@linde.example>\n", "1.abc@linde.example");
	message_id_is("From: a@b.example\nMessage-Id:\n <folded.id@linde.example>\nSubject: x\n\nx\n",
		      "folded.id@linde.example");
	message_id_is("Message-ID:\n\t<folded.id@linde.example>", "folded.id@linde.example");
	message_id_is("From: a@b.example\nX-Message-ID: <no@linde.example>\n\nx\n", NULL);
	message_id_is("From: a@b.example\n\nMessage-ID: <in.body@linde.example>\n", NULL);
	message_id_is("Message-ID: <with space@linde.example>\n\nx\n", NULL);
	message_id_is("Message-ID: geen-haken@linde.example\n\nx\n", NULL);
	message_id_is("", NULL);
	assert_null(mailparse_message_id("Message-ID: <a@b.example>", 5));
}

static void test_message_id_matches_parse(void **state)
{
	static const char raw[] = "From: a@b.example\r\nMessage-ID:\r\n <tok.x@swv.example>\r\n\r\nx\r\n";
	struct inmail m;

	(void)state;
	parse(raw, &m);
	char *id = mailparse_message_id(raw, strlen(raw));
	assert_string_equal(m.message_id, id);
	free(id);
	inmail_free(&m);
}

/*
 * A part's base64 is decoded by src/base64.c, byte for byte as libetpan's
 * decoder does (issue 12): whole lines, line ends, '=' in the middle, junk
 * bytes, blanks, one to three values left over, for 20,000 pseudo-random
 * bodies of up to 300 bytes.
 */
static void test_base64_as_libetpan(void **state)
{
	static const char pool[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
				   "====\r\n\r\n \t-_.*\x80\xff\x00";
	uint32_t seed = 12345;
	char body[300];

	(void)state;
	/* What is base64 at all: blanks, CR and NUL at a line's end are passed over, not inside. */
	assert_true(base64_only("QUJD \t\0\r\nQUJD==\n", 16));
	assert_false(base64_only("QU JD\n", 6));
	assert_false(base64_only("QUJD\0QUJD\n", 10));
	assert_false(base64_only("Akkoord, groet IB\n", 18));
	for (int round = 0; round < 20000; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t n = (seed >> 8) % sizeof body;
		/* Half the bodies only from the alphabet and line ends, as senders write them. */
		size_t span = round % 2 ? sizeof pool - 1 : 68;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			body[i] = pool[(seed >> 8) % span];
		}
		size_t idx = 0, want_len = 0, got_len = 0;
		char *want = NULL;
		assert_int_equal(mailmime_part_parse(body, n, &idx, MAILMIME_MECHANISM_BASE64, &want,
						     &want_len), MAILIMF_NO_ERROR);
		char *got = base64_decode(body, n, &got_len);
		assert_int_equal(got_len, want_len);
		assert_memory_equal(got, want, want_len);
		assert_int_equal(got[got_len], '\0');
		mmap_string_unref(want);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_as_libetpan),
		cmocka_unit_test(test_subject_encoded_words),
		cmocka_unit_test(test_subject_many_short_words),
		cmocka_unit_test(test_subject_outlook_windows_1252),
		cmocka_unit_test(test_subject_raw_bytes),
		cmocka_unit_test(test_from_display_name),
		cmocka_unit_test(test_from_variants),
		cmocka_unit_test(test_exactly_one_from),
		cmocka_unit_test(test_message_ids),
		cmocka_unit_test(test_references_bounded),
		cmocka_unit_test(test_recipients),
		cmocka_unit_test(test_auto_reply_fields),
		cmocka_unit_test(test_multipart_report),
		cmocka_unit_test(test_text_transfer_encodings),
		cmocka_unit_test(test_text_charsets),
		cmocka_unit_test(test_html_only),
		cmocka_unit_test(test_alternative_picks_plain),
		cmocka_unit_test(test_attachment_names),
		cmocka_unit_test(test_attachment_name_bounded),
		cmocka_unit_test(test_attachment_data_exact),
		cmocka_unit_test(test_text_attachment),
		cmocka_unit_test(test_message_rfc822_attachment),
		cmocka_unit_test(test_attachment_count_bound),
		cmocka_unit_test(test_attachment_size_bound),
		cmocka_unit_test(test_guard_boundary_crash),
		cmocka_unit_test(test_guard_nested_messages),
		cmocka_unit_test(test_guard_nested_multiparts),
		cmocka_unit_test(test_guard_depth_below_prescan),
		cmocka_unit_test(test_guard_qp_overread),
		cmocka_unit_test(test_empty_and_junk),
		cmocka_unit_test(test_header_block_without_blank_line),
		cmocka_unit_test(test_message_id_raw),
		cmocka_unit_test(test_message_id_matches_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
