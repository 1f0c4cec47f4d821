/* rfc2047.c: encoded words: decoded with libetpan, encoded here (libetpan has no encoder). */
#include <libetpan/libetpan.h>

#include "rfc2047.h"
#include "utf8.h"
#include "util.h"

/*
 * Encoded words in text are kept to 62 characters: libetpan folds longer
 * ones onto a line of their own, which Python reads with a leading space.
 * A run of encoded words in a display name is one word of up to 75 (RFC
 * 2047's limit) where it fits, because Python puts a space between adjacent
 * encoded words of a phrase.
 */
#define ENCODED_WORD_TEXT 62
#define ENCODED_WORD_MAX 75

char *rfc2047_clean(const char *s)
{
	struct buf out = BUF_INIT;
	bool blank = false;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == ' ') {
			blank = out.len > 0;
			continue;
		}
		if (blank)
			buf_addc(&out, ' ');
		blank = false;
		buf_addc(&out, (char)c);
	}
	return buf_detach(&out);
}

/* Decoded C1 controls are windows-1252 text mislabelled iso-8859-1 (Outlook). */
static char *fix_c1(const char *s)
{
	struct buf out = BUF_INIT;

	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i], d = (unsigned char)s[i + 1];
		if (c == 0xc2 && d >= 0x80 && d <= 0x9f) {
			char byte = (char)d;
			utf8_from_cp1252(&byte, 1, &out);
			i++;
		} else {
			buf_addc(&out, (char)c);
		}
	}
	return buf_detach(&out);
}

char *rfc2047_decode(const char *raw, size_t max)
{
	size_t len = strlen(raw), idx = 0;
	char *decoded = NULL, *fixed, *clean;
	const char *charset = utf8_valid(raw, len) ? "utf-8" : "windows-1252";

	/*
	 * Bound the work: an encoded word of one character ("=?utf-8?Q?=C3=B6?= ")
	 * is about ten times its decoding. Cut at a blank so that no encoded word
	 * is split and shown half-decoded.
	 */
	if (len > max * 12) {
		size_t cut = max * 12;
		while (cut > 0 && raw[cut] != ' ' && raw[cut] != '\t' && raw[cut] != '\n')
			cut--;
		len = cut ? cut : max * 12;
	}
	if (mailmime_encoded_phrase_parse(charset, raw, len, &idx, "utf-8", &decoded) !=
	    MAILIMF_NO_ERROR || !decoded) {
		free(decoded);
		decoded = utf8_clean_text(raw, len);
	}
	fixed = fix_c1(decoded);
	free(decoded);
	if (!utf8_valid(fixed, strlen(fixed))) {
		char *again = utf8_clean_text(fixed, strlen(fixed));
		free(fixed);
		fixed = again;
	}
	clean = rfc2047_clean(fixed);
	free(fixed);
	clean[utf8_prefix_len(clean, strlen(clean), max)] = '\0';
	return clean;
}

static bool qp_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
}

static size_t encoded_len(unsigned char c)
{
	return qp_safe(c) || c == ' ' ? 1 : 3;
}

/* Appends s[0..n) as one or more encoded words. */
static void encode_words(struct buf *out, const char *s, size_t n, size_t max)
{
	static const char hex[] = "0123456789ABCDEF";
	const size_t overhead = strlen("=?UTF-8?Q?") + strlen("?=");
	size_t i = 0;

	while (i < n) {
		size_t used = overhead;
		if (out->len && out->data[out->len - 1] != ' ')
			buf_addc(out, ' ');
		buf_adds(out, "=?UTF-8?Q?");
		while (i < n) {
			/* Keep a whole character in one word. */
			size_t clen = 1, need = 0;
			while (i + clen < n && ((unsigned char)s[i + clen] & 0xc0) == 0x80)
				clen++;
			for (size_t k = 0; k < clen; k++)
				need += encoded_len((unsigned char)s[i + k]);
			if (used + need > max && used > overhead)
				break;
			for (size_t k = 0; k < clen; k++) {
				unsigned char c = (unsigned char)s[i + k];
				if (c == ' ')
					buf_addc(out, '_');
				else if (qp_safe(c))
					buf_addc(out, (char)c);
				else
					buf_addf(out, "=%c%c", hex[c >> 4], hex[c & 15]);
			}
			used += need;
			i += clen;
		}
		buf_adds(out, "?=");
	}
}

static bool word_needs_encoding(const char *w, size_t n, bool phrase)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c >= 0x80 || c < 0x20)
			return true;
		if (phrase && !qp_safe(c) && !strchr("#$%&'=?^_`{|}~", c))
			return true;
		if (i + 1 < n && c == '=' && w[i + 1] == '?')
			return true;   /* would look like an encoded word */
	}
	return false;
}

/*
 * Word by word: plain words stay plain and a run of words that need encoding
 * becomes encoded words, blanks included. Adjacent encoded words only appear
 * when a run is too long for one: RFC 2047 readers drop the blank between
 * them, but Python's email package keeps it inside a display name, so a
 * long name like "Coördinator SO-loket Samenwerkingsverband ..." is not
 * encoded whole (it came out as "Pas send" there).
 */
static char *encode(const char *utf8, bool phrase)
{
	const size_t overhead = strlen("=?UTF-8?Q?") + strlen("?=");
	char *clean = rfc2047_clean(utf8);
	struct buf out = BUF_INIT;
	const char *p = clean;

	while (*p) {
		size_t wlen = strcspn(p, " ");
		if (!word_needs_encoding(p, wlen, phrase)) {
			if (out.len)
				buf_addc(&out, ' ');
			buf_add(&out, p, wlen);
			p += wlen;
		} else {
			const char *start = p, *end = p + wlen;
			while (*end == ' ') {
				size_t next = strcspn(end + 1, " ");
				if (!next || !word_needs_encoding(end + 1, next, phrase))
					break;
				end += 1 + next;
			}
			size_t need = overhead;
			for (const char *c = start; c < end; c++)
				need += encoded_len((unsigned char)*c);
			/* In a phrase one word of up to 75 avoids adjacent words (see above). */
			encode_words(&out, start, (size_t)(end - start),
				     phrase && need <= ENCODED_WORD_MAX ? ENCODED_WORD_MAX
									 : ENCODED_WORD_TEXT);
			p = end;
		}
		while (*p == ' ')
			p++;
	}
	free(clean);
	return buf_detach(&out);
}

char *rfc2047_encode_phrase(const char *utf8)
{
	return encode(utf8, true);
}

char *rfc2047_encode_text(const char *utf8)
{
	return encode(utf8, false);
}

char *rfc2047_encode_words(const char *utf8)
{
	char *clean = rfc2047_clean(utf8);
	struct buf out = BUF_INIT;

	encode_words(&out, clean, strlen(clean), ENCODED_WORD_TEXT);
	free(clean);
	return buf_detach(&out);
}
