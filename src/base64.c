/*
 * base64.c: base64 both ways, byte for byte as libetpan writes and reads it
 * (tests/unit/test_compose.c and test_mailparse.c compare them), without its
 * call per three bytes: a 30 KB document took a tenth of a scan's time in the
 * parsing child, and as much again composing the mails it went out with
 * (issue 12).
 */
#include "base64.h"
#include "util.h"

/* Each byte's value plus one; 0 for a byte outside the alphabet. */
static const unsigned char value1[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
	['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
	['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29,
	['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43,
	['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
	['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
};

bool base64_only(const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *lf = memchr(p + i, '\n', n - i);
		size_t end = lf ? (size_t)(lf - p) : n, text;
		/* Blanks, CR and NUL at a line's end are not looked at (as mailparse did with strchr). */
		for (text = end; text > i && (p[text - 1] == ' ' || p[text - 1] == '\t' ||
					      p[text - 1] == '\r' || p[text - 1] == '\0'); text--)
			;
		for (size_t k = i; k < text; k++)
			if (!value1[(unsigned char)p[k]] && p[k] != '=')
				return false;
		i = end + 1;
	}
	return true;
}

char *base64_decode(const char *p, size_t n, size_t *len)
{
	char *out = xmalloc(n / 4 * 3 + 3 + 1), *w = out;
	unsigned acc = 0, have = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned v = value1[(unsigned char)p[i]];
		if (!v)
			continue;
		acc = acc << 6 | (v - 1);
		if (++have == 4) {
			*w++ = (char)(acc >> 16);
			*w++ = (char)(acc >> 8);
			*w++ = (char)acc;
			acc = 0;
			have = 0;
		}
	}
	/* libetpan's ending: one value gives a byte too, three give two. */
	if (have == 1) {
		*w++ = (char)(acc << 2);
	} else if (have == 2) {
		*w++ = (char)(acc >> 4);
	} else if (have == 3) {
		*w++ = (char)(acc >> 10);
		*w++ = (char)(acc >> 2);
	}
	*w = '\0';
	*len = (size_t)(w - out);
	return out;
}

size_t base64_encoded_size(size_t len)
{
	size_t groups = (len + 2) / 3;

	return 4 * groups + (groups ? (groups - 1) / 19 : 0) + 1;
}

void base64_encode(struct buf *out, const char *data, size_t len)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)data;
	size_t i = 0, col = 0;
	char *w;

	buf_grow(out, base64_encoded_size(len));
	w = out->data + out->len;
	for (; i + 3 <= len; i += 3) {   /* whole groups: no padding to decide */
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		if (col == 76) {
			*w++ = '\n';
			col = 0;
		}
		w[0] = b64[v >> 18];
		w[1] = b64[(v >> 12) & 63];
		w[2] = b64[(v >> 6) & 63];
		w[3] = b64[v & 63];
		w += 4;
		col += 4;
	}
	if (i < len) {
		unsigned a = p[i], b = i + 1 < len ? p[i + 1] : 0;
		if (col == 76)
			*w++ = '\n';
		*w++ = b64[a >> 2];
		*w++ = b64[((a & 3) << 4) | (b >> 4)];
		*w++ = i + 1 < len ? b64[(b & 15) << 2] : '=';
		*w++ = '=';
	}
	*w++ = '\n';
	out->len = (size_t)(w - out->data);
	out->data[out->len] = '\0';
}
