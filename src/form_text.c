/* form_text.c: the request form as "Label: value" lines and [x] checkboxes. */
#include <limits.h>
#include <strings.h>

#include "bounds.h"
#include "form.h"
#include "form_text.h"
#include "utf8.h"
#include "util.h"

#define LABEL_SCAN   100   /* a label and its ':' or '?' stand within this many bytes */
#define MARK_MAX     4     /* bytes of a checkbox mark ("x", "✓") */
#define PARTICLE_MAX 6     /* words of a voorvoegsel ("van 't", "op de") */

/* Labels as matched: folded, '-' read as a blank, blanks collapsed, no '?'. */
static const struct {
	const char *key;
	enum form_field field;
} labels[] = {
	{ "niveau", FF_NIVEAU },
	{ "school", FF_SCHOOL },
	{ "schoolnaam", FF_SCHOOL },
	{ "brin", FF_BRIN },
	{ "brin code", FF_BRIN },
	{ "brincode", FF_BRIN },
	{ "brinnummer", FF_BRIN },
	{ "brin nummer", FF_BRIN },
	{ "bestuur", FF_BESTUUR },
	{ "schoolbestuur", FF_BESTUUR },
	{ "groep", FF_GROEP },
	{ "leerling", FF_LEERLING },
	{ "geboortedatum", FF_GEBOORTEDATUM },
	{ "intern begeleider", FF_IB },
	{ "interne begeleider", FF_IB },
	{ "ib", FF_IB },
	{ "ib er", FF_IB },
	{ "ib'er", FF_IB },
	{ "trajectbegeleider", FF_TB },
	{ "traject begeleider", FF_TB },
	{ "tb", FF_TB },
	{ "ouder", FF_OUDER },
	{ "ouders", FF_OUDER },
	{ "ouder/verzorger", FF_OUDER },
	{ "ouder / verzorger", FF_OUDER },
	{ "gewenst aantal uur", FF_UREN },
	{ "gewenst aantal uren", FF_UREN },
	{ "aantal uur", FF_UREN },
	{ "aantal uren", FF_UREN },
	{ "gewenste startdatum", FF_START },
	{ "startdatum", FF_START },
	{ "gewenste einddatum", FF_EIND },
	{ "einddatum", FF_EIND },
	{ "voorkeur so organisatie", FF_SO_ORG },
	{ "voorkeur begeleider", FF_VOORKEUR },
	{ "concrete ondersteuningsvraag", FF_VRAAG },
	{ "ondersteuningsvraag", FF_VRAAG },
	{ "welke maatregelen zijn genomen", FF_MAATREGELEN },
	{ "welke maatregelen zijn al genomen", FF_MAATREGELEN },
	{ "met welk resultaat", FF_RESULTAAT },
	{ "welke andere instanties zijn betrokken", FF_INSTANTIES },
	{ "ondersteuningsbehoeften", FF_BEHOEFTEN },
	{ "ondersteuningsbehoeften van de leerling", FF_BEHOEFTEN },
	{ "ondersteuningsbehoefte", FF_BEHOEFTEN },
	{ "toelichting voor ouders", FF_TOELICHTING_OUDERS },
	{ "toelichting voor de ouders", FF_TOELICHTING_OUDERS },
	{ "toelichting voor ouders/verzorgers", FF_TOELICHTING_OUDERS },
	{ "eerdere aanvraag", FF_EERDERE },
	{ "vorige aanvraag", FF_EERDERE },
};

/* Dutch tussenvoegsels, folded. */
static const char *const particles[] = {
	"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op",
	"von", "la", "le", "d'", "du", "el", "al", "uit", "onder", "bij", "aan", "of",
};

/* The field being read: its label line and the value so far. */
struct pending {
	enum form_field field;
	unsigned line;
	struct buf value;
	bool full;
	bool paragraph;         /* a blank line before the next line of the value */
	unsigned last_label;    /* the last label line of the whole text */
};

enum line_kind { LINE_BLANK, LINE_LABEL, LINE_HEADING, LINE_CHECKBOX, LINE_OTHER };

/* What one line is; for a label, its field and value. */
struct line_info {
	enum line_kind kind;
	enum form_field field;
	const char *value;      /* label: value; checkbox: the code, NULL when unchecked */
	size_t value_len;
};

