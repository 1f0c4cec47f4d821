/* html.c: HTML mail bodies as plain text, with quoted mail marked by "> ". */
#include <strings.h>

#include "html.h"
#include "utf8.h"
#include "util.h"

#define QUOTE_LEVEL_MAX  16    /* "> " written at most per line, however deep */
#define QUOTE_DIVS_MAX   32    /* quoting <div>s tracked; deeper ones do not quote */
#define LIST_INDENT_MAX  4     /* nested list levels that indent */
#define TAG_NAME_MAX     16
#define ENTITY_NAME_MAX  10

/* One pass over the HTML; every depth is a counter, never recursion. */
struct scan {
	const char *s;
	size_t n;
	size_t i;
	struct buf out;
	struct buf tmp;
	size_t limit;           /* output bound: twice the input */
	bool full;
	size_t line_start;      /* offset in out of the current line */
	size_t body_start;      /* ... and of its text after the "> " prefix */
	bool line_open;         /* the current line's prefix is written */
	bool space;             /* collapsed whitespace waits for the next text */
	bool blank;             /* the last line written was blank */
	bool sticky;            /* Outlook's quote marker seen: the rest is quoted */
	bool head_done;
	size_t divs, quotes, lists, pres;
	size_t qdiv[QUOTE_DIVS_MAX];    /* div depth at which each quoting div opened */
	size_t nqdiv;
};

struct tag {
	char name[TAG_NAME_MAX + 1];
	bool end;
	bool quote_class;       /* class of a quote container (Gmail, Thunderbird, Yahoo) */
	bool quote_id;          /* id of Outlook's marker before the quoted message */
};

static const char *const block_tags[] = {
	"address", "article", "aside", "body", "caption", "center", "dd", "details",
	"dialog", "dir", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
	"form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend",
	"main", "menu", "nav", "p", "section", "summary", "table", "tbody", "tfoot",
	"thead", "tr",
};

/* HTML 4 names of U+00A0..U+00FF. */
static const char *const latin1_names[96] = {
	"nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
	"uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
	"deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
	"cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
	"Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
	"Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
	"ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
	"Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
	"agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
	"egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
	"eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
	"oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
};

static const struct {
	const char *name;
	uint16_t cp;
} other_names[] = {
	{ "quot", 0x22 }, { "amp", 0x26 }, { "apos", 0x27 }, { "lt", 0x3c },
	{ "gt", 0x3e }, { "OElig", 0x152 }, { "oelig", 0x153 }, { "Scaron", 0x160 },
	{ "scaron", 0x161 }, { "Yuml", 0x178 }, { "fnof", 0x192 }, { "circ", 0x2c6 },
	{ "tilde", 0x2dc }, { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	{ "zwnj", 0x200c }, { "zwj", 0x200d }, { "lrm", 0x200e }, { "rlm", 0x200f },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
	{ "sbquo", 0x201a }, { "ldquo", 0x201c }, { "rdquo", 0x201d }, { "bdquo", 0x201e },
	{ "dagger", 0x2020 }, { "Dagger", 0x2021 }, { "bull", 0x2022 }, { "hellip", 0x2026 },
	{ "permil", 0x2030 }, { "prime", 0x2032 }, { "lsaquo", 0x2039 }, { "rsaquo", 0x203a },
	{ "euro", 0x20ac }, { "trade", 0x2122 }, { "minus", 0x2212 },
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_name_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == ':' || c == '-' || c == '_';
}

/* Ends an attribute name or an unquoted value. */
static bool ends_attr(char c)
{
	return is_space(c) || c == '>' || c == '=' || c == '/';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when p[0..n) contains word, ignoring ASCII case. */
static bool span_has(const char *p, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t k = 0; k + w <= n; k++)
		if (!strncasecmp(p + k, word, w))
			return true;
	return false;
}

/* Appends unless that would pass the output bound; then the scan stops. */
static bool put(struct scan *sc, const char *p, size_t n)
{
	if (sc->full || n > sc->limit - sc->out.len) {
		sc->full = true;
		return false;
	}
	buf_add(&sc->out, p, n);
	return true;
}

static size_t quote_level(const struct scan *sc)
{
	size_t level = sc->quotes + sc->nqdiv + (sc->sticky ? 1 : 0);

	return level < QUOTE_LEVEL_MAX ? level : QUOTE_LEVEL_MAX;
}

static void begin_line(struct scan *sc)
{
	if (sc->line_open)
		return;
	sc->line_start = sc->out.len;
	for (size_t k = quote_level(sc); k > 0; k--)
		put(sc, "> ", 2);
	sc->body_start = sc->out.len;
	sc->line_open = true;
	sc->space = false;
}

/*
 * Ends the current line. A soft end (block element) writes nothing on an
 * empty line; a hard one (<br>) writes a blank line. Trailing blanks go, and
 * blank lines never follow each other or start the text.
 */
static void end_line(struct scan *sc, bool hard)
{
	if (!sc->line_open) {
		if (!hard)
			return;
		begin_line(sc);
	}
	size_t len = sc->out.len;
	while (len > sc->line_start && sc->out.data[len - 1] == ' ')
		len--;
	buf_truncate(&sc->out, len);
	bool blank = len <= sc->body_start;
	if (blank && (sc->blank || sc->line_start == 0))
		buf_truncate(&sc->out, sc->line_start);
	else if (put(sc, "\n", 1))
		sc->blank = blank;
	sc->line_open = false;
	sc->space = false;
}

static void put_text(struct scan *sc, const char *p, size_t n)
{
	begin_line(sc);
	if (sc->space && sc->out.len > sc->body_start && sc->out.data[sc->out.len - 1] != ' ')
		put(sc, " ", 1);
	sc->space = false;
	put(sc, p, n);
}

/* Whitespace in text: collapsed, except inside <pre>. */
static void put_space(struct scan *sc, char c)
{
	if (sc->pres == 0) {
		if (sc->line_open && sc->out.len > sc->body_start)
			sc->space = true;
	} else if (c == '\n') {
		end_line(sc, true);
	} else if (c != '\r') {
		put_text(sc, c == '\t' ? "\t" : " ", 1);
	}
}

static void put_codepoint(struct scan *sc, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp == 0xa0) {               /* a space that does not collapse */
		put_text(sc, " ", 1);
		return;
	}
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') {
		put_space(sc, (char)cp);
		return;
	}
	if (cp >= 0x80 && cp <= 0x9f) { /* as browsers do: windows-1252 */
		char c = (char)cp;
		buf_truncate(&sc->tmp, 0);
		utf8_from_cp1252(&c, 1, &sc->tmp);
		put_text(sc, sc->tmp.data, sc->tmp.len);
		return;
	}
	if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	put_text(sc, b, n);
}

