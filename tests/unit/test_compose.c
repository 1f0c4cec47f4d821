/* test_compose.c: outgoing mail read back by mailparse() and by Python's email package. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <libetpan/libetpan.h>
#include <regex.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base64.h"
#include "bounds.h"
#include "compose.h"
#include "composed.h"
#include "json.h"
#include "mailparse.h"
#include "rfc2047.h"
#include "utf8.h"
#include "util.h"

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_compose.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *mail = xasprintf("%s/mail.eml", tmpdir), *spec = xasprintf("%s/want.json", tmpdir);
	(void)state;
	unlink(mail);
	unlink(spec);
	free(mail);
	free(spec);
	return rmdir(tmpdir);
}

static const char xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<aanvraag xmlns=\"urn:bpomail:aanvraag:1\">\r\n"
	"  <niveau>groep</niveau>\n"
	"  <ondersteuningsvraag>Co\xc3\xb6rdinatie \x01 =?x?= \"quotes\"   \n"
	"From the start; trailing blanks stay here   </ondersteuningsvraag>\n"
	"</aanvraag>";

static const char *const refs[] = { "first.1@swv.example", "bad id@swv.example",
				    "second.2@swv.example" };

static const char body_in[] =
	"Beste Zoë,\n"
	"\n"
	"From now on: de aanvraag is ontvangen.   \n"
	"From\n"
	"Een regel die veel langer is dan zesenzeventig tekens, met accenten als coördinatie en ë en ü erin.\n"
	".\n"
	"Factuur = 10 € ; _under_ ?= =?utf-8?q?x?=\n"
	"\ttab\t\n"
	"Met vriendelijke groet,  \n"
	"Coördinator SO-loket \t ";

/* What the body reads as after sending: no blanks at line ends (README, Hostile mail: the quoted-printable writer). */
static const char body_out[] =
	"Beste Zoë,\n"
	"\n"
	"From now on: de aanvraag is ontvangen.\n"
	"From\n"
	"Een regel die veel langer is dan zesenzeventig tekens, met accenten als coördinatie en ë en ü erin.\n"
	".\n"
	"Factuur = 10 € ; _under_ ?= =?utf-8?q?x?=\n"
	"\ttab\n"
	"Met vriendelijke groet,\n"
	"Coördinator SO-loket";

static struct attachment_out the_att = { "aanvraag.xml", "application/xml", xml, sizeof xml - 1, NULL };

static struct mail_out sample(void)
{
	struct mail_out m = {
		.from_name = "Coördinator SO-loket",
		.from_addr = "bpo@swv.example",
		.to_name = "Berg, Zoë van der",
		.to_addr = "zoe.vanderberg@linde.example",
		.reply_to = "bpo+abcdefghijklmnopqrstuvwx@swv.example",
		.subject = "[BPO-2027-0042] Aanvraag ontvangen – “graag reageren” (Coördinator)",
		.message_id = "abcdefghijklmnopqrstuvwx.0123456789abcdef@swv.example",
		.in_reply_to = "CAF+x=1@mail.linde.example",
		.references = refs,
		.n_references = 3,
		.auto_submitted = "auto-replied",
		.loop = "bpo@swv.example",
		.body = body_in,
		.att = &the_att,
		.n_att = 1,
		.date = 1800000000,
	};
	return m;
}

static char *compose_ok(const struct mail_out *m)
{
	struct buf out = BUF_INIT;

	assert_int_equal(compose_mail(m, &out), 0);
	assert_true(out.len > 0);
	return buf_detach(&out);
}

/* Every raw line: 7-bit, no CR, at most 78 characters; every encoded word at most 75. */
static void check_raw_shape(const char *raw)
{
	regex_t re;
	regmatch_t mt;

	for (const unsigned char *p = (const unsigned char *)raw; *p; p++) {
		assert_true(*p < 0x80);
		assert_true(*p != '\r');
	}
	bool in_body = false;
	for (const char *line = raw; *line;) {
		size_t n = strcspn(line, "\n");
		if (n > 78)
			fail_msg("line of %zu characters: %.*s", n, (int)n, line);
		/* blanks at a body line end may be lost in transport; QP must encode them */
		if (in_body && n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			fail_msg("blank at the end of: '%.*s'", (int)n, line);
		in_body = in_body || n == 0;
		line += n + (line[n] == '\n');
	}
	assert_int_equal(regcomp(&re, "=\\?[^?]*\\?[QqBb]\\?[^?]*\\?=", REG_EXTENDED), 0);
	for (const char *p = raw; regexec(&re, p, 1, &mt, 0) == 0; p += mt.rm_eo) {
		size_t n = (size_t)(mt.rm_eo - mt.rm_so);
		if (n > 75)
			fail_msg("encoded word of %zu characters: %.*s", n, (int)n, p + mt.rm_so);
	}
	regfree(&re);
}

/* Header lines (unfolded) of raw that start with name:, counted. */
static size_t header_count(const char *raw, const char *name)
{
	size_t n = 0, len = strlen(name);

	for (const char *line = raw; *line && *line != '\n';) {
		if (strncasecmp(line, name, len) == 0 && line[len] == ':')
			n++;
		line += strcspn(line, "\n");
		if (*line)
			line++;
	}
	return n;
}

/* Lines anywhere in raw starting with prefix (case-insensitive). */
static size_t lines_starting(const char *raw, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);

	for (const char *line = raw; *line;) {
		if (strncasecmp(line, prefix, len) == 0)
			n++;
		line += strcspn(line, "\n");
		if (*line)
			line++;
	}
	return n;
}

/* Round trip through mailparse() ----------------------------------------------- */

