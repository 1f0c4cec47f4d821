/* quote.c: a reply cut above its quoted message, signature and phone footer. */
#include <strings.h>

#include "quote.h"
#include "util.h"

#define ATTRIBUTION_LINES 4     /* an attribution line and at most 3 it wraps onto */
#define ATTRIBUTION_MAX   400   /* bytes of an attribution, its lines joined */
#define DATE_MAX          60    /* bytes of "za 11 apr. 2020 om 14:43" and the like */
#define FOOTER_MAX        120   /* bytes of a phone footer line */
#define UNDERSCORES_MIN   20

struct line {
	const char *p;
	size_t n;
};

/* Outlook's header block; two of these in a row start the quoted message. */
static const char *const header_names[] = {
	"van", "from", "verzonden", "sent", "datum", "date", "aan", "to", "cc", "bcc",
	"onderwerp", "subject", "von", "gesendet", "an", "betreff",
};

/* Lines between two dashed runs that start a quoted or forwarded message. */
static const char *const separators[] = {
	"oorspronkelijk bericht", "original message", "doorgestuurd bericht",
	"forwarded message", "ursprüngliche nachricht",
};

static const char *const footers[] = {
	"verzonden vanaf mijn", "verstuurd vanaf mijn", "verzonden vanaf outlook",
	"verstuurd vanaf outlook", "verzonden met ", "sent from my", "sent from outlook",
	"get outlook for",
};

/* A closing greeting: the signature starts at its line (or, after a sentence, within one). */
static const char *const closings[] = {
	"met vriendelijke groet", "met een vriendelijke groet", "vriendelijke groet", "met hartelijke groet",
	"hartelijke groet", "met groet", "groeten", "groetjes", "groet", "mvg", "m.v.g", "vr.gr",
	"vr. gr", "gr.", "gr,", "liefs", "kind regards", "best regards", "warm regards", "regards",
	"with kind regards", "met collegiale groet", "collegiale groet", "hoogachtend",
};

/* The first words of a disclaimer paragraph, or of what a mail client puts for a logo. */
static const char *const disclaimers[] = {
	"dit e-mailbericht", "dit emailbericht", "dit bericht is uitsluitend", "deze e-mail is",
	"deze e-mail en", "de informatie in dit e-mail", "de informatie verzonden met dit",
	"de inhoud van dit bericht", "disclaimer", "this e-mail", "this email", "this message",
	"the information contained", "[cid:", "please consider the environment",
	"denk aan het milieu",
};

/* Contact lines of a signature block. */
static const char *const contacts[] = {
	"t:", "t.", "tel", "telefoon", "m:", "m.", "mob", "mobiel", "e:", "e-mail:", "email:", "mail:",
	"w:", "web:", "www.", "http://", "https://", "aanwezig op", "werkdagen", "bereikbaar op",
	"bezoekadres", "postadres", "linkedin",
};

#define SIGNATURE_LINE_MAX 80   /* bytes of a name, function or organisation line */
#define CLOSING_LINE_MAX   60   /* bytes of a line holding a closing greeting */

