/* compose.c: builds outgoing mail with libetpan, with our own encoder, ids and boundaries. */
#include <libetpan/libetpan.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/random.h>

#include "address.h"
#include "bounds.h"
#include "compose.h"
#include "composed.h"
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

/*
 * Random bytes from the kernel, 256 at a time: a scan asks for 12 about five
 * times per message. Only this process composes mail (its sandbox child, a
 * fork, never does), so no two processes hand out the same bytes.
 */
static void random_bytes(unsigned char *out, size_t n)
{
	static unsigned char pool[256];
	static size_t left;

	if (n > left) {
		if (getrandom(pool, sizeof pool, 0) != (ssize_t)sizeof pool)
			die(EXIT_TEMPFAIL, "getrandom failed");
		left = sizeof pool;
	}
	memcpy(out, pool + sizeof pool - left, n);
	memset(pool + sizeof pool - left, 0, n);
	left -= n;
}

char *compose_random_hex(size_t bytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[64];
	char *out;

	if (bytes > sizeof raw)
		bytes = sizeof raw;
	random_bytes(raw, bytes);
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

/* Text for the body: no CR, no blanks at a line end (they are lost in transport; README, Hostile mail). */
static char *body_text(const char *s)
{
	size_t n = strlen(s), len = 0;
	char *out = xmalloc(n + 1);

	for (const char *p = s; *p; p++) {
		if (*p == '\n')
			while (len && (out[len - 1] == ' ' || out[len - 1] == '\t'))
				len--;
		if (*p != '\r')
			out[len++] = *p;
	}
	/* The last line too. */
	while (len && (out[len - 1] == ' ' || out[len - 1] == '\t'))
		len--;
	out[len] = '\0';
	return out;
}

/*
 * The body is written here, on libetpan's quoted-printable and base64
 * encoders: libetpan's part writer puts every parameter value in quotes,
 * which RFC 2231 forbids for "filename*=" (Python reports a defect), and
 * cannot fold a long one. Everything is built with CRLF, as libetpan
 * writes, and made LF at the end.
 */
static void put(MMAPString *s, const char *text)
{
	need(mmap_string_append(s, text));
}

static void putf(MMAPString *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(MMAPString *s, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	put(s, buf_str(&b));
	buf_free(&b);
}

/* Our boundary: 96 random bits after "=_", which cannot occur in QP or base64. */
static char *new_boundary(void)
{
	char *rnd = compose_random_hex(12), *b = xasprintf("=_%s", rnd);

	free(rnd);
	return b;
}

/*
 * A line that must not start as written: "From " (mbox mangles it), "."
 * (SMTP), and "Content-" (mailparse's pre-scan counts Content-Type lines
 * anywhere in a message, so a passed-on text that lists many would make our
 * own mail, forwarded back, unreadable): its first character is encoded.
 */
static bool risky_line_start(const char *p)
{
	return str_starts_with(p, "From ") || *p == '.' || !strncasecmp(p, "content-", 8);
}

static inline bool qp_needs_encoding(const char *p, bool line_start)
{
	unsigned char c = (unsigned char)*p;

	/* Most characters of a letter: printable, not '=', in the middle of a line. */
	if (c > ' ' && c <= 0x7e && c != '=' && !line_start)
		return false;
	if (c == ' ' || c == '\t')
		return p[1] == '\n' || p[1] == '\0';   /* blanks at a line end are lost in transport */
	return c == '=' || c < 0x20 || c > 0x7e || (line_start && risky_line_start(p));
}

/*
 * Quoted-printable (RFC 2045 §6.7) of text with LF line ends: CRLF lines of
 * at most 76 characters. Encoded into one block and appended once: a letter
 * is a few thousand characters, appended one by one they cost a scan a
 * tenth of its time.
 */
static void put_qp(MMAPString *s, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(text), col = 0, len = 0;
	char *out = xmalloc(4 * n + 1);   /* at worst "=XX" per byte plus a soft break per 25 */

	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			out[len++] = '\r';
			out[len++] = '\n';
			col = 0;
			continue;
		}
		bool enc = qp_needs_encoding(p, col == 0);
		if (col + (enc ? 3 : 1) > 75) {
			memcpy(out + len, "=\r\n", 3);   /* a soft line break */
			len += 3;
			col = 0;
			enc = qp_needs_encoding(p, true);
		}
		if (enc) {
			unsigned char c = (unsigned char)*p;
			out[len++] = '=';
			out[len++] = hex[c >> 4];
			out[len++] = hex[c & 15];
		} else {
			out[len++] = *p;
		}
		col += enc ? 3 : 1;
	}
	need(mmap_string_append_len(s, out, len));
	free(out);
}