static void test_roundtrip_mailparse(void **state)
{
	struct mail_out m = sample();
	char *raw = compose_ok(&m);
	struct inmail in;
	char *why = NULL;

	(void)state;
	check_raw_shape(raw);
	assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
	assert_int_equal(in.n_from, 1);
	assert_string_equal(in.from_addr, "bpo@swv.example");
	assert_string_equal(in.from_name, "Coördinator SO-loket");
	assert_string_equal(in.subject, m.subject);
	assert_string_equal(in.message_id, m.message_id);
	assert_string_equal(in.in_reply_to, m.in_reply_to);
	assert_int_equal(in.references.n, 2);
	assert_string_equal(in.references.item[0], "first.1@swv.example");
	assert_string_equal(in.references.item[1], "second.2@swv.example");
	assert_int_equal(in.recipients.n, 1);
	assert_string_equal(in.recipients.item[0], "zoe.vanderberg@linde.example");
	assert_string_equal(in.auto_submitted, "auto-replied");
	assert_true(in.our_loop);
	assert_false(in.text_from_html);
	assert_string_equal(in.text, body_out);
	assert_int_equal(in.n_att, 1);
	assert_string_equal(in.att[0].filename, "aanvraag.xml");
	assert_string_equal(in.att[0].content_type, "application/xml");
	assert_int_equal(in.att[0].len, sizeof xml - 1);
	assert_memory_equal(in.att[0].data, xml, sizeof xml - 1);
	/* no "From " at a line start of the body: mbox would mangle it */
	const char *body = strstr(raw, "\n\n");
	assert_non_null(body);
	assert_int_equal(lines_starting(body, "From "), 0);
	inmail_free(&in);
	free(raw);

	/* without attachments: one text/plain part */
	m.n_att = 0;
	raw = compose_ok(&m);
	check_raw_shape(raw);
	assert_null(strstr(raw, "multipart"));
	assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
	assert_string_equal(in.text, body_out);
	assert_int_equal(in.n_att, 0);
	inmail_free(&in);
	free(raw);
}

/* Names and subjects that are hard to encode: specials, pre-encoded words, CJK, emoji, length. */
static const char *const hard_texts[] = {
	"IB De Linde",
	"Berg, Zoë van der",
	"Trajectbegeleider Noord",
	"Coördinator SO-loket",
	"O'Brien-Ĳzerman (IB) <x@y>",
	"\"Coördinator\" SO-loket; afdeling: Noord",
	"=?utf-8?Q?nep?=",
	"名前 テスト",
	"Zoë 🎓 van der Berg",
	"Coördinator SO-loket Samenwerkingsverband Passend Onderwijs Zuid-Holland Zuid",
};

static void test_names_roundtrip_mailparse(void **state)
{
	const char *const *names = hard_texts;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hard_texts); i++) {
		struct mail_out m = sample();
		struct inmail in;
		char *why = NULL;
		m.to_name = names[i];
		m.from_name = names[i];
		m.n_att = 0;
		char *raw = compose_ok(&m);
		check_raw_shape(raw);
		assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
		assert_int_equal(in.n_from, 1);
		assert_string_equal(in.from_addr, "bpo@swv.example");
		if (!in.from_name || strcmp(in.from_name, names[i]) != 0)
			fail_msg("name %s came back as %s\n%s", names[i], in.from_name, raw);
		assert_int_equal(in.recipients.n, 1);
		inmail_free(&in);
		free(raw);
	}
}

/* Read by Python's email package ----------------------------------------------- */