static bool is_blank_char(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool starts_nocase(const char *p, size_t n, const char *prefix)
{
	size_t len = strlen(prefix);

	return n >= len && !strncasecmp(p, prefix, len);
}

static bool ends_nocase(const char *p, size_t n, const char *suffix)
{
	size_t len = strlen(suffix);

	return n >= len && !strncasecmp(p + n - len, suffix, len);
}

/* Offset of word in p[0..n), ignoring ASCII case; n when absent. */
static size_t find_nocase(const char *p, size_t n, const char *word)
{
	size_t len = strlen(word);

	for (size_t k = 0; k + len <= n; k++)
		if (!strncasecmp(p + k, word, len))
			return k;
	return n;
}

static bool is_nbsp(const char *p)
{
	return (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0;
}

/* The line without leading and trailing blanks (U+00A0 counts as one). */
static size_t trim(const struct line *l, const char **start)
{
	const char *p = l->p;
	size_t n = l->n;

	for (;;) {
		if (n && is_blank_char((unsigned char)*p)) {
			p++;
			n--;
		} else if (n >= 2 && is_nbsp(p)) {
			p += 2;
			n -= 2;
		} else {
			break;
		}
	}
	for (;;) {
		if (n && is_blank_char((unsigned char)p[n - 1]))
			n--;
		else if (n >= 2 && is_nbsp(p + n - 2))
			n -= 2;
		else
			break;
	}
	*start = p;
	return n;
}

static bool is_blank(const struct line *l)
{
	const char *p;

	return trim(l, &p) == 0;
}

static bool is_quoted(const struct line *l)
{
	const char *p;

	return trim(l, &p) > 0 && p[0] == '>';
}

/* "-----Oorspronkelijk bericht-----" or a run of 20 or more underscores. */
static bool is_separator(const struct line *l)
{
	const char *p;
	size_t n = trim(l, &p), k = 0;

	while (k < n && p[k] == '_')
		k++;
	if (k == n && n >= UNDERSCORES_MIN)
		return true;
	if (!starts_nocase(p, n, "---") || n > 100)
		return false;
	for (k = 0; k < ARRAY_SIZE(separators); k++)
		if (find_nocase(p, n, separators[k]) < n)
			return true;
	return false;
}

/* "Van: ...", "*Van:* ..." (Outlook's bold in plain text), "Onderwerp:" ... */
static bool is_header(const struct line *l)
{
	const char *p;
	size_t n = trim(l, &p), k = 0;

	if (k < n && p[k] == '*')
		k++;
	for (size_t h = 0; h < ARRAY_SIZE(header_names); h++) {
		size_t len = strlen(header_names[h]), e = k + len;
		if (!starts_nocase(p + k, n - k, header_names[h]))
			continue;
		if (e < n && p[e] == '*')
			e++;
		if (e < n && p[e] == ':')
			return true;
	}
	return false;
}

/* Characters of the date before an attribution's time (bytes >= 0x80 for "à", "März"). */
static bool is_date_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit((char)c) ||
	       c == ' ' || c == '.' || c == ',' || c == '-' || c == '/' || c >= 0x80;
}

/*
 * Length of a date and time at t ("za 11 apr. 2020 om 14:43", "12-01-2022
 * om 09:51", "Mon, Jan 10, 2027 at 10:12"): date characters up to a time
 * h:mm or h:mm:ss, within DATE_MAX bytes. 0 when t does not start so.
 */
static size_t date_time_len(const char *t, size_t m)
{
	for (size_t k = 0; k < m && k < DATE_MAX; k++) {
		if (t[k] == ':') {
			if (k == 0 || !is_digit(t[k - 1]) || k + 2 >= m ||
			    !is_digit(t[k + 1]) || !is_digit(t[k + 2]))
				return 0;
			k += 3;
			if (k + 2 < m && t[k] == ':' && is_digit(t[k + 1]) && is_digit(t[k + 2]))
				k += 3;
			return k;
		}
		if (!is_date_char((unsigned char)t[k]))
			return 0;
	}
	return 0;
}

static size_t skip_spaces(const char *t, size_t m, size_t k)
{
	while (k < m && t[k] == ' ')
		k++;
	return k;
}

/* True when word follows t[k..) after blanks and at most one short token ("Uhr", "+0200"). */
static bool word_follows(const char *t, size_t m, size_t k, const char *word)
{
	k = skip_spaces(t, m, k);
	if (starts_nocase(t + k, m - k, word))
		return true;
	size_t tok = k;
	while (k < m && t[k] != ' ' && k - tok < 8)
		k++;
	if (k == tok || (k < m && t[k] != ' '))
		return false;
	k = skip_spaces(t, m, k);
	return starts_nocase(t + k, m - k, word);
}

/* "NAAM schreef op wo 07-10-2020 om 14:08 [+0200]:" (Evolution). */
static bool is_evolution(const char *t, size_t m)
{
	size_t at = find_nocase(t, m, " schreef op ");

	if (at == 0 || at >= m || at > 200)
		return false;
	size_t k = at + strlen(" schreef op ");
	size_t e = date_time_len(t + k, m - k);
	if (!e)
		return false;
	k = skip_spaces(t, m, k + e);
	if (k < m && (t[k] == '[' || t[k] == '+' || t[k] == '-')) {
		size_t tok = k;
		while (k < m && t[k] != ':' && t[k] != ' ' && k - tok < 10)
			k++;
		k = skip_spaces(t, m, k);
	}
	return k + 1 == m && t[k] == ':';
}

/* An attribution line, its wrapped lines joined by spaces in t[0..m). */
static bool is_attribution(const char *t, size_t m)
{
	size_t e;

	if (m == 0 || t[m - 1] != ':')
		return is_evolution(t, m);
	if (starts_nocase(t, m, "Op ") && (e = date_time_len(t + 3, m - 3)) > 0) {
		if (word_follows(t, m, 3 + e, "schreef"))
			return true;
		return word_follows(t, m, 3 + e, "heeft ") &&
		       ends_nocase(t, m, "het volgende geschreven:");
	}
	if (starts_nocase(t, m, "On ") && date_time_len(t + 3, m - 3) > 0)
		return ends_nocase(t, m, " wrote:");
	if (starts_nocase(t, m, "Am ") && (e = date_time_len(t + 3, m - 3)) > 0)
		return word_follows(t, m, 3 + e, "schrieb");
	if (starts_nocase(t, m, "Le ") && date_time_len(t + 3, m - 3) > 0)
		return ends_nocase(t, m, " écrit :") || ends_nocase(t, m, " écrit:");
	return is_evolution(t, m);
}

/* A line an attribution can start with, before joining anything. */
static bool may_attribute(const char *p, size_t n)
{
	if (n > ATTRIBUTION_MAX)
		return false;
	return starts_nocase(p, n, "Op ") || starts_nocase(p, n, "On ") ||
	       starts_nocase(p, n, "Am ") || starts_nocase(p, n, "Le ") ||
	       find_nocase(p, n, " schreef op ") < n;
}

/* True when an attribution starts at line i, on it or wrapped over the next 3. */
static bool attribution_at(const struct line *l, size_t nl, size_t i)
{
	char t[ATTRIBUTION_MAX];
	size_t m = 0;
	const char *p;
	size_t n = trim(&l[i], &p);

	if (!may_attribute(p, n))
		return false;
	for (size_t k = i; k < nl && k < i + ATTRIBUTION_LINES; k++) {
		n = trim(&l[k], &p);
		if (n == 0 || (k > i && p[0] == '>') || m + 1 + n > sizeof t)
			return false;
		if (m)
			t[m++] = ' ';
		memcpy(t + m, p, n);
		m += n;
		if (is_attribution(t, m))
			return true;
	}
	return false;
}

/* "NAAM schreef:", "... <email> wrote:": a line leading into '>' quoted text. */
static bool leads_into_quote(const struct line *l)
{
	static const char *const words[] = {
		"schreef", "wrote", "geschreven", "schrieb", "écrit",
	};
	const char *p;
	size_t n = trim(l, &p);

	if (n > ATTRIBUTION_MAX || n == 0 || p[n - 1] != ':')
		return false;
	size_t end = n > 1 && p[n - 2] == ' ' ? n - 2 : n - 1;     /* before " :" */
	for (size_t k = 0; k < ARRAY_SIZE(words); k++) {
		if (ends_nocase(p, end, words[k]))
			return true;
		if (ends_nocase(p, n, ">:") && find_nocase(p, n, words[k]) < n)
			return true;
	}
	return false;
}

/* Index of the first line of the quoted message; nl when there is none. */
static size_t find_quote(const struct line *l, size_t nl)
{
	for (size_t i = 0; i < nl; i++) {
		if (is_quoted(&l[i])) {
			size_t j = i > 0 && is_blank(&l[i - 1]) ? i - 1 : i;
			return j > 0 && leads_into_quote(&l[j - 1]) ? j - 1 : i;
		}
		if (is_separator(&l[i]) || attribution_at(l, nl, i) ||
		    (i + 1 < nl && is_header(&l[i]) && is_header(&l[i + 1])))
			return i;
	}
	return nl;
}

static bool is_footer(const struct line *l)
{
	const char *p;
	size_t n = trim(l, &p);

	if (n > FOOTER_MAX)
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(footers); k++)
		if (starts_nocase(p, n, footers[k]))
			return true;
	return false;
}