static bool is_blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool is_decoration(char c)
{
	return c == '*' || c == '_';
}

/* Length of a blank at s[0..n): ASCII blanks, U+00A0 and a byte order mark. */
static size_t blank_len(const char *s, size_t n)
{
	if (n >= 1 && is_blank_byte(s[0]))
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		return 2;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		return 3;
	return 0;
}

static bool ends_in_blank(const char *s, size_t n)
{
	if (n >= 1 && is_blank_byte(s[n - 1]))
		return true;
	if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 && (unsigned char)s[n - 1] == 0xa0)
		return true;
	return false;
}

/* Trims blanks from both ends of s[0..*n). */
static const char *trim_span(const char *s, size_t *n)
{
	size_t k;

	while ((k = blank_len(s, *n)) > 0) {
		s += k;
		*n -= k;
	}
	while (ends_in_blank(s, *n))
		*n -= (unsigned char)s[*n - 1] == 0xa0 ? 2 : 1;
	return s;
}

/* The field for a label as written (s[0..n), without its separator), or FF_NONE. */
static enum form_field label_field(const char *s, size_t n)
{
	char *raw = xstrndup(s, n);
	char *folded = utf8_fold(raw);
	struct buf key = BUF_INIT;
	enum form_field field = FF_NONE;

	for (const char *p = folded; *p; p++) {
		char c = *p == '-' || *p == '\t' ? ' ' : *p;
		if (c == ' ' && (key.len == 0 || key.data[key.len - 1] == ' '))
			continue;
		buf_addc(&key, c);
	}
	while (key.len && (key.data[key.len - 1] == ' ' || is_decoration(key.data[key.len - 1])))
		buf_truncate(&key, key.len - 1);
	for (size_t i = 0; i < ARRAY_SIZE(labels) && field == FF_NONE; i++)
		if (strcmp(buf_str(&key), labels[i].key) == 0)
			field = labels[i].field;
	buf_free(&key);
	free(folded);
	free(raw);
	return field;
}

/* True for "Expertise", "Expertise:" or "Expertise (zet een x ...):". */
static bool is_heading(const char *s, size_t n)
{
	static const char word[] = "expertise";
	size_t w = sizeof word - 1;

	if (n < w)
		return false;
	for (size_t i = 0; i < w; i++)
		if ((s[i] | 0x20) != word[i])
			return false;
	s += w;
	n -= w;
	while (n && (is_blank_byte(*s) || is_decoration(*s))) {
		s++;
		n--;
	}
	return n == 0 || *s == ':' || *s == '(';
}

/* A "[x] code – uitleg" line; the code is NULL when the box is empty. */
static bool read_checkbox(const char *s, size_t n, struct line_info *li)
{
	if (n >= 2 && (*s == '-' || *s == '*') && is_blank_byte(s[1])) {
		s += 2;
		n -= 2;
		s = trim_span(s, &n);
	}
	if (n == 0 || *s != '[')
		return false;
	const char *close = memchr(s, ']', n < MARK_MAX + 8 ? n : MARK_MAX + 8);
	if (!close)
		return false;
	size_t mark_len = (size_t)(close - s - 1);
	trim_span(s + 1, &mark_len);
	if (mark_len > MARK_MAX)
		return false;
	li->kind = LINE_CHECKBOX;
	li->value = NULL;
	if (mark_len == 0)
		return true;
	size_t rest = n - (size_t)(close + 1 - s);
	const char *code = trim_span(close + 1, &rest);
	size_t len = 0;
	while (len < rest && !is_blank_byte(code[len]) && !strchr(",;:()", code[len]) &&
	       !(rest - len >= 3 && memcmp(code + len, "\xe2\x80\x93", 3) == 0) &&
	       !(rest - len >= 3 && memcmp(code + len, "\xe2\x80\x94", 3) == 0) &&
	       !(rest - len >= 2 && (unsigned char)code[len] == 0xc2 &&
		 (unsigned char)code[len + 1] == 0xa0))
		len++;
	li->value = code;
	li->value_len = len < BOUND_FIELD ? len : utf8_prefix_len(code, len, BOUND_FIELD);
	return true;
}