static const char python_check[] =
	"import sys, json, email, email.policy\n"
	"raw = open(sys.argv[1], 'rb').read()\n"
	"want = json.load(open(sys.argv[2], encoding='utf-8'))\n"
	"m = email.message_from_bytes(raw, policy=email.policy.default)\n"
	"out = []\n"
	"for part in m.walk():\n"
	"    if part.defects:\n"
	"        out.append('defects in %s: %r' % (part.get_content_type(), part.defects))\n"
	"for k in m.keys():\n"
	"    if m[k].defects:\n"
	"        out.append('defects in %s: %r' % (k, m[k].defects))\n"
	"# every header of every part; RFC 2047 words in quotes (name=, as Outlook reads it) are the one\n"
	"# thing Python reports, by design (RFC 2047 section 5)\n"
	"ew = ('encoded word inside quoted string', 'missing trailing whitespace after encoded-word')\n"
	"for part in m.walk():\n"
	"    if part is m:\n"
	"        continue\n"
	"    for k in part.keys():\n"
	"        d = [x for x in part[k].defects if not (k == 'Content-Type' and str(x) in ew)]\n"
	"        if d:\n"
	"            out.append('defects in part %s %s: %r' % (part.get_content_type(), k, d))\n"
	"def same(what, got, exp):\n"
	"    if got != exp:\n"
	"        out.append('%s: got %r, want %r' % (what, got, exp))\n"
	"same('structure', [p.get_content_type() for p in m.walk()], want['structure'])\n"
	"def one(h):\n"
	"    return m.get_all(h) is not None and len(m.get_all(h)) == 1\n"
	"for h in ['From', 'To', 'Subject', 'Reply-To', 'Message-ID', 'Date', 'Auto-Submitted',\n"
	"          'X-Auto-Response-Suppress', 'X-BPOmail-Loop', 'MIME-Version']:\n"
	"    if not one(h):\n"
	"        out.append('not exactly one %s' % h)\n"
	"for h in ['Bcc', 'Cc']:\n"
	"    if m.get_all(h):\n"
	"        out.append('unexpected %s: %r' % (h, m.get_all(h)))\n"
	"f = m['From'].addresses\n"
	"same('From count', len(f), 1)\n"
	"same('From name', f[0].display_name, want['from_name'])\n"
	"same('From addr', f[0].addr_spec, want['from_addr'])\n"
	"t = m['To'].addresses\n"
	"same('To count', len(t), 1)\n"
	"same('To name', t[0].display_name, want['to_name'])\n"
	"same('To addr', t[0].addr_spec, want['to_addr'])\n"
	"same('Reply-To', [a.addr_spec for a in m['Reply-To'].addresses], [want['reply_to']])\n"
	"same('Subject', str(m['Subject']), want['subject'])\n"
	"same('Message-ID', str(m['Message-ID']).strip(), '<%s>' % want['message_id'])\n"
	"if want.get('in_reply_to'):\n"
	"    same('In-Reply-To', str(m['In-Reply-To']).strip(), '<%s>' % want['in_reply_to'])\n"
	"if want.get('references'):\n"
	"    same('References', str(m['References']).split(), ['<%s>' % r for r in want['references']])\n"
	"same('Auto-Submitted', str(m['Auto-Submitted']), want['auto_submitted'])\n"
	"same('X-Auto-Response-Suppress', str(m['X-Auto-Response-Suppress']), 'All')\n"
	"same('X-BPOmail-Loop', str(m['X-BPOmail-Loop']), want['loop'])\n"
	"if m['Date'].datetime is None:\n"
	"    out.append('Date unreadable')\n"
	"b = m.get_body(('plain',))\n"
	"same('body', b.get_content(), want['body'])\n"
	"h = m.get_body(('html',))\n"
	"same('html', h.get_content() if h is not None and h.get_content_type() == 'text/html' else None,\n"
	"     want.get('html'))\n"
	"for p in m.walk():\n"
	"    if p.get_content_maintype() == 'text' and not p.is_attachment():\n"
	"        same('charset', p.get_content_charset(), 'utf-8')\n"
	"        same('cte', p['Content-Transfer-Encoding'], 'quoted-printable')\n"
	"atts = list(m.iter_attachments())\n"
	"same('attachments', len(atts), len(want.get('att', [])))\n"
	"for a, w in zip(atts, want.get('att', [])):\n"
	"    same('att name', a.get_filename(), w['name'])\n"
	"    same('att name=', a['Content-Type'].params.get('name'), w['name'])\n"
	"    same('att disposition', a.get_content_disposition(), 'attachment')\n"
	"    same('att type', a.get_content_type(), w['type'])\n"
	"    same('att data', a.get_payload(decode=True).hex(), w['hex'])\n"
	"print('\\n'.join(out) if out else 'OK')\n";

/* Runs python3 on a file; returns what it printed (caller frees). */
static char *run_python(const char *script, const char *arg1, const char *arg2)
{
	int fd[2];
	struct buf out = BUF_INIT;
	char chunk[4096];
	ssize_t got;
	int status;

	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		execlp("python3", "python3", "-c", script, arg1, arg2, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while ((got = read(fd[0], chunk, sizeof chunk)) > 0)
		buf_add(&out, chunk, (size_t)got);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("python3 failed: %s", buf_str(&out));
	return buf_detach(&out);
}

static void write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, data, len), 0);
	assert_int_equal(close(fd), 0);
}

static void json_key(struct buf *j, const char *key, const char *value)
{
	buf_adds(j, j->data[j->len - 1] == '{' ? "" : ", ");
	json_string(j, key);
	buf_adds(j, ": ");
	json_string(j, value);
}

/* The MIME structure compose_mail() makes of m: what Python's walk() lists. */
static void structure_json(struct buf *j, const struct mail_out *m)
{
	buf_adds(j, ", \"structure\": [");
	if (m->n_att)
		buf_adds(j, "\"multipart/mixed\", ");
	if (m->html)
		buf_adds(j, "\"multipart/alternative\", \"text/plain\", \"text/html\"");
	else
		buf_adds(j, "\"text/plain\"");
	for (size_t i = 0; i < m->n_att; i++) {
		buf_adds(j, ", ");
		json_string(j, m->att[i].content_type);
	}
	buf_adds(j, "]");
}

/* Python reads m's mail as it was meant: names, subject, ids, body, html, attachments. */
static void python_agrees_html(const struct mail_out *m, const char *raw, const char *want_body,
			       const char *want_html)
{
	char *mail = xasprintf("%s/mail.eml", tmpdir), *spec = xasprintf("%s/want.json", tmpdir);
	struct buf j = BUF_INIT;

	buf_adds(&j, "{");
	json_key(&j, "from_name", m->from_name ? m->from_name : "");
	json_key(&j, "from_addr", m->from_addr);
	json_key(&j, "to_name", m->to_name ? m->to_name : "");
	json_key(&j, "to_addr", m->to_addr);
	json_key(&j, "reply_to", m->reply_to);
	json_key(&j, "subject", m->subject);
	json_key(&j, "message_id", m->message_id);
	json_key(&j, "in_reply_to", m->in_reply_to);
	json_key(&j, "auto_submitted", m->auto_submitted);
	json_key(&j, "loop", m->loop);
	json_key(&j, "body", want_body);
	if (want_html)
		json_key(&j, "html", want_html);
	structure_json(&j, m);
	buf_adds(&j, ", \"references\": [");
	for (size_t i = 0, k = 0; i < m->n_references; i++) {
		if (strchr(m->references[i], ' '))
			continue;
		buf_adds(&j, k++ ? ", " : "");
		json_string(&j, m->references[i]);
	}
	buf_adds(&j, "], \"att\": [");
	for (size_t i = 0; i < m->n_att; i++) {
		buf_adds(&j, i ? ", {" : "{");
		json_key(&j, "name", m->att[i].filename);
		json_key(&j, "type", m->att[i].content_type);
		struct buf hex = BUF_INIT;
		for (size_t k = 0; k < m->att[i].len; k++)
			buf_addf(&hex, "%02x", (unsigned char)m->att[i].data[k]);
		json_key(&j, "hex", buf_str(&hex));
		buf_free(&hex);
		buf_adds(&j, "}");
	}
	buf_adds(&j, "]}");
	write_file(mail, raw, strlen(raw));
	write_file(spec, j.data, j.len);
	char *said = run_python(python_check, mail, spec);
	if (strcmp(said, "OK\n") != 0)
		fail_msg("Python's email package disagrees:\n%s\n--- the mail:\n%s", said, raw);
	free(said);
	buf_free(&j);
	free(mail);
	free(spec);
}