/* "-- " or "--" (the signature separator), trailing blanks allowed. */
static bool is_signature(const struct line *l)
{
	size_t n = l->n;

	while (n > 2 && is_blank_char((unsigned char)l->p[n - 1]))
		n--;
	return n == 2 && l->p[0] == '-' && l->p[1] == '-';
}

static bool starts_with_any(const char *p, size_t n, const char *const *list, size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (starts_nocase(p, n, list[k]))
			return true;
	return false;
}

/* "Met vriendelijke groet,", "Groet, Trajectbegeleider Noord", "Mvg": the word ends there or at a blank or comma. */
static bool is_closing(const char *p, size_t n)
{
	if (n > CLOSING_LINE_MAX)
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(closings); k++) {
		size_t len = strlen(closings[k]);
		if (starts_nocase(p, n, closings[k]) &&
		    (len == n || strchr(" ,.!\t", p[len]) || closings[k][len - 1] == '.' ||
		     closings[k][len - 1] == ','))
			return true;
	}
	return false;
}

/* Where a closing greeting starts inside a line after a sentence ("Akkoord. Groet, Naam"); n when none. */
static size_t closing_inside(const char *p, size_t n)
{
	for (size_t k = 1; k + 1 < n; k++)
		if ((p[k - 1] == '.' || p[k - 1] == '!') && p[k] == ' ' &&
		    is_closing(p + k + 1, n - k - 1))
			return k;
	return n;
}

