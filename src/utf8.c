/* utf8.c: UTF-8 validation, windows-1252 conversion and accent folding. */
#include "utf8.h"
#include "util.h"

bool utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* windows-1252 0x80..0x9f; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static void put_codepoint(struct buf *out, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		buf_add(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, b, 4);
	}
}

void utf8_from_cp1252(const char *str, size_t n, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c < 0x80)
			buf_addc(out, (char)c);
		else if (c < 0xa0)
			put_codepoint(out, cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xfffd);
		else
			put_codepoint(out, c);
	}
}

char *utf8_clean_text(const char *s, size_t n)
{
	struct buf raw = BUF_INIT, out = BUF_INIT;

	if (utf8_valid(s, n))
		buf_add(&raw, s, n);
	else
		utf8_from_cp1252(s, n, &raw);
	for (size_t i = 0; i < raw.len; i++) {
		unsigned char c = (unsigned char)raw.data[i];
		if (c == '\r') {
			if (i + 1 < raw.len && raw.data[i + 1] == '\n')
				continue;
			buf_addc(&out, '\n');
		} else if (c == '\n' || c == '\t' || c >= 0x20) {
			if (c == 0x7f)
				continue;
			buf_addc(&out, (char)c);
		}
	}
	buf_free(&raw);
	return buf_detach(&out);
}

/* Decodes one code point from valid-or-not UTF-8; advances *i. */
static uint32_t next_codepoint(const unsigned char *s, size_t n, size_t *i)
{
	unsigned char c = s[*i];
	size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1fu) : len == 3 ? (c & 0x0fu) : (c & 0x07u);

	if (len > n - *i || c < 0xc2 || c > 0xf4) {
		(*i)++;
		return c < 0x80 ? c : 0xfffd;
	}
	for (size_t k = 1; k < len; k++) {
		if ((s[*i + k] & 0xc0) != 0x80) {
			(*i)++;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3fu);
	}
	/* Overlong forms and surrogates are no characters: "\xe0\x80\xaf" is not '/'. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff)) {
		(*i)++;
		return 0xfffd;
	}
	*i += len;
	return cp;
}

/* Latin-1 Supplement and Latin Extended-A letters without their accents. */
static const char *fold_latin(uint32_t cp)
{
	static const char *const l1[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
	};
	/* Latin Extended-A (U+0100..U+017F) in runs of one base letter. */
	static const struct { uint16_t first, last; char letter[2]; } ext_a[] = {
		{ 0x100, 0x105, "a" }, { 0x106, 0x10d, "c" }, { 0x10e, 0x111, "d" },
		{ 0x112, 0x11b, "e" }, { 0x11c, 0x123, "g" }, { 0x124, 0x127, "h" },
		{ 0x128, 0x131, "i" }, { 0x134, 0x135, "j" }, { 0x136, 0x138, "k" },
		{ 0x139, 0x142, "l" }, { 0x143, 0x14b, "n" }, { 0x14c, 0x151, "o" },
		{ 0x154, 0x159, "r" }, { 0x15a, 0x161, "s" }, { 0x162, 0x167, "t" },
		{ 0x168, 0x173, "u" }, { 0x174, 0x175, "w" }, { 0x176, 0x178, "y" },
		{ 0x179, 0x17e, "z" }, { 0x17f, 0x17f, "s" },
	};

	if (cp >= 0xc0 && cp <= 0xff)
		return l1[cp - 0xc0];
	if (cp == 0x132 || cp == 0x133)
		return "ij";
	if (cp == 0x152 || cp == 0x153)
		return "oe";
	for (size_t k = 0; k < ARRAY_SIZE(ext_a); k++)
		if (cp >= ext_a[k].first && cp <= ext_a[k].last)
			return ext_a[k].letter;
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201a: case 0x2032: return "'";
	case 0x201c: case 0x201d: case 0x201e: case 0x2033: return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212: return "-";
	case 0x00a0: case 0x2007: case 0x202f: return " ";
	default: return NULL;
	}
}

char *utf8_fold(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0;
	struct buf out = BUF_INIT;

	while (i < n) {
		size_t start = i;
		uint32_t cp = next_codepoint(s, n, &i);
		const char *f;

		if (cp < 0x80) {
			char c = (char)cp;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			buf_addc(&out, c);
		} else if ((f = fold_latin(cp)) != NULL) {
			buf_adds(&out, f);
		} else if (cp != 0xfffd) {
			buf_add(&out, str + start, i - start);
		}
	}
	return buf_detach(&out);
}

size_t utf8_prefix_len(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t len = max;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

size_t utf8_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}