/* Skips up to max decoration bytes; returns how many. */
static size_t skip_decoration(const char **s, size_t *n, size_t max)
{
	size_t k = 0;

	while (k < max && *n && is_decoration(**s)) {
		(*s)++;
		(*n)--;
		k++;
	}
	return k;
}

/* A "Label: value" or "Question? value" line. */
static bool read_label(const char *s, size_t n, struct line_info *li)
{
	size_t lead = skip_decoration(&s, &n, 3);
	size_t scan = n < LABEL_SCAN ? n : LABEL_SCAN;
	size_t at = 0;

	while (at < scan && s[at] != ':' && s[at] != '?')
		at++;
	if (at == scan || at == 0)
		return false;
	bool question = s[at] == '?';
	enum form_field field = label_field(s, at);
	if (field == FF_NONE)
		return false;
	if (question && field != FF_MAATREGELEN && field != FF_RESULTAAT && field != FF_INSTANTIES)
		return false;
	size_t closed = 0;
	for (size_t i = at; i > 0 && is_decoration(s[i - 1]); i--)
		closed++;
	const char *v = s + at + 1;
	size_t vn = n - at - 1;
	closed += skip_decoration(&v, &vn, 3);
	if (question) {
		size_t k = 0;
		while (k < vn && (v[k] == ' ' || v[k] == '\t'))
			k++;
		if (k < vn && v[k] == ':') {
			v += k + 1;
			vn -= k + 1;
			closed += skip_decoration(&v, &vn, 3);
		}
	}
	v = trim_span(v, &vn);
	for (; closed < lead && vn && is_decoration(v[vn - 1]); closed++)
		vn--;
	li->kind = LINE_LABEL;
	li->field = field;
	li->value = v;
	li->value_len = vn;
	return true;
}

static void classify(const char *s, size_t n, struct line_info *li)
{
	memset(li, 0, sizeof *li);
	s = trim_span(s, &n);
	if (n == 0) {
		li->kind = LINE_BLANK;
		return;
	}
	if (read_checkbox(s, n, li) || read_label(s, n, li))
		return;
	const char *h = s;
	size_t hn = n;
	skip_decoration(&h, &hn, 3);
	li->kind = is_heading(h, hn) ? LINE_HEADING : LINE_OTHER;
}

/* The questions and notes keep their line breaks; short fields read as one line. */
static bool text_field(enum form_field field)
{
	return field == FF_VRAAG || field == FF_MAATREGELEN || field == FF_RESULTAAT ||
	       field == FF_INSTANTIES || field == FF_BEHOEFTEN || field == FF_TOELICHTING_OUDERS;
}

/* Adds one line's part of the value, keeping at most BOUND_FIELD bytes. */
static void pending_add(struct pending *pd, const char *s, size_t n)
{
	if (pd->full || n == 0)
		return;
	if (pd->value.len) {
		if (pd->value.len + 1 >= BOUND_FIELD) {
			pd->full = true;
			return;
		}
		/* Ouder: one parent per line */
		bool lines = text_field(pd->field) || pd->field == FF_OUDER;
		buf_addc(&pd->value, lines ? '\n' : ' ');
		if (pd->paragraph && text_field(pd->field))
			buf_addc(&pd->value, '\n');
	}
	pd->paragraph = false;
	size_t room = BOUND_FIELD - pd->value.len;
	if (n > room) {
		n = utf8_prefix_len(s, n, room);
		pd->full = true;
	}
	buf_add(&pd->value, s, n);
}

static bool has_at(const char *s, size_t n)
{
	return memchr(s, '@', n) != NULL;
}

static char *dup_trimmed(const char *s, size_t n)
{
	size_t before;

	s = trim_span(s, &n);
	do {   /* "Naam, ;" and ", \f," alike: until neither a blank nor a separator ends it */
		before = n;
		while (n && (s[n - 1] == ',' || s[n - 1] == ';'))
			n--;
		s = trim_span(s, &n);
	} while (n != before);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
		s = trim_span(s, &n);
	}
	return n ? xstrndup(s, n) : NULL;
}