/* A telephone number alone: digits, blanks, '+', '-', '(', ')' and at least 10 digits (a date has 8). */
static bool is_phone(const char *p, size_t n)
{
	size_t digits = 0;

	for (size_t k = 0; k < n; k++) {
		if (is_digit(p[k]))
			digits++;
		else if (!strchr(" +-()./", p[k]))
			return false;
	}
	return digits >= 10;
}

static bool is_contact(const struct line *l)
{
	const char *p;
	size_t n = trim(l, &p);

	return n && n <= SIGNATURE_LINE_MAX &&
	       (starts_with_any(p, n, contacts, ARRAY_SIZE(contacts)) || is_phone(p, n));
}

/* A name, function or organisation line of a signature block: short, no sentence, no label. */
static bool is_signature_line(const struct line *l)
{
	const char *p;
	size_t n = trim(l, &p);

	return n && n <= SIGNATURE_LINE_MAX && !strchr(".?!:;", p[n - 1]) && !memchr(p, ':', n);
}

/* "Trajectbegeleider Noord", "IB De Linde", "BPO-er Twee De Brug": every word capitalised or a particle. */
static bool is_name_line(const struct line *l)
{
	static const char *const particles[] = { "van", "de", "der", "den", "het", "ten", "ter", "te", "op", "/" , "|", "&" };
	const char *p;
	size_t n = trim(l, &p), words = 0;

	if (!is_signature_line(l))
		return false;
	for (size_t k = 0; k < n;) {
		size_t w = 0;
		while (k + w < n && p[k + w] != ' ')
			w++;
		bool particle = false;
		for (size_t i = 0; i < ARRAY_SIZE(particles) && !particle; i++)
			particle = strlen(particles[i]) == w && !strncmp(p + k, particles[i], w);
		unsigned char c = (unsigned char)p[k];
		if (!particle && !(c >= 'A' && c <= 'Z') && c < 0xc3)
			return false;
		words++;
		k += w;
		while (k < n && p[k] == ' ')
			k++;
	}
	return words >= 1 && words <= 6;
}

/*
 * A signature block may be split by blank lines ("Naam / Functie", blank,
 * "School / T: ..."): from line k, the start of the name paragraphs above it.
 */