/* Code point of a named entity, or 0 when the name is unknown. */
static uint32_t entity_lookup(const char *name, size_t n)
{
	for (size_t k = 0; k < ARRAY_SIZE(latin1_names); k++)
		if (strlen(latin1_names[k]) == n && memcmp(latin1_names[k], name, n) == 0)
			return 0xa0 + (uint32_t)k;
	for (size_t k = 0; k < ARRAY_SIZE(other_names); k++)
		if (strlen(other_names[k].name) == n && memcmp(other_names[k].name, name, n) == 0)
			return other_names[k].cp;
	return 0;
}

/* &#NNN; &#xHH; (";" optional, as browsers allow) and &name; at s[i] == '&'. */
static void scan_entity(struct scan *sc)
{
	const char *s = sc->s;
	size_t n = sc->n, j = sc->i + 1;

	if (j < n && s[j] == '#') {
		bool hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
		uint32_t cp = 0;
		size_t digits = 0;
		for (j += hex ? 2 : 1; j < n; j++, digits++) {
			char c = lower(s[j]);
			uint32_t d;
			if (is_digit(c))
				d = (uint32_t)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				d = (uint32_t)(c - 'a' + 10);
			else
				break;
			cp = cp * (hex ? 16 : 10) + d;
			if (cp > 0x110000)
				cp = 0x110000;
		}
		if (digits > 0) {
			sc->i = j < n && s[j] == ';' ? j + 1 : j;
			put_codepoint(sc, cp);
			return;
		}
	} else {
		size_t k = j;
		while (k < n && k - j < ENTITY_NAME_MAX && (is_alpha(s[k]) || is_digit(s[k])))
			k++;
		uint32_t cp = k < n && s[k] == ';' ? entity_lookup(s + j, k - j) : 0;
		if (cp) {
			sc->i = k + 1;
			put_codepoint(sc, cp);
			return;
		}
	}
	put_text(sc, "&", 1);           /* unknown: stays as written */
	sc->i++;
}

static void note_attr(struct tag *t, const char *name, size_t nlen, const char *v, size_t vlen)
{
	if (!v)
		return;
	if (nlen == 5 && !strncasecmp(name, "class", 5))
		t->quote_class = span_has(v, vlen, "gmail_quote") ||
				 span_has(v, vlen, "moz-cite-prefix") ||
				 span_has(v, vlen, "yahoo_quoted");
	else if (nlen == 2 && !strncasecmp(name, "id", 2))
		t->quote_id = span_has(v, vlen, "appendonsend") ||
			      span_has(v, vlen, "divRplyFwdMsg") ||
			      span_has(v, vlen, "mail-editor-reference-message-container");
}