/* An address without "mailto:" and stray angle brackets ("<adres" when '>' was forgotten). */
static char *dup_address(const char *s, size_t n)
{
	s = trim_span(s, &n);
	while (n && *s == '<') {
		s++;
		n--;
	}
	if (n >= 7 && strncasecmp(s, "mailto:", 7) == 0) {
		s += 7;
		n -= 7;
	}
	while (n && s[n - 1] == '>')
		n--;
	return dup_trimmed(s, n);
}

/* Splits "Naam <adres>", "Naam (adres)", "adres (Naam)", "Naam adres", a name or an address. */
static void split_person(const char *s, char **name, char **email)
{
	size_t n = strlen(s);
	const char *lt = memrchr(s, '<', n);
	const char *gt = lt ? memchr(lt, '>', n - (size_t)(lt - s)) : NULL;
	const char *open = memchr(s, '(', n);

	*name = *email = NULL;
	if (lt && gt) {
		*name = dup_trimmed(s, (size_t)(lt - s));
		*email = dup_address(lt + 1, (size_t)(gt - lt - 1));
		return;
	}
	s = trim_span(s, &n);
	if (open && n && s[n - 1] == ')' && open > s) {
		const char *in = open + 1;
		size_t in_n = (size_t)(s + n - 1 - in), out_n = (size_t)(open - s);
		if (has_at(in, in_n) && !has_at(s, out_n)) {
			*name = dup_trimmed(s, out_n);
			*email = dup_address(in, in_n);
			return;
		}
		if (has_at(s, out_n) && !has_at(in, in_n)) {
			*email = dup_address(s, out_n);
			*name = dup_trimmed(in, in_n);
			return;
		}
	}
	size_t first = 0, last = n;
	while (first < n && !is_blank_byte(s[first]))
		first++;
	while (last > 0 && !is_blank_byte(s[last - 1]))
		last--;
	if (has_at(s, first) && !has_at(s + first, n - first)) {
		*email = dup_address(s, first);
		*name = dup_trimmed(s + first, n - first);
	} else if (has_at(s + last, n - last) && !has_at(s, last)) {
		*name = dup_trimmed(s, last);
		*email = dup_address(s + last, n - last);
	} else {
		*name = dup_trimmed(s, n);
	}
}

static void set_person(struct form_person *p, const char *value)
{
	free(p->name);
	free(p->email);
	split_person(value, &p->name, &p->email);
}

static bool is_particle(const char *w, size_t n)
{
	char *raw = xstrndup(w, n);
	char *folded = utf8_fold(raw);
	bool found = false;

	for (size_t i = 0; i < ARRAY_SIZE(particles) && !found; i++)
		found = strcmp(folded, particles[i]) == 0;
	free(folded);
	free(raw);
	return found;
}

/* Next blank-separated word of s[*at..n); false at the end. */
static bool next_word(const char *s, size_t n, size_t *at, size_t *start, size_t *len)
{
	while (*at < n && is_blank_byte(s[*at]))
		(*at)++;
	if (*at == n)
		return false;
	*start = *at;
	while (*at < n && !is_blank_byte(s[*at]))
		(*at)++;
	*len = *at - *start;
	return true;
}

/* "roepnaam [voorvoegsel] achternaam". */
static void set_pupil(struct form *f, const char *s)
{
	size_t n = strlen(s), at = 0, ws, wl, pv_start = 0, pv_end = 0, words = 0;

	free(f->roepnaam);
	free(f->voorvoegsel);
	free(f->achternaam);
	f->roepnaam = f->voorvoegsel = f->achternaam = NULL;
	if (!next_word(s, n, &at, &ws, &wl))
		return;
	f->roepnaam = xstrndup(s + ws, wl);
	size_t rest = at;
	while (words < PARTICLE_MAX && next_word(s, n, &at, &ws, &wl) &&
	       is_particle(s + ws, wl)) {
		size_t after = at, ns, nl;
		if (!next_word(s, n, &after, &ns, &nl))
			break;   /* the last word is the achternaam */
		if (!words)
			pv_start = ws;
		pv_end = ws + wl;
		rest = at;
		words++;
	}
	if (words) {
		struct buf pv = BUF_INIT;
		size_t a = pv_start, st, len;
		while (a < pv_end && next_word(s, pv_end, &a, &st, &len))
			buf_addf(&pv, "%s%.*s", pv.len ? " " : "", (int)len, s + st);
		f->voorvoegsel = buf_detach(&pv);
	}
	size_t tail = n - rest;
	const char *t = trim_span(s + rest, &tail);
	if (tail)
		f->achternaam = xstrndup(t, tail);
}