static size_t name_block_before(const struct line *l, size_t k)
{
	for (;;) {
		size_t end = k;
		while (end > 0 && is_blank(&l[end - 1]))
			end--;
		size_t start = end;
		while (start > 0 && !is_blank(&l[start - 1]))
			start--;
		if (end == k || start == end || end - start > 4 || !is_name_line(&l[start]))
			return k;
		for (size_t i = start; i < end; i++)
			if (!is_signature_line(&l[i]))
				return k;
		k = start;
	}
}

/*
 * Where the signature starts in lines [0, end): a closing greeting, a
 * disclaimer, a block of name and contact lines, or a last paragraph that
 * is only a name and its function. end when there is none.
 */
static size_t find_signature(const struct line *l, size_t end)
{
	size_t para = 0;   /* first line of the current paragraph */

	for (size_t i = 0; i < end; i++) {
		const char *p;
		size_t n = trim(&l[i], &p);
		if (n == 0) {
			para = i + 1;
			continue;
		}
		if (is_signature(&l[i]) || is_footer(&l[i]) || is_closing(p, n) ||
		    (i == para && starts_with_any(p, n, disclaimers, ARRAY_SIZE(disclaimers))))
			return i;
		if (is_contact(&l[i])) {
			size_t k = i;
			while (k > para && is_signature_line(&l[k - 1]))
				k--;
			return name_block_before(l, k);
		}
	}
	/* A last paragraph that is a name block: "Trajectbegeleider Noord / Stichting Noord". */
	size_t last = end;
	while (last > 0 && is_blank(&l[last - 1]))
		last--;
	size_t start = last;
	while (start > 0 && !is_blank(&l[start - 1]))
		start--;
	size_t before = start;
	while (before > 0 && is_blank(&l[before - 1]))
		before--;
	if (before > 0 && start < last && last - start <= 5 && is_name_line(&l[start])) {
		for (size_t i = start + 1; i < last; i++)
			if (!is_signature_line(&l[i]))
				return end;
		return start;
	}
	return end;
}

static size_t split_lines(const char *text, struct line **out)
{
	size_t nl = 1;

	for (const char *c = text; *c; c++)
		if (*c == '\n')
			nl++;
	struct line *l = xcalloc(nl, sizeof *l);
	size_t k = 0;
	const char *start = text;
	for (const char *c = text;; c++) {
		if (*c == '\n' || *c == '\0') {
			l[k].p = start;
			l[k].n = (size_t)(c - start);
			k++;
			start = c + 1;
			if (*c == '\0')
				break;
		}
	}
	*out = l;
	return nl;
}

char *quote_strip(const char *text)
{
	struct line *l;
	size_t nl = split_lines(text ? text : "", &l);
	size_t end = find_quote(l, nl), start = 0;
	struct buf out = BUF_INIT;

	end = find_signature(l, end);
	while (start < end && is_blank(&l[start]))
		start++;
	while (end > start && is_blank(&l[end - 1]))
		end--;
	for (size_t i = start; i < end; i++) {
		size_t n = closing_inside(l[i].p, l[i].n);
		if (i > start)
			buf_addc(&out, '\n');
		buf_add(&out, l[i].p, n);
		if (n < l[i].n)
			break;
	}
	free(l);
	return buf_detach(&out);
}

char *quote_rest(const char *text)
{
	struct line *l;
	size_t nl = split_lines(text ? text : "", &l);
	struct buf out = BUF_INIT;

	for (size_t i = find_quote(l, nl); i < nl; i++) {
		const char *p = l[i].p;
		size_t n = l[i].n;
		/* "> > text" and ">>text": every level of quoting, and one blank after it */
		for (;;) {
			size_t k = 0;
			while (k < n && (p[k] == ' ' || p[k] == '\t'))
				k++;
			if (k == n || p[k] != '>')
				break;
			p += k + 1;
			n -= k + 1;
			if (n && *p == ' ') {
				p++;
				n--;
			}
		}
		buf_add(&out, p, n);
		buf_addc(&out, '\n');
	}
	free(l);
	return buf_detach(&out);
}
