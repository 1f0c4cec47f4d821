/* rfc2231.c: decodes parameter continuations and charsets (libetpan 1.9.4 has no decoder). */
#include <libetpan/libetpan.h>
#include <strings.h>

#include "rfc2231.h"
#include "utf8.h"
#include "util.h"

#define RFC2231_PIECES 64

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void percent_decode(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (s[0] == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			buf_addc(out, (char)(hexval(s[1]) * 16 + hexval(s[2])));
			s += 2;
		} else {
			buf_addc(out, *s);
		}
	}
}

/* Which piece a parameter name is: 0.. for "base*N", -2 for "base*", -1 when not ours. */
static int piece_index(const char *name, const char *base, int *encoded)
{
	size_t blen = strlen(base);
	unsigned long n;
	char digits[8];

	if (strncasecmp(name, base, blen) != 0 || name[blen] != '*')
		return -1;
	name += blen + 1;
	*encoded = 0;
	if (*name == '\0') {
		*encoded = 1;
		return -2;
	}
	size_t d = strspn(name, "0123456789");
	if (d == 0 || d >= sizeof digits)
		return -1;
	memcpy(digits, name, d);
	digits[d] = '\0';
	if (name[d] == '*' && name[d + 1] == '\0')
		*encoded = 1;
	else if (name[d] != '\0')
		return -1;
	if (!parse_uint(digits, 0, RFC2231_PIECES - 1, &n))
		return -1;
	return (int)n;
}

static char *to_utf8(const char *charset, const char *bytes, size_t len)
{
	char *out = NULL;

	if (charset && *charset && !str_eq_nocase(charset, "utf-8") &&
	    !str_eq_nocase(charset, "us-ascii")) {
		const char *from = str_eq_nocase(charset, "iso-8859-1") ? "windows-1252" : charset;
		if (charconv("utf-8", from, bytes, len, &out) != MAIL_CHARCONV_NO_ERROR) {
			free(out);
			out = NULL;
		}
	}
	if (!out)
		out = utf8_clean_text(bytes, len);
	return out;
}

char *rfc2231_value(const struct mime_param *params, size_t n, const char *base)
{
	const char *piece[RFC2231_PIECES] = { 0 };
	int encoded[RFC2231_PIECES] = { 0 };
	struct buf raw = BUF_INIT;
	char *charset = NULL, *out;
	int count = 0;

	for (size_t i = 0; i < n; i++) {
		int enc, k = piece_index(params[i].name, base, &enc);
		if (k == -1)
			continue;
		if (k == -2)
			k = 0;
		if (!piece[k])
			count++;
		piece[k] = params[i].value;
		encoded[k] = enc;
	}
	if (count == 0)
		return NULL;
	for (int k = 0; k < RFC2231_PIECES && piece[k]; k++) {
		const char *v = piece[k];
		if (k == 0 && encoded[0]) {
			const char *q1 = strchr(v, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
			if (q2) {
				charset = xstrndup(v, (size_t)(q1 - v));
				v = q2 + 1;
			}
		}
		if (encoded[k])
			percent_decode(&raw, v);
		else
			buf_adds(&raw, v);
	}
	out = to_utf8(charset, buf_str(&raw), raw.len);
	free(charset);
	buf_free(&raw);
	return out;
}