/*
 * Reads the tag at s[i] == '<' (a letter or "/" follows); returns the offset
 * after its '>', or 0 when the input ends inside it (the tag is then dropped,
 * as browsers do). Quoted attribute values may hold '>'.
 */
static size_t scan_tag(const char *s, size_t n, size_t i, struct tag *t)
{
	size_t j = i + 1, k = 0;

	memset(t, 0, sizeof *t);
	if (s[j] == '/') {
		t->end = true;
		j++;
	}
	for (; j < n && is_name_char(s[j]); j++)
		if (k <= TAG_NAME_MAX)
			t->name[k++] = lower(s[j]);
	if (k > TAG_NAME_MAX)
		t->name[0] = '\0';      /* too long to be one we know */
	else
		t->name[k] = '\0';
	while (j < n) {
		char c = s[j];
		if (c == '>')
			return j + 1;
		if (is_space(c) || c == '/') {
			j++;
			continue;
		}
		size_t an = j;
		while (j < n && !ends_attr(s[j]))
			j++;
		size_t alen = j - an;
		while (j < n && is_space(s[j]))
			j++;
		const char *v = NULL;
		size_t vlen = 0;
		if (j < n && s[j] == '=') {
			for (j++; j < n && is_space(s[j]); j++)
				;
			if (j < n && (s[j] == '"' || s[j] == '\'')) {
				const char *q = memchr(s + j + 1, s[j], n - j - 1);
				v = s + j + 1;
				vlen = q ? (size_t)(q - v) : n - j - 1;
				j = q ? (size_t)(q - s) + 1 : n;
			} else {
				for (v = s + j; j < n && !is_space(s[j]) && s[j] != '>'; j++)
					;
				vlen = (size_t)(s + j - v);
			}
		}
		note_attr(t, s + an, alen, v, vlen);
	}
	return 0;
}

/* Offset of the first "<" + pat at or after from whose name ends there, else n. */
static size_t find_tag(const char *s, size_t n, size_t from, const char *pat)
{
	size_t pl = strlen(pat);

	while (from < n) {
		const char *lt = memchr(s + from, '<', n - from);
		if (!lt)
			return n;
		size_t at = (size_t)(lt - s);
		if (n - at - 1 >= pl && !strncasecmp(lt + 1, pat, pl) &&
		    (at + 1 + pl == n || !is_name_char(lt[1 + pl])))
			return at;
		from = at + 1;
	}
	return n;
}

/* <script>, <style>, <title>: their text is no markup and never shown. */
static void skip_raw(struct scan *sc, const char *name)
{
	char pat[TAG_NAME_MAX + 2] = "/";

	memcpy(pat + 1, name, strlen(name) + 1);
	sc->i = find_tag(sc->s, sc->n, sc->i, pat);
}

/* Once per document: <head> up to </head> or <body>; nothing when neither comes. */
static void skip_head(struct scan *sc)
{
	size_t end = find_tag(sc->s, sc->n, sc->i, "/head");
	size_t body = find_tag(sc->s, sc->n, sc->i, "body");

	sc->head_done = true;
	if (body < end)
		end = body;
	if (end < sc->n)
		sc->i = end;
}

static bool is_block(const char *name)
{
	for (size_t k = 0; k < ARRAY_SIZE(block_tags); k++)
		if (strcmp(name, block_tags[k]) == 0)
			return true;
	return false;
}

static void div_tag(struct scan *sc, const struct tag *t)
{
	end_line(sc, false);
	if (!t->end) {
		sc->divs++;
		if (t->quote_class && sc->nqdiv < QUOTE_DIVS_MAX)
			sc->qdiv[sc->nqdiv++] = sc->divs;
	} else if (sc->divs > 0) {
		if (sc->nqdiv > 0 && sc->qdiv[sc->nqdiv - 1] == sc->divs)
			sc->nqdiv--;
		sc->divs--;
	}
}

/* Opens or closes a counted element (blockquote, ul/ol, pre). */
static void count_tag(struct scan *sc, const struct tag *t, size_t *depth)
{
	end_line(sc, false);
	if (!t->end)
		(*depth)++;
	else if (*depth > 0)
		(*depth)--;
}

static void bullet(struct scan *sc)
{
	size_t indent = sc->lists > 1 ? sc->lists - 1 : 0;

	begin_line(sc);
	for (size_t k = 0; k < indent && k < LIST_INDENT_MAX; k++)
		put(sc, "  ", 2);
	put(sc, "- ", 2);
}