/* A text part (plain or html): UTF-8, quoted-printable, lines of at most 76. */
static void text_part(MMAPString *s, const char *subtype, const char *utf8)
{
	char *text = body_text(utf8);

	putf(s, "Content-Type: text/%s; charset=\"utf-8\"\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n", subtype);
	put_qp(s, text);
	free(text);
}

/* A Unicode code point that must not be in a file name: controls, line separators, direction overrides ("rapport\u202Efdp.exe"). */
static bool unsafe_code_point(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

static unsigned long code_point(const unsigned char *p, size_t clen)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned long cp = p[0] & lead_mask[clen];

	for (size_t i = 1; i < clen; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	return cp;
}

/* Appends s[0..n) to out as file name characters: valid UTF-8 kept, anything unsafe '_'. */
static void filename_chars(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t clen = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (clen > n - i || !utf8_valid(s + i, clen)) {
			buf_addc(out, '_');   /* a broken byte */
			i++;
			continue;
		}
		if (unsafe_code_point(code_point((const unsigned char *)s + i, clen)) ||
		    (clen == 1 && strchr("<>:\"/\\|?*", c)))
			buf_addc(out, '_');
		else
			buf_add(out, s + i, clen);
		i += clen;
	}
}

/*
 * A file name that keeps its characters (item 7 of issue 10: "één", "ß",
 * "Ş") and is safe everywhere: the base name only, no controls or direction
 * overrides, none of Windows' reserved <>:"/\|?*, never hidden, never
 * ending in a dot or blank, at most BOUND_FILENAME bytes with its extension
 * kept, never empty.
 */