static void python_agrees(const struct mail_out *m, const char *raw, const char *want_body)
{
	python_agrees_html(m, raw, want_body, NULL);
}

static void test_python_reads_it(void **state)
{
	struct mail_out m = sample();
	char *raw = compose_ok(&m);

	(void)state;
	python_agrees(&m, raw, body_out);
	free(raw);
	m.n_att = 0;
	m.in_reply_to = NULL;
	m.n_references = 0;
	m.auto_submitted = "auto-generated";
	raw = compose_ok(&m);
	assert_int_equal(header_count(raw, "In-Reply-To"), 0);
	assert_int_equal(header_count(raw, "References"), 0);
	python_agrees(&m, raw, body_out);
	free(raw);
}

static void test_python_names_and_subjects(void **state)
{
	const char *const *texts = hard_texts;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hard_texts); i++) {
		struct mail_out m = sample();
		m.from_name = texts[i];
		m.to_name = texts[i];
		m.subject = texts[i];
		m.n_att = 0;
		char *raw = compose_ok(&m);
		check_raw_shape(raw);
		python_agrees(&m, raw, body_out);
		free(raw);
	}
}

static void test_long_subject(void **state)
{
	struct buf subject = BUF_INIT;
	struct mail_out m = sample();
	struct inmail in;
	char *why = NULL;

	(void)state;
	buf_adds(&subject, "[BPO-2027-0042] ");
	while (utf8_width(buf_str(&subject)) < 200)
		buf_adds(&subject, "Coördinatie ë “ü” ");
	buf_truncate(&subject, utf8_prefix_len(subject.data, subject.len, 240));
	while (subject.len && subject.data[subject.len - 1] == ' ')
		buf_truncate(&subject, subject.len - 1);
	m.subject = subject.data;
	m.n_att = 0;
	char *raw = compose_ok(&m);
	check_raw_shape(raw);
	/* one encoded word never starts a line of its own right after "Subject:" */
	assert_null(strstr(raw, "Subject: \n"));
	assert_null(strstr(raw, "Subject:\n"));
	python_agrees(&m, raw, body_out);
	assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
	assert_string_equal(in.subject, subject.data);
	inmail_free(&in);
	free(raw);

	/* all encoded, no blanks at all */
	buf_truncate(&subject, 0);
	for (int i = 0; i < 100; i++)
		buf_adds(&subject, "ë€");
	m.subject = subject.data;
	raw = compose_ok(&m);
	check_raw_shape(raw);
	python_agrees(&m, raw, body_out);
	assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
	assert_string_equal(in.subject, subject.data);
	inmail_free(&in);
	free(raw);
	buf_free(&subject);
}

/* One document named in; mailparse() and Python read want back (Python also from name=). */
static void name_comes_back(const char *in, const char *want)
{
	struct mail_out m = sample();
	struct attachment_out a = { in, "application/pdf", "%PDF-1.4\n", 9, NULL };
	struct attachment_out w = { want, "application/pdf", "%PDF-1.4\n", 9, NULL };
	struct inmail parsed;
	char *why = NULL;

	m.att = &a;
	char *raw = compose_ok(&m);
	check_raw_shape(raw);
	assert_int_equal(mailparse(raw, strlen(raw), &parsed, &why), 0);
	assert_int_equal(parsed.n_att, 1);
	if (strcmp(parsed.att[0].filename, want) != 0)
		fail_msg("'%s' was sent as '%s', want '%s'\n%s", in, parsed.att[0].filename, want, raw);
	inmail_free(&parsed);
	m.att = &w;   /* the mail is the same but for the name */
	python_agrees(&m, raw, body_out);
	free(raw);
}