static void handle_tag(struct scan *sc, const struct tag *t)
{
	const char *nm = t->name;

	if (!t->end && t->quote_id && !sc->sticky) {
		end_line(sc, false);
		sc->sticky = true;
	}
	if (strcmp(nm, "br") == 0) {
		end_line(sc, true);
	} else if (strcmp(nm, "div") == 0) {
		div_tag(sc, t);
	} else if (strcmp(nm, "blockquote") == 0) {
		count_tag(sc, t, &sc->quotes);
	} else if (strcmp(nm, "ul") == 0 || strcmp(nm, "ol") == 0) {
		count_tag(sc, t, &sc->lists);
	} else if (strcmp(nm, "pre") == 0) {
		count_tag(sc, t, &sc->pres);
	} else if (strcmp(nm, "li") == 0) {
		end_line(sc, false);
		if (!t->end)
			bullet(sc);
	} else if (strcmp(nm, "td") == 0 || strcmp(nm, "th") == 0) {
		if (!t->end)
			put_space(sc, ' ');
	} else if (is_block(nm)) {
		end_line(sc, false);
	} else if (!t->end && (strcmp(nm, "script") == 0 || strcmp(nm, "style") == 0 ||
			       strcmp(nm, "title") == 0)) {
		skip_raw(sc, nm);
	} else if (!t->end && strcmp(nm, "head") == 0 && !sc->head_done) {
		skip_head(sc);
	}
}

/* At s[i] == '<': a tag, a comment, a declaration, or a literal '<'. */
static void scan_markup(struct scan *sc)
{
	const char *s = sc->s;
	size_t n = sc->n, i = sc->i;
	char next = i + 1 < n ? s[i + 1] : '\0';

	if (next == '!' && n - i >= 4 && s[i + 2] == '-' && s[i + 3] == '-') {
		const char *end = memmem(s + i + 2, n - i - 2, "-->", 3);
		sc->i = end ? (size_t)(end - s) + 3 : n;
	} else if (next == '!' || next == '?') {
		const char *end = memchr(s + i, '>', n - i);
		sc->i = end ? (size_t)(end - s) + 1 : n;
	} else if (is_alpha(next) || (next == '/' && n - i > 2 && is_alpha(s[i + 2]))) {
		struct tag t;
		size_t after = scan_tag(s, n, i, &t);
		sc->i = after ? after : n;
		if (after)
			handle_tag(sc, &t);
	} else {
		put_text(sc, "<", 1);
		sc->i++;
	}
}

/* Length of the UTF-8 sequence at s when it is well formed, else 1. */
static size_t char_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0xc2 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 1;

	if (len > n)
		return 1;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 1;
	return len;
}

static void step(struct scan *sc)
{
	const unsigned char *s = (const unsigned char *)sc->s;
	size_t i = sc->i;
	unsigned char c = s[i];

	if (c == '<') {
		scan_markup(sc);
	} else if (c == '&') {
		scan_entity(sc);
	} else if (is_space((char)c)) {
		put_space(sc, (char)c);
		sc->i++;
	} else if (c < 0x20 || c == 0x7f) {
		sc->i++;                /* NUL and other controls: dropped */
	} else if (c == 0xc2 && i + 1 < sc->n && s[i + 1] == 0xa0) {
		put_text(sc, " ", 1);   /* U+00A0 as &nbsp; */
		sc->i += 2;
	} else {
		size_t len = char_len(s + i, sc->n - i);
		put_text(sc, sc->s + i, len);
		sc->i += len;
	}
}

/* Drops trailing lines that are blank or only quote marks. */
static void trim_end(struct buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == '\n') {
		size_t start = b->len - 1;
		while (start > 0 && b->data[start - 1] != '\n')
			start--;
		size_t k = start;
		while (k < b->len - 1 && (b->data[k] == '>' || b->data[k] == ' '))
			k++;
		if (k < b->len - 1)
			return;
		buf_truncate(b, start);
	}
}

char *html_to_text(const char *html, size_t len)
{
	struct scan sc;

	memset(&sc, 0, sizeof sc);
	sc.s = html;
	sc.n = html ? len : 0;
	sc.limit = sc.n <= SIZE_MAX / 4 ? 2 * sc.n : SIZE_MAX / 2;
	while (sc.i < sc.n && !sc.full)
		step(&sc);
	end_line(&sc, false);
	trim_end(&sc.out);
	buf_free(&sc.tmp);
	return buf_detach(&sc.out);
}