static char *safe_filename(const char *name)
{
	struct buf stem = BUF_INIT, ext = BUF_INIT;
	const char *base = name, *dot;

	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (*base == '.' || *base == ' ')
		base++;
	dot = strrchr(base, '.');
	if (dot && strlen(dot) > 16)
		dot = NULL;
	size_t stem_len = dot ? (size_t)(dot - base) : strlen(base);
	filename_chars(&stem, base, stem_len < 4 * BOUND_FILENAME ? stem_len : 4 * BOUND_FILENAME);
	if (dot)
		filename_chars(&ext, dot, strlen(dot));
	buf_truncate(&stem, utf8_prefix_len(buf_str(&stem), stem.len, BOUND_FILENAME - ext.len));
	buf_adds(&stem, buf_str(&ext));
	buf_free(&ext);
	while (stem.len && (stem.data[stem.len - 1] == ' ' || stem.data[stem.len - 1] == '.'))
		buf_truncate(&stem, stem.len - 1);
	if (stem.len == 0)
		buf_adds(&stem, "bijlage");
	return buf_detach(&stem);
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
 * handed a message/ or multipart/ type, a mail client reads the document's
 * bytes as a message or as parts (libetpan did, and a forwarded mail
 * crashed it). Those, and anything that is not a plain "type/subtype" of at
 * most 60 characters, go out as bytes.
 */
static const char *outgoing_type(const char *type)
{
	static const char *const discrete[] = {
		"text", "image", "audio", "video", "application", "font", "model",
	};
	const char *slash = strchr(type, '/');

	if (!slash || strlen(type) > 60 || !is_token(type, (size_t)(slash - type)) ||
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

/* A name that can go as a plain quoted parameter: printable ASCII, short. */
static bool plain_param(const char *name)
{
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f || *p == '"' || *p == '\\')
			return false;
	return strlen(name) <= 50;
}

#define RFC2231_SECTION 56   /* characters of a value on one continuation line */

static bool attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("!#$&+-.^_`|~", c);
}

/*
 * "; filename*=utf-8''..." as RFC 2231 writes a UTF-8 value, split into
 * numbered sections of whole characters (Python decodes each section on its
 * own), one a line.
 */
static void rfc2231_param(MMAPString *s, const char *param, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf sec = BUF_INIT;
	size_t n = strlen(value), k = 0;

	buf_adds(&sec, "utf-8''");
	for (size_t i = 0; i < n;) {
		size_t clen = 1, need = 0;
		while (i + clen < n && ((unsigned char)value[i + clen] & 0xc0) == 0x80)
			clen++;
		for (size_t j = 0; j < clen; j++)
			need += attr_char((unsigned char)value[i + j]) ? 1 : 3;
		if (sec.len + need > RFC2231_SECTION && sec.len > 0) {
			putf(s, ";\r\n %s*%zu*=%s", param, k++, buf_str(&sec));
			buf_truncate(&sec, 0);
		}
		for (size_t j = 0; j < clen; j++) {
			unsigned char c = (unsigned char)value[i + j];
			if (attr_char(c))
				buf_addc(&sec, (char)c);
			else
				buf_addf(&sec, "%%%c%c", hex[c >> 4], hex[c & 15]);
		}
		i += clen;
	}
	if (k == 0)
		putf(s, ";\r\n %s*=%s", param, buf_str(&sec));
	else
		putf(s, ";\r\n %s*%zu*=%s", param, k, buf_str(&sec));
	buf_free(&sec);
}

/* "; name=..." for Content-Type: RFC 2047 words in quotes, which Outlook reads; one word a line. */
static void rfc2047_param(MMAPString *s, const char *param, const char *value)
{
	char *words = rfc2047_encode_words(value);

	putf(s, ";\r\n %s=\"", param);
	for (const char *w = words; *w;) {
		size_t n = strcspn(w, " ");
		need(mmap_string_append_len(s, w, n));
		w += n;
		if (*w == ' ') {
			put(s, "\r\n ");
			w++;
		}
	}
	put(s, "\"");
	free(words);
}

/*
 * A mail is staged in s, a little at a time, and moved into the plan (LF
 * line ends) before each document, which the plan keeps as a reference:
 * its base64 is made only as the mail is written (composed.c).
 */
struct composer {
	MMAPString *s;
	struct composed *plan;
};

static void flush(struct composer *c)
{
	composed_add_text(c->plan, c->s->str, c->s->len);
	need(mmap_string_truncate(c->s, 0));
}

/*
 * A document: its type with name= (RFC 2047 words when needed), base64, and
 * Content-Disposition: attachment with filename= (RFC 2231 when needed), as
 * Thunderbird, Gmail and Outlook write and read them.
 */
static void attachment_part(struct composer *c, const struct mail_out *m, size_t i)
{
	const struct attachment_out *a = &m->att[i];
	MMAPString *s = c->s;
	char *name = outgoing_filename(a);
	bool plain = plain_param(name);

	putf(s, "Content-Type: %s", outgoing_type(a->content_type));
	if (plain)
		putf(s, "; name=\"%s\"", name);
	else
		rfc2047_param(s, "name", name);
	put(s, "\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment");
	if (plain)
		putf(s, "; filename=\"%s\"", name);
	else
		rfc2231_param(s, "filename", name);
	put(s, "\r\n\r\n");
	flush(c);
	composed_add_document(c->plan, a, i, m->read, m->read_arg);
	free(name);
}

static void multipart_start(MMAPString *s, const char *subtype, const char *boundary)
{
	putf(s, "Content-Type: multipart/%s; boundary=\"%s\"\r\n\r\n--%s\r\n", subtype, boundary,
	     boundary);
}

static void multipart_next(MMAPString *s, const char *boundary)
{
	putf(s, "\r\n--%s\r\n", boundary);
}

static void multipart_end(MMAPString *s, const char *boundary)
{
	putf(s, "\r\n--%s--\r\n", boundary);
}

/* The text, or with html the text and html as multipart/alternative (text first: the fallback). */
static void readable_part(MMAPString *s, const struct mail_out *m)
{
	char *b;

	if (!m->html) {
		text_part(s, "plain", m->body);
		return;
	}
	b = new_boundary();
	multipart_start(s, "alternative", b);
	text_part(s, "plain", m->body);
	multipart_next(s, b);
	text_part(s, "html", m->html);
	multipart_end(s, b);
	free(b);
}

/* The body: the readable part alone, or multipart/mixed with the documents after it. */
static void body_part(struct composer *c, const struct mail_out *m)
{
	char *b;

	if (m->n_att == 0) {
		readable_part(c->s, m);
		return;
	}
	b = new_boundary();
	multipart_start(c->s, "mixed", b);
	readable_part(c->s, m);
	for (size_t i = 0; i < m->n_att; i++) {
		multipart_next(c->s, b);
		attachment_part(c, m, i);
	}
	multipart_end(c->s, b);
	free(b);
}

struct composed *compose_plan(const struct mail_out *m)
{
	struct mailimf_fields *f;
	struct composer c;
	int col = 0;

	if (!addr_valid(m->from_addr) || !addr_valid(m->to_addr) || !addr_valid(m->reply_to) ||
	    !compose_id_ok(m->message_id))
		return NULL;
	c.s = need(mmap_string_new(""));
	c.plan = composed_new();
	f = headers(m);
	need_ok(mailimf_fields_write_mem(c.s, &col, f));
	mailimf_fields_free(f);
	put(c.s, "MIME-Version: 1.0\r\n");
	body_part(&c, m);
	flush(&c);
	mmap_string_free(c.s);
	return c.plan;
}

int compose_mail(const struct mail_out *m, struct buf *out)
{
	struct composed *plan = compose_plan(m);

	if (!plan)
		return -1;
	buf_grow(out, composed_size(plan));
	int rc = composed_write(plan, buf_sink, out);
	composed_free(plan);
	return rc ? -1 : 0;
}