/* Names keep their characters (issue 10, item 7), never a path, no controls, bounded. */
static void test_attachment_names(void **state)
{
	static const struct { const char *in, *out; } names[] = {
		{ "groeidocument coördinatie.pdf", "groeidocument coördinatie.pdf" },
		{ "Verslag overleg één.pdf", "Verslag overleg één.pdf" },
		{ "Straße-plan.pdf", "Straße-plan.pdf" },
		{ "Ş-rapport.pdf", "Ş-rapport.pdf" },
		{ "Verslag IB (2027).pdf", "Verslag IB (2027).pdf" },
		{ "\xc4\xb2sselmeer – “plan”.xml", "\xc4\xb2sselmeer – “plan”.xml" },
		{ "../../etc/passwd", "passwd" },
		{ "C:\\Users\\x\\doc.pdf", "doc.pdf" },
		{ ".verborgen", "verborgen" },
		{ "...", "bijlage" },
		{ "", "bijlage" },
		{ "a\"b\r\n=?x?=.pdf", "a_b__=_x_=.pdf" },
		{ "a<b>c|d*e:f.pdf", "a_b_c_d_e_f.pdf" },
		{ "名前.pdf", "名前.pdf" },
		{ "Zoë 🎓.pdf", "Zoë 🎓.pdf" },
		{ "Co\xf6rdinatie.pdf", "Co_rdinatie.pdf" },
		{ "rapport\xe2\x80\xae" "fdp.exe", "rapport_fdp.exe" },
		{ "tab\there\xc2\x85.pdf", "tab_here_.pdf" },
		{ "spatie aan het eind .pdf ", "spatie aan het eind .pdf" },
		{ "100% 'klaar'; a=b, c.pdf", "100% 'klaar'; a=b, c.pdf" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		name_comes_back(names[i].in, names[i].out);
}

/* A long name goes in RFC 2231 sections of whole characters, cut at BOUND_FILENAME with its extension kept. */
static void test_long_attachment_names(void **state)
{
	struct buf in = BUF_INIT, want = BUF_INIT;

	(void)state;
	/* 110 bytes: several sections, nothing cut */
	for (int i = 0; i < 9; i++)
		buf_adds(&in, "Verslag é ");
	buf_adds(&in, "ëïü.pdf");
	assert_true(in.len <= BOUND_FILENAME);
	name_comes_back(in.data, in.data);
	/* 400 bytes of two-byte letters: cut on a character, ".pdf" kept */
	buf_truncate(&in, 0);
	for (int i = 0; i < 200; i++)
		buf_adds(&in, "ë");
	buf_adds(&in, ".pdf");
	for (int i = 0; i < (BOUND_FILENAME - 4) / 2; i++)
		buf_adds(&want, "ë");
	buf_adds(&want, ".pdf");
	name_comes_back(in.data, want.data);
	/* four-byte characters, and a very long name without an extension */
	buf_truncate(&in, 0);
	buf_truncate(&want, 0);
	for (int i = 0; i < 1000; i++)
		buf_adds(&in, "🎓");
	for (int i = 0; i < BOUND_FILENAME / 4; i++)
		buf_adds(&want, "🎓");
	name_comes_back(in.data, want.data);
	buf_free(&in);
	buf_free(&want);
}

/* HTML alternative (issue 10, item 3) -------------------------------------------- */

static const char html_in[] =
	"<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Aanvraag</title></head>\n"
	"<body><p>Beste Zoë,   \n</p>\n"
	"From the start: <b>coördinatie</b> &amp; ë.\n"
	".\n"
	"<table><tr><td>Een cel met een regel die veel langer is dan zesenzeventig tekens, "
	"met accenten als coördinatie en ë en ü erin, en = tekens en ?= erbij.</td></tr></table>\n"
	"<p><a href=\"mailto:bpo+abc@swv.example?subject=AKKOORD&amp;body=Akkoord\">Akkoord</a></p>\t\n"
	"</body></html>";

static const char html_out[] =
	"<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Aanvraag</title></head>\n"
	"<body><p>Beste Zoë,\n</p>\n"
	"From the start: <b>coördinatie</b> &amp; ë.\n"
	".\n"
	"<table><tr><td>Een cel met een regel die veel langer is dan zesenzeventig tekens, "
	"met accenten als coördinatie en ë en ü erin, en = tekens en ?= erbij.</td></tr></table>\n"
	"<p><a href=\"mailto:bpo+abc@swv.example?subject=AKKOORD&amp;body=Akkoord\">Akkoord</a></p>\n"
	"</body></html>";

/* Body lines (after the header block) are at most 76 characters (RFC 2045 quoted-printable). */
static void check_body_lines_76(const char *raw)
{
	const char *body = strstr(raw, "\n\n");

	assert_non_null(body);
	for (const char *line = body + 2; *line;) {
		size_t n = strcspn(line, "\n");
		if (n > 76)
			fail_msg("body line of %zu characters: %.*s", n, (int)n, line);
		line += n + (line[n] == '\n');
	}
}

static void test_html_alternative(void **state)
{
	struct mail_out m = sample();
	struct inmail in;
	char *why = NULL;

	(void)state;
	m.html = html_in;
	for (size_t n_att = 0; n_att <= 1; n_att++) {
		m.n_att = n_att;
		char *raw = compose_ok(&m);
		check_raw_shape(raw);
		check_body_lines_76(raw);
		const char *body = strstr(raw, "\n\n");
		assert_int_equal(lines_starting(body, "From "), 0);
		assert_int_equal(header_count(raw, "Content-Type"), 1);
		assert_non_null(strstr(raw, n_att ? "Content-Type: multipart/mixed;"
						  : "Content-Type: multipart/alternative;"));
		/* the text first, then the html: a client that shows one shows the last it can */
		const char *plain = strstr(raw, "Content-Type: text/plain; charset=\"utf-8\"");
		const char *html = strstr(raw, "Content-Type: text/html; charset=\"utf-8\"");
		assert_non_null(plain);
		assert_non_null(html);
		assert_true(plain < html);
		python_agrees_html(&m, raw, body_out, html_out);
		/* our own parser reads the text part, not the HTML, and no document */
		assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
		assert_string_equal(in.text, body_out);
		assert_false(in.text_from_html);
		assert_int_equal(in.n_att, n_att);
		if (n_att)
			assert_memory_equal(in.att[0].data, xml, sizeof xml - 1);
		inmail_free(&in);
		free(raw);
	}
}

/* Without html the mail is as before: one text/plain part, or mixed with the documents. */
static void test_no_html_unchanged(void **state)
{
	struct mail_out m = sample();

	(void)state;
	char *raw = compose_ok(&m);
	assert_null(strstr(raw, "multipart/alternative"));
	assert_null(strstr(raw, "text/html"));
	assert_int_equal(lines_starting(raw, "Content-Type: multipart/mixed;"), 1);
	free(raw);
	m.n_att = 0;
	raw = compose_ok(&m);
	assert_null(strstr(raw, "multipart"));
	assert_int_equal(lines_starting(raw, "Content-Type: text/plain; charset=\"utf-8\""), 1);
	free(raw);
}

/*
 * A passed-on text full of lines that look like MIME headers, in the text
 * and again in the HTML: no body line starts with "Content-", "From " or
 * ".", so our own parser's pre-scan (at most BOUND_CONTENT_TYPE_LINES) reads
 * the mail (found by fuzz_compose).
 */
static void test_risky_line_starts(void **state)
{
	struct buf text = BUF_INIT;
	struct mail_out m = sample();
	struct inmail in;
	char *why = NULL;

	(void)state;
	for (int i = 0; i < BOUND_CONTENT_TYPE_LINES; i++)
		buf_addf(&text, "Content-Type: multipart/mixed; boundary=b%d\ncontent-disposition: x\n.\nFrom me\n", i);
	m.body = text.data;
	m.html = text.data;
	m.n_att = 0;
	char *raw = compose_ok(&m);
	check_raw_shape(raw);
	check_body_lines_76(raw);
	const char *body = strstr(raw, "\n\n");
	/* only the two parts' own Content-Type and Content-Transfer-Encoding */
	assert_int_equal(lines_starting(body, "content-"), 4);
	assert_int_equal(lines_starting(raw, "content-type"), 3);
	assert_int_equal(lines_starting(body, "From "), 0);
	assert_int_equal(lines_starting(body, "."), 0);
	assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
	assert_string_equal(in.text, text.data);
	inmail_free(&in);
	free(raw);
	buf_free(&text);
}

/* Several documents after the alternative, each whole, in order. */
static void test_html_with_documents(void **state)
{
	struct attachment_out att[3] = {
		{ "Verslag overleg één.pdf", "application/pdf", "%PDF-1.4\n%\xe2\xe3\n", 12, NULL },
		{ "Straße-plan.pdf", "application/pdf", "\0\1\2\3", 4, NULL },
		{ "aanvraag.xml", "application/xml", xml, sizeof xml - 1, NULL },
	};
	struct mail_out m = sample();

	(void)state;
	m.html = "<p>Kort.</p>";
	m.att = att;
	m.n_att = 3;
	char *raw = compose_ok(&m);
	check_raw_shape(raw);
	check_body_lines_76(raw);
	python_agrees_html(&m, raw, body_out, "<p>Kort.</p>");
	free(raw);
}

/* Header injection and refused input ---------------------------------------------- */

static void no_injection(const char *raw)
{
	assert_int_equal(lines_starting(raw, "Bcc:"), 0);
	assert_int_equal(lines_starting(raw, "Bcc :"), 0);
	assert_int_equal(lines_starting(raw, "X-Evil:"), 0);
	assert_int_equal(header_count(raw, "Bcc"), 0);
	assert_null(strstr(raw, "\n\n\n"));
	check_raw_shape(raw);
}

static void test_header_injection(void **state)
{
	static const char *const evil[] = {
		"IB\r\nBcc: evil@x.example",
		"IB\nBcc: evil@x.example",
		"IB\rBcc: evil@x.example",
		"IB\r\n\r\nX-Evil: body",
		"\"IB\r\nBcc: evil@x.example\"",
		"=?utf-8?Q?IB=0D=0ABcc:_evil@x.example?=",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(evil); i++) {
		struct mail_out m = sample();
		struct inmail in;
		char *why = NULL;
		m.from_name = evil[i];
		m.to_name = evil[i];
		m.subject = evil[i];
		m.loop = evil[i];
		m.auto_submitted = evil[i];
		char *raw = compose_ok(&m);
		no_injection(raw);
		assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
		assert_int_equal(in.recipients.n, 1);
		assert_string_equal(in.recipients.item[0], "zoe.vanderberg@linde.example");
		assert_null(strchr(in.subject, '\n'));
		assert_null(strchr(in.subject, '\r'));
		assert_int_equal(in.n_att, 1);
		inmail_free(&in);
		free(raw);
	}
}

static void test_refuses_bad_addresses_and_ids(void **state)
{
	static const char *const bad_addr[] = {
		"zoe@linde.example\r\nBcc: evil@x.example", "zoe@linde.example\n", "zoe\r@linde.example",
		"zoe @linde.example", "<zoe@linde.example>", "Zoë <zoe@linde.example>", "zoe@linde.example>",
		"", "zoe", "@linde.example", "zoe@", "zoe@linde", "zoe@@linde.example", "zo\"e@linde.example",
		"zoe@linde.example,evil@x.example", "zoe@linde..example", ".zoe@linde.example",
	};
	static const char *const bad_id[] = {
		"abc@swv.example\r\nBcc: evil@x.example", "abc@swv.example\n", "abc\r@swv.example",
		"abc @swv.example", "<abc@swv.example>", "abc@swv.example>", "abc<@swv.example", "",
		"abc\t@swv.example",
	};
	struct buf out = BUF_INIT;

	(void)state;
	buf_adds(&out, "kept");
	for (size_t i = 0; i < ARRAY_SIZE(bad_addr); i++) {
		for (int which = 0; which < 3; which++) {
			struct mail_out m = sample();
			if (which == 0)
				m.from_addr = bad_addr[i];
			else if (which == 1)
				m.to_addr = bad_addr[i];
			else
				m.reply_to = bad_addr[i];
			if (compose_mail(&m, &out) != -1)
				fail_msg("address %d accepted: '%s'", which, bad_addr[i]);
			assert_string_equal(buf_str(&out), "kept");
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad_id); i++) {
		struct mail_out m = sample();
		m.message_id = bad_id[i];
		if (compose_mail(&m, &out) != -1)
			fail_msg("id accepted: '%s'", bad_id[i]);
		assert_string_equal(buf_str(&out), "kept");
	}
	/* a bad In-Reply-To (copied from incoming mail) is left out, never written: the answer still goes */
	for (size_t i = 0; i < ARRAY_SIZE(bad_id); i++) {
		struct mail_out m = sample();
		m.in_reply_to = bad_id[i];
		char *raw = compose_ok(&m);
		no_injection(raw);
		assert_null(strstr(raw, "In-Reply-To:"));
		free(raw);
	}
	/* a bad id among the References (copied from incoming mail) is left out, never written */
	for (size_t i = 0; i < ARRAY_SIZE(bad_id); i++) {
		const char *r[] = { "first.1@swv.example", bad_id[i] };
		struct mail_out m = sample();
		m.references = r;
		m.n_references = 2;
		char *raw = compose_ok(&m);
		no_injection(raw);
		struct inmail in;
		char *why = NULL;
		assert_int_equal(mailparse(raw, strlen(raw), &in, &why), 0);
		assert_int_equal(in.references.n, 1);
		assert_string_equal(in.references.item[0], "first.1@swv.example");
		inmail_free(&in);
		free(raw);
	}
	buf_free(&out);
}

/* Unpredictable identifiers ---------------------------------------------------------- */

static char *boundary_of(const char *raw)
{
	const char *b = strstr(raw, "boundary=\"");
	assert_non_null(b);
	b += strlen("boundary=\"");
	return xstrndup(b, strcspn(b, "\""));
}

static void test_unpredictable_identifiers(void **state)
{
	struct mail_out m = sample();
	char *a = compose_ok(&m), *b = compose_ok(&m);
	char *ba = boundary_of(a), *bb = boundary_of(b);

	(void)state;
	assert_string_not_equal(ba, bb);
	/* ours, not libetpan's time_random_pid, and safe from QP and base64 */
	assert_true(str_starts_with(ba, "=_"));
	assert_true(strlen(ba) >= 2 + 24);
	assert_true(str_starts_with(bb, "=_"));
	assert_null(strstr(a, "6b8b4567"));
	assert_null(strstr(a, "etPan"));
	free(ba);
	free(bb);
	free(a);
	free(b);

	char *h1 = compose_random_hex(16), *h2 = compose_random_hex(16);
	assert_int_equal(strlen(h1), 32);
	assert_int_equal(strspn(h1, "0123456789abcdef"), 32);
	assert_string_not_equal(h1, h2);
	free(h1);
	free(h2);
}

/* rfc2047 ------------------------------------------------------------------------- */

static void roundtrip(const char *text, bool phrase)
{
	char *enc = phrase ? rfc2047_encode_phrase(text) : rfc2047_encode_text(text);
	char *dec = rfc2047_decode(enc, 10000);

	for (const unsigned char *p = (const unsigned char *)enc; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			fail_msg("not 7-bit printable: %s", enc);
	if (strcmp(dec, text) != 0)
		fail_msg("%s: '%s' -> '%s' -> '%s'", phrase ? "phrase" : "text", text, enc, dec);
	/* every encoded word holds whole characters */
	for (const char *w = strstr(enc, "=?UTF-8?Q?"); w; w = strstr(w + 1, "=?UTF-8?Q?")) {
		const char *e = strstr(w + 10, "?=");
		assert_non_null(e);
		assert_true(e - w + 2 <= 75);
		char *word = xstrndup(w, (size_t)(e - w + 2));
		char *one = rfc2047_decode(word, 10000);
		assert_true(utf8_valid(one, strlen(one)));
		assert_null(strstr(one, "\xef\xbf\xbd"));
		free(one);
		free(word);
	}
	free(enc);
	free(dec);
}

static void test_rfc2047_roundtrips(void **state)
{
	static const char *const texts[] = {
		"AKKOORD",
		"IB De Linde",
		"Berg, Zoë van der",
		"Coördinator SO-loket",
		"Ĳsselmeer “aanhalingstekens” – streepje € 10",
		"名前 テスト 漢字",
		"Zoë 🎓 van der Berg 👩‍🏫",
		"O'Brien (IB) <ib@linde.example>; \"quoted\" name: x@y.z",
		"=?utf-8?Q?nep?=",
		"a =?utf-8?Q?nep?= b",
		"under_score = gelijk? vraag",
		"100% #1 $5 &more 'single' {brace} |pipe| ~tilde ^caret `back`",
		"ë",
		"",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hard_texts); i++) {
		roundtrip(texts[i], true);
		roundtrip(texts[i], false);
	}
	/* long: split into several words, each whole characters, at most 75 */
	struct buf s = BUF_INIT;
	while (utf8_width(buf_str(&s)) < 200)
		buf_adds(&s, "Coördinatie ë “ü” 名 🎓 ");
	while (s.len && s.data[s.len - 1] == ' ')
		buf_truncate(&s, s.len - 1);
	roundtrip(s.data, true);
	roundtrip(s.data, false);
	buf_truncate(&s, 0);
	for (int i = 0; i < 100; i++)
		buf_adds(&s, "ë🎓");
	roundtrip(s.data, true);
	roundtrip(s.data, false);
	buf_free(&s);
}

static void test_rfc2047_cleaning(void **state)
{
	(void)state;
	/* controls become blanks, blanks collapse; nothing can start a new line */
	char *e = rfc2047_encode_text("a\r\nBcc: x@y.example\t\tb  c ");
	assert_null(strpbrk(e, "\r\n\t"));
	char *d = rfc2047_decode(e, 1000);
	assert_string_equal(d, "a Bcc: x@y.example b c");
	free(e);
	free(d);
	e = rfc2047_encode_phrase("IB\r\nBcc: x@y.example");
	assert_null(strpbrk(e, "\r\n\t\"<>,:;"));
	free(e);
	/* decode is bounded and stays UTF-8 */
	d = rfc2047_decode("=?utf-8?Q?=C3=B6=C3=B6=C3=B6?=", 5);
	assert_string_equal(d, "öö");
	free(d);
	d = rfc2047_decode("=?utf-8?Q?caf=E9?=", 100);
	assert_true(utf8_valid(d, strlen(d)));
	free(d);
	d = rfc2047_decode("=?x-unknown?Q?caf=E9?=", 100);
	assert_true(utf8_valid(d, strlen(d)));
	free(d);
	d = rfc2047_decode("Co\xf6rdinator", 100);
	assert_string_equal(d, "Coördinator");
	free(d);
	d = rfc2047_decode("=?iso-8859-1?Q?=93x=94?=", 100);
	assert_string_equal(d, "“x”");
	free(d);
}

/* Documents go out base64-encoded by base64_encode: byte for byte what libetpan wrote before (issue 12). */
static void test_base64_as_libetpan(void **state)
{
	char data[1200];

	(void)state;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)(i * 7919 + (i >> 3));
	for (size_t len = 0; len <= sizeof data; len += len < 300 ? 1 : 97) {
		MMAPString *s = mmap_string_new("");
		struct buf want = BUF_INIT, got = BUF_INIT;
		int col = 0;
		assert_int_equal(mailmime_base64_write_mem(s, &col, data, len), MAILIMF_NO_ERROR);
		for (size_t k = 0; k < s->len; k++)
			if (s->str[k] != '\r')
				buf_addc(&want, s->str[k]);
		buf_adds(&got, "x");
		base64_encode(&got, data, len);
		assert_string_equal(got.data + 1, want.data);
		mmap_string_free(s);
		buf_free(&want);
		buf_free(&got);
	}
}

/*
 * Queued without the documents stored in the database (issue 12), a mail is
 * whole again, byte for byte, when each is base64-encoded in at the offset
 * its line gives: src/queued.c does so as the mail goes out.
 */
static void test_kept_without_stored(void **state)
{
	static const char sha[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	char doc[5000];
	struct mail_out m = sample();
	struct buf whole = BUF_INIT, kept = BUF_INIT, places = BUF_INIT, back = BUF_INIT;
	size_t off, len, at = 0;
	char got[65];

	(void)state;
	for (size_t i = 0; i < sizeof doc; i++)
		doc[i] = (char)(i * 31 + (i >> 5));
	struct attachment_out att[3] = {
		{ "verslag.pdf", "application/pdf", doc, sizeof doc, sha },
		{ "aanvraag.xml", "application/xml", xml, sizeof xml - 1, NULL },
		{ "plan.pdf", "application/pdf", doc, 100, sha },
	};
	m.att = att;
	m.n_att = 3;
	struct composed *c = compose_plan(&m);
	assert_non_null(c);
	assert_int_equal(composed_write(c, buf_sink, &whole), 0);
	size_t n = composed_kept(c, &places);
	assert_int_equal(composed_write_kept(c, buf_sink, &kept), 0);
	assert_int_equal(kept.len, n);
	assert_true(kept.len + 4 * (sizeof doc + 100) / 3 <= whole.len);   /* neither document is in it */
	const char *line = places.data;
	for (int k = 0; k < 2; k++) {
		assert_int_equal(sscanf(line, "%zu %zu %64s", &off, &len, got), 3);
		assert_string_equal(got, sha);
		assert_int_equal(len, k == 0 ? sizeof doc : 100);
		buf_add(&back, kept.data + at, off - at);
		base64_encode(&back, doc, len);
		at = off;
		line = strchr(line, '\n') + 1;
	}
	assert_int_equal(*line, '\0');
	buf_add(&back, kept.data + at, kept.len - at);
	assert_int_equal(back.len, whole.len);
	assert_memory_equal(back.data, whole.data, whole.len);
	assert_int_equal(composed_size(c), whole.len);
	composed_free(c);
	buf_free(&whole);
	buf_free(&kept);
	buf_free(&places);
	buf_free(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_mailparse),
		cmocka_unit_test(test_names_roundtrip_mailparse),
		cmocka_unit_test(test_python_reads_it),
		cmocka_unit_test(test_python_names_and_subjects),
		cmocka_unit_test(test_long_subject),
		cmocka_unit_test(test_attachment_names),
		cmocka_unit_test(test_long_attachment_names),
		cmocka_unit_test(test_html_alternative),
		cmocka_unit_test(test_no_html_unchanged),
		cmocka_unit_test(test_html_with_documents),
		cmocka_unit_test(test_risky_line_starts),
		cmocka_unit_test(test_header_injection),
		cmocka_unit_test(test_refuses_bad_addresses_and_ids),
		cmocka_unit_test(test_unpredictable_identifiers),
		cmocka_unit_test(test_rfc2047_roundtrips),
		cmocka_unit_test(test_rfc2047_cleaning),
		cmocka_unit_test(test_base64_as_libetpan),
		cmocka_unit_test(test_kept_without_stored),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