/* Only an address, as on the second line of "Ouder: Naam" / "<adres>". */
static bool address_only(const char *s, size_t n)
{
	s = trim_span(s, &n);
	for (size_t i = 0; i < n; i++)
		if (is_blank_byte(s[i]))
			return false;
	return has_at(s, n);
}

/* One parent per line; an address alone completes the name above it. */
static void add_parents(struct form *f, const char *value, unsigned line)
{
	char *name = NULL, *email = NULL;
	const char *s = value;

	if (!f->line[FF_OUDER])
		f->line[FF_OUDER] = line;
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *one = xstrndup(s, n);
		if (name && !email && address_only(s, n)) {
			char *dummy;
			split_person(one, &dummy, &email);
			free(dummy);
		} else {
			if (name || email)
				form_add_parent(f, name, email, line);
			free(name);
			free(email);
			split_person(one, &name, &email);
		}
		free(one);
		s += n + (s[n] == '\n');
	}
	if (name || email)
		form_add_parent(f, name, email, line);
	free(name);
	free(email);
}

static void pending_flush(struct form *f, struct pending *pd)
{
	const char *v = buf_str(&pd->value);

	switch (pd->field) {
	case FF_NONE:
		return;
	case FF_LEERLING:
		set_pupil(f, v);
		break;
	case FF_IB:
		set_person(&f->ib, v);
		break;
	case FF_TB:
		set_person(&f->tb, v);
		break;
	case FF_OUDER:
		add_parents(f, v, pd->line);
		break;
	default:
		form_set(f, pd->field, v, pd->line);
		break;
	}
	if (pd->field == FF_LEERLING || pd->field == FF_IB || pd->field == FF_TB)
		form_set(f, pd->field, NULL, pd->line);   /* records the line */
	pd->field = FF_NONE;
	pd->full = false;
	pd->paragraph = false;
	buf_truncate(&pd->value, 0);
}

/* Handles one line: s[0..n) is line number line. Returns 1 for a label line. */
static size_t parse_line(struct form *f, struct pending *pd, const char *s, size_t n,
			 unsigned line)
{
	struct line_info li;

	classify(s, n, &li);
	switch (li.kind) {
	case LINE_OTHER:
		if (pd->field != FF_NONE) {
			const char *t = trim_span(s, &n);
			pending_add(pd, t, n);
			f->last_line = line;
		}
		return 0;
	case LINE_LABEL:
		pending_flush(f, pd);
		pd->field = li.field;
		pd->line = line;
		pending_add(pd, li.value, li.value_len);
		break;
	case LINE_HEADING:
		pending_flush(f, pd);
		if (!f->line[FF_EXPERTISE])
			form_set(f, FF_EXPERTISE, NULL, line);
		break;
	case LINE_CHECKBOX:
		pending_flush(f, pd);
		if (li.value && li.value_len) {
			char *code = xstrndup(li.value, li.value_len);
			form_add_expertise(f, code, line);
			free(code);
		}
		f->last_line = line;
		return 0;
	case LINE_BLANK:
	default:
		/* An answer to a question may run over paragraphs, until the next label (bpomail(1), THE REQUEST FORM). */
		if (text_field(pd->field) && line < pd->last_label)
			pd->paragraph = pd->value.len > 0;
		else
			pending_flush(f, pd);
		return 0;
	}
	if (!f->first_line)
		f->first_line = line;
	f->last_line = line;
	return 1;
}

/* The line of the last label or heading in text (0 when none). */
static unsigned last_label_line(const char *text)
{
	unsigned line = 0, last = 0;
	struct line_info li;

	while (text && *text) {
		size_t n = strcspn(text, "\n");
		if (line < UINT_MAX)
			line++;
		classify(text, n, &li);
		if (li.kind == LINE_LABEL || li.kind == LINE_HEADING)
			last = line;
		text += n + (text[n] == '\n');
	}
	return last;
}

size_t form_text_parse(const char *text, struct form *f)
{
	struct pending pd = { FF_NONE, 0, BUF_INIT, false, false, last_label_line(text) };
	size_t count = 0;
	unsigned line = 0;

	while (text && *text) {
		size_t n = strcspn(text, "\n");
		if (line < UINT_MAX)
			line++;
		count += parse_line(f, &pd, text, n, line);
		text += n + (text[n] == '\n');
	}
	pending_flush(f, &pd);
	buf_free(&pd.value);
	return count;
}

/* "Label:" and the value; long values with several lines go below the label. */
static void render_field(struct buf *b, enum form_field field, const char *value)
{
	buf_addf(b, "%s:", form_field_label(field));
	if (!value || !*value) {
		buf_addc(b, '\n');
		return;
	}
	bool multi = strchr(value, '\n') != NULL;
	if (multi && text_field(field)) {
		const char *s = value;
		size_t first = strcspn(s, "\n"), fn = first;
		const char *f = trim_span(s, &fn);
		struct line_info li;

		/* A first line that reads as a label or checkbox by itself stays after the label. */
		classify(f, fn, &li);
		if (li.kind != LINE_OTHER && li.kind != LINE_BLANK) {
			buf_addf(b, " %.*s", (int)fn, f);
			s += first + (s[first] == '\n');
		}
		while (*s) {
			size_t n = strcspn(s, "\n");
			size_t tn = n;
			const char *t = trim_span(s, &tn);
			if (tn)
				buf_addf(b, "\n%.*s", (int)tn, t);
			s += n + (s[n] == '\n');
		}
		buf_addc(b, '\n');
		return;
	}
	buf_addc(b, ' ');
	for (const char *s = value; *s; s++)
		buf_addc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
	buf_addc(b, '\n');
}

static void render_person(struct buf *b, enum form_field field, const struct form_person *p)
{
	char *v;

	if (p->name && p->email)
		v = xasprintf("%s <%s>", p->name, p->email);
	else
		v = xstrdup(p->name ? p->name : p->email ? p->email : "");
	render_field(b, field, v);
	free(v);
}

static bool expertise_named(const struct form *f, unsigned bit)
{
	for (size_t i = 0; i < f->n_expertise; i++)
		if (expertise_from_text(f->expertise[i]) == bit)
			return true;
	return false;
}

static void render_expertise(struct buf *b, const struct form *f)
{
	buf_addf(b, "\n%s (zet een x tussen de haken):\n", form_field_label(FF_EXPERTISE));
	for (unsigned i = 0; i < EXPERTISE_COUNT; i++) {
		unsigned bit = 1u << i;
		const char *code = expertise_code(bit), *why = expertise_explanation(bit);
		buf_addf(b, "[%s] %s", expertise_named(f, bit) ? "x" : " ", code);
		if (strcmp(code, why) != 0)
			buf_addf(b, " \xe2\x80\x93 %s", why);
		buf_addc(b, '\n');
	}
	for (size_t i = 0; i < f->n_expertise; i++)
		if (!expertise_from_text(f->expertise[i]))
			buf_addf(b, "[x] %s\n", f->expertise[i]);
	buf_addc(b, '\n');
}

char *form_text_render(const struct form *f)
{
	struct buf b = BUF_INIT;
	char *pupil = form_pupil_name(f);

	for (int i = FF_NIVEAU; i < FF_COUNT; i++) {
		enum form_field field = (enum form_field)i;
		switch (field) {
		case FF_LEERLING:
			render_field(&b, field, pupil);
			break;
		case FF_IB:
			render_person(&b, field, &f->ib);
			break;
		case FF_TB:
			render_person(&b, field, &f->tb);
			break;
		case FF_OUDER:
			if (!f->n_ouder)
				render_field(&b, field, NULL);
			for (size_t k = 0; k < f->n_ouder; k++)
				render_person(&b, field, &f->ouder[k]);
			break;
		case FF_EXPERTISE:
			render_expertise(&b, f);
			break;
		default:
			render_field(&b, field, form_get(f, field));
			break;
		}
	}
	free(pupil);
	return buf_detach(&b);
}
