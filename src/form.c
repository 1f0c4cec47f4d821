/* form.c: the request form's fields, their rules and the list of problems. */
#include <ctype.h>
#include <strings.h>

#include "address.h"
#include "form.h"
#include "rfc2047.h"
#include "utf8.h"
#include "util.h"

/* Each field's label on the text form. */
static const char *const field_labels[FF_COUNT] = {
	[FF_NONE] = "Formulier",
	[FF_NIVEAU] = "Niveau",
	[FF_SCHOOL] = "School",
	[FF_BRIN] = "BRIN",
	[FF_BESTUUR] = "Bestuur",
	[FF_GROEP] = "Groep",
	[FF_LEERLING] = "Leerling",
	[FF_GEBOORTEDATUM] = "Geboortedatum",
	[FF_IB] = "Intern begeleider",
	[FF_TB] = "Trajectbegeleider",
	[FF_OUDER] = "Ouder",
	[FF_UREN] = "Gewenst aantal uur",
	[FF_START] = "Gewenste startdatum",
	[FF_EIND] = "Gewenste einddatum",
	[FF_SO_ORG] = "Voorkeur SO-organisatie",
	[FF_VOORKEUR] = "Voorkeur begeleider",
	[FF_EXPERTISE] = "Expertise",
	[FF_VRAAG] = "Concrete ondersteuningsvraag",
	[FF_MAATREGELEN] = "Welke maatregelen zijn genomen?",
	[FF_RESULTAAT] = "Met welk resultaat?",
	[FF_INSTANTIES] = "Welke andere instanties zijn betrokken?",
	[FF_BEHOEFTEN] = "Ondersteuningsbehoeften",
	[FF_TOELICHTING_OUDERS] = "Toelichting voor ouders",
	[FF_EERDERE] = "Eerdere aanvraag",
};

static const struct {
	const char *code;
	const char *explanation;
} expertises[EXPERTISE_COUNT] = {
	{ "gedrag", "gedrag" },
	{ "leren", "leren" },
	{ "communicatie", "spraak, taal en gehoor" },
	{ "zicht", "zicht" },
	{ "motoriek", "lichamelijk en motorisch" },
	{ "ziekte", "langdurig ziek" },
	{ "zml", "zeer moeilijk lerend" },
	{ "autisme", "autisme" },
	{ "anders", "anders (licht toe in de ondersteuningsvraag)" },
};

void form_init(struct form *f)
{
	memset(f, 0, sizeof *f);
}

static char **field_slot(struct form *f, enum form_field field)
{
	switch (field) {
	case FF_NIVEAU: return &f->niveau;
	case FF_SCHOOL: return &f->school;
	case FF_BRIN: return &f->brin;
	case FF_BESTUUR: return &f->bestuur;
	case FF_GROEP: return &f->groep;
	case FF_GEBOORTEDATUM: return &f->geboortedatum;
	case FF_UREN: return &f->uren;
	case FF_START: return &f->startdatum;
	case FF_EIND: return &f->einddatum;
	case FF_SO_ORG: return &f->so_organisatie;
	case FF_VOORKEUR: return &f->voorkeur_begeleider;
	case FF_VRAAG: return &f->ondersteuningsvraag;
	case FF_MAATREGELEN: return &f->maatregelen;
	case FF_RESULTAAT: return &f->resultaat;
	case FF_INSTANTIES: return &f->andere_instanties;
	case FF_BEHOEFTEN: return &f->ondersteuningsbehoeften;
	case FF_TOELICHTING_OUDERS: return &f->toelichting_ouders;
	case FF_EERDERE: return &f->eerdere_aanvraag;
	default: return NULL;
	}
}

static void person_free(struct form_person *p)
{
	free(p->name);
	free(p->email);
	p->name = p->email = NULL;
}

void form_free(struct form *f)
{
	for (int i = FF_NONE; i < FF_COUNT; i++) {
		char **slot = field_slot(f, (enum form_field)i);
		if (slot)
			free(*slot);
	}
	free(f->roepnaam);
	free(f->voorvoegsel);
	free(f->achternaam);
	person_free(&f->ib);
	person_free(&f->tb);
	for (size_t i = 0; i < f->n_ouder; i++)
		person_free(&f->ouder[i]);
	for (size_t i = 0; i < f->n_expertise; i++)
		free(f->expertise[i]);
	form_init(f);
}

const char *form_field_label(enum form_field field)
{
	return field >= FF_NONE && field < FF_COUNT ? field_labels[field] : "?";
}

static int expertise_index(unsigned bit)
{
	for (int i = 0; i < EXPERTISE_COUNT; i++)
		if (bit == 1u << i)
			return i;
	return -1;
}

const char *expertise_code(unsigned bit)
{
	int i = expertise_index(bit);
	return i < 0 ? "?" : expertises[i].code;
}

const char *expertise_explanation(unsigned bit)
{
	int i = expertise_index(bit);
	return i < 0 ? "?" : expertises[i].explanation;
}

unsigned expertise_from_text(const char *s)
{
	char *folded = utf8_fold(s);
	char *word = str_trim(folded);
	size_t n = strcspn(word, " \t-–:,;(");
	unsigned bit = 0;

	word[n] = '\0';
	for (int i = 0; i < EXPERTISE_COUNT && !bit; i++)
		if (strcmp(word, expertises[i].code) == 0)
			bit = 1u << i;
	free(folded);
	return bit;
}

/* Keeps a bounded, trimmed copy; NULL for an empty value. */
static char *clean_value(const char *value)
{
	const char *start;
	size_t n;

	if (!value)
		return NULL;
	n = str_trim_len(value, strlen(value), &start);
	if (n == 0)
		return NULL;
	return xstrndup(start, n);
}

void form_set(struct form *f, enum form_field field, const char *value, unsigned line)
{
	char **slot = field_slot(f, field);

	if (field > FF_NONE && field < FF_COUNT && line)
		f->line[field] = line;
	if (field == FF_IB || field == FF_TB || field == FF_LEERLING ||
	    field == FF_OUDER || field == FF_EXPERTISE || !slot)
		return;   /* these have their own setters or sub-fields */
	free(*slot);
	*slot = clean_value(value);
}

const char *form_get(const struct form *f, enum form_field field)
{
	char **slot = field_slot((struct form *)f, field);
	return slot ? *slot : NULL;
}

void form_add_parent(struct form *f, const char *name, const char *email, unsigned line)
{
	if (line && !f->line[FF_OUDER])
		f->line[FF_OUDER] = line;
	if (f->n_ouder == BOUND_PARENTS) {
		f->n_ouder_dropped++;
		return;
	}
	f->ouder[f->n_ouder].name = clean_value(name);
	f->ouder[f->n_ouder].email = clean_value(email);
	f->n_ouder++;
}

void form_add_expertise(struct form *f, const char *code, unsigned line)
{
	if (line && !f->line[FF_EXPERTISE])
		f->line[FF_EXPERTISE] = line;
	if (f->n_expertise == ARRAY_SIZE(f->expertise)) {
		f->n_expertise_dropped++;
		return;
	}
	char *v = clean_value(code);
	if (v)
		f->expertise[f->n_expertise++] = v;
}

bool form_problem_has(const struct form_problems *p, enum form_field field)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->item[i].field == field)
			return true;
	return false;
}

void form_problem_add(struct form_problems *p, enum form_field field, unsigned line,
		      const char *expected, const char *what_fmt, ...)
{
	struct buf what = BUF_INIT;
	va_list ap;

	if (field != FF_NONE && form_problem_has(p, field))
		return;
	if (p->n == BOUND_FORM_PROBLEMS) {
		p->dropped++;
		return;
	}
	va_start(ap, what_fmt);
	buf_vaddf(&what, what_fmt, ap);
	va_end(ap);
	p->item[p->n].field = field;
	p->item[p->n].line = line;
	p->item[p->n].what = buf_detach(&what);
	p->item[p->n].expected = expected ? xstrdup(expected) : NULL;
	p->n++;
}

void form_problems_free(struct form_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->item[i].what);
		free(p->item[i].expected);
	}
	p->n = p->dropped = 0;
}

char *form_pupil_name(const struct form *f)
{
	struct buf b = BUF_INIT;

	if (!f->roepnaam && !f->achternaam)
		return NULL;
	if (f->roepnaam)
		buf_adds(&b, f->roepnaam);
	if (f->voorvoegsel)
		buf_addf(&b, "%s%s", b.len ? " " : "", f->voorvoegsel);
	if (f->achternaam)
		buf_addf(&b, "%s%s", b.len ? " " : "", f->achternaam);
	return buf_detach(&b);
}

/* Checks ------------------------------------------------------------------ */

static bool elfproef(const int d[9], bool onderwijsnummer)
{
	int sum = 0;

	for (int i = 0; i < 8; i++)
		sum += d[i] * (9 - i);
	if (onderwijsnummer)
		return (sum + d[8]) % 11 == 5;
	return (sum - d[8]) % 11 == 0 && (d[0] || d[1] || d[2]);
}

/* A 9-digit number (dots or blanks between groups allowed) starting within the window. */
static bool number_passes(const char *p, const char *end)
{
	for (; p < end && *p; p++) {
		int d[9], n = 0;
		const char *q = p;
		if (*p < '0' || *p > '9' || (p > end - 40 && p[-1] >= '0' && p[-1] <= '9'))
			continue;
		while (*q && n < 9) {
			if (*q >= '0' && *q <= '9')
				d[n++] = *q - '0';
			else if (!(*q == '.' || *q == ' ' || *q == '-') || !(q[1] >= '0' && q[1] <= '9'))
				break;
			q++;
		}
		if (n == 9 && !(*q >= '0' && *q <= '9') && (elfproef(d, false) || elfproef(d, true)))
			return true;
	}
	return false;
}

bool form_has_bsn(const char *s)
{
	static const char *const labels[] = { "bsn", "burgerservicenummer", "onderwijsnummer",
					      "sofinummer" };
	char *folded = utf8_fold(s);
	bool found = false;

	for (size_t i = 0; i < ARRAY_SIZE(labels) && !found; i++)
		for (const char *p = strstr(folded, labels[i]); p && !found;
		     p = strstr(p + 1, labels[i])) {
			const char *from = p - folded > 40 ? p - 40 : folded;
			found = number_passes(from, p + strlen(labels[i]) + 40);
		}
	free(folded);
	return found;
}

static bool brin_ok(const char *s)
{
	return strlen(s) == 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       isalnum((unsigned char)s[2]) && isalnum((unsigned char)s[3]);
}

size_t kenmerk_len(const char *s)
{
	size_t y, n;

	if (strncasecmp(s, "BPO-", 4) != 0)
		return 0;
	y = strspn(s + 4, "0123456789");
	if (y != 4 || s[8] != '-')
		return 0;
	n = strspn(s + 9, "0123456789");
	return n >= 1 && n <= 6 ? 9 + n : 0;
}

/* Eerdere aanvraag: a request number, written as "BPO-2026-0042" or "[bpo-2026-42]"; stored as the first. */
static void check_earlier(struct form_problems *p, struct form *f)
{
	const char *s = f->eerdere_aanvraag;
	size_t n, len = s ? strlen(s) : 0;

	if (!s)
		return;
	if (*s == '[' && len > 2 && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	n = kenmerk_len(s);
	if (!n || n != len) {
		form_problem_add(p, FF_EERDERE, f->line[FF_EERDERE],
				 "het kenmerk van de eerdere aanvraag, bijvoorbeeld BPO-2026-0042",
				 "'%.60s' is geen kenmerk van een aanvraag", f->eerdere_aanvraag);
		return;
	}
	char *norm = xasprintf("BPO-%.4s-%04ld", s + 4, strtol(s + 9, NULL, 10));
	free(f->eerdere_aanvraag);
	f->eerdere_aanvraag = norm;
}

static void need(struct form_problems *p, const struct form *f, enum form_field field,
		 const char *value, const char *expected)
{
	if (!value || !*value)
		form_problem_add(p, field, f->line[field], expected, "is niet ingevuld");
}

static void check_length(struct form_problems *p, const struct form *f, enum form_field field,
			 const char *value)
{
	if (value && strlen(value) > BOUND_FIELD)
		form_problem_add(p, field, f->line[field], "een kortere tekst",
				 "is langer dan %d tekens", BOUND_FIELD);
}

static void check_date(struct form_problems *p, const struct form *f, enum form_field field,
		       const char *value, struct date *out)
{
	int rc;

	if (!value || !*value) {
		form_problem_add(p, field, f->line[field], "een datum, bijvoorbeeld 10-01-2027",
				 "is niet ingevuld");
		return;
	}
	rc = date_parse(value, out);
	if (rc == -2)
		form_problem_add(p, field, f->line[field], "een datum die bestaat",
				 "'%.60s' bestaat niet", value);
	else if (rc < 0)
		form_problem_add(p, field, f->line[field],
				 "een datum als 10-01-2027, 2027-01-10 of 10 januari 2027",
				 "'%.60s' is geen datum", value);
}

static void check_person(struct form_problems *p, const struct form *f, enum form_field field,
			 struct form_person *who)
{
	if (who->name) {
		/* A name is one line: line breaks and controls become blanks; none left is no name. */
		char *one_line = rfc2047_clean(who->name);
		free(who->name);
		who->name = one_line;
		if (!*one_line) {
			free(one_line);
			who->name = NULL;
		}
	}
	if (who->email && !addr_valid(who->email))
		form_problem_add(p, field, f->line[field], "Naam <adres@school.nl>",
				 "'%.60s' is geen geldig e-mailadres", who->email);
	if (who->name && strlen(who->name) > BOUND_NAME)
		form_problem_add(p, field, f->line[field], "een kortere naam",
				 "de naam is langer dan %d tekens", BOUND_NAME);
}

static void check_level(struct form *f, struct form_problems *p)
{
	f->lvl = f->niveau ? (str_eq_nocase(f->niveau, "leerling") ? NIVEAU_LEERLING
			      : str_eq_nocase(f->niveau, "groep") ? NIVEAU_GROEP
			      : str_eq_nocase(f->niveau, "school") ? NIVEAU_SCHOOL : NIVEAU_NONE)
			   : NIVEAU_NONE;
	if (!f->niveau)
		form_problem_add(p, FF_NIVEAU, f->line[FF_NIVEAU], "leerling, groep of school",
				 "is niet ingevuld");
	else if (f->lvl == NIVEAU_NONE)
		form_problem_add(p, FF_NIVEAU, f->line[FF_NIVEAU], "leerling, groep of school",
				 "'%.60s' is geen niveau", f->niveau);
}

static void check_pupil(struct form *f, struct form_problems *p)
{
	bool named = f->roepnaam || f->achternaam || f->geboortedatum;

	if (f->lvl == NIVEAU_LEERLING) {
		if (!f->roepnaam || !f->achternaam)
			form_problem_add(p, FF_LEERLING, f->line[FF_LEERLING],
					 "roepnaam en achternaam, bijvoorbeeld: Sam de Vries",
					 f->roepnaam ? "de achternaam ontbreekt" : "is niet ingevuld");
		check_date(p, f, FF_GEBOORTEDATUM, f->geboortedatum, &f->birth);
	} else if (f->lvl != NIVEAU_NONE && (named || f->n_ouder)) {
		form_problem_add(p, named ? FF_LEERLING : FF_OUDER,
				 f->line[named ? FF_LEERLING : FF_OUDER],
				 "laat Leerling, Geboortedatum en Ouder leeg, of kies niveau leerling",
				 "een aanvraag op niveau %s mag geen gegevens van een leerling of ouder bevatten",
				 f->niveau);
	}
	if (f->lvl == NIVEAU_GROEP || f->lvl == NIVEAU_LEERLING)
		need(p, f, FF_GROEP, f->groep, "de groep, bijvoorbeeld 5 of 7b");
}

static void check_parents(struct form *f, struct form_problems *p)
{
	if (f->n_ouder_dropped)
		form_problem_add(p, FF_OUDER, f->line[FF_OUDER], "hoogstens 4 ouders/verzorgers",
				 "er staan %zu ouders op het formulier", f->n_ouder + f->n_ouder_dropped);
	for (size_t i = 0; i < f->n_ouder && f->lvl == NIVEAU_LEERLING; i++) {
		if (!f->ouder[i].email)
			form_problem_add(p, FF_OUDER, f->line[FF_OUDER], "Naam <adres@voorbeeld.nl>",
					 "bij '%.60s' ontbreekt het e-mailadres",
					 f->ouder[i].name ? f->ouder[i].name : "?");
		else
			check_person(p, f, FF_OUDER, &f->ouder[i]);
	}
}

static void check_request(struct form *f, struct form_problems *p)
{
	int rc;

	if (!f->uren)
		form_problem_add(p, FF_UREN, f->line[FF_UREN], "een aantal uur, bijvoorbeeld 12 of 12,5",
				 "is niet ingevuld");
	else if ((rc = hours_parse(f->uren, &f->hours_half)) < 0)
		form_problem_add(p, FF_UREN, f->line[FF_UREN],
				 rc == -3 ? "meer dan 0 en hoogstens 1000 uur"
					  : "hele of halve uren, bijvoorbeeld 12 of 12,5",
				 "'%.60s' is geen geldig aantal uur", f->uren);
	check_date(p, f, FF_START, f->startdatum, &f->start);
	check_date(p, f, FF_EIND, f->einddatum, &f->end);
	if (!form_problem_has(p, FF_START) && !form_problem_has(p, FF_EIND) &&
	    date_cmp(&f->end, &f->start) <= 0)
		form_problem_add(p, FF_EIND, f->line[FF_EIND], "een datum na de gewenste startdatum",
				 "'%.60s' ligt niet na de startdatum", f->einddatum);
}

static void check_expertise(struct form *f, struct form_problems *p)
{
	f->expertise_mask = 0;
	for (size_t i = 0; i < f->n_expertise; i++) {
		unsigned bit = expertise_from_text(f->expertise[i]);
		if (!bit)
			form_problem_add(p, FF_EXPERTISE, f->line[FF_EXPERTISE],
					 "gedrag, leren, communicatie, zicht, motoriek, ziekte, zml, autisme of anders",
					 "'%.60s' is geen bekende expertise", f->expertise[i]);
		f->expertise_mask |= bit;
	}
	if (f->n_expertise == 0)
		form_problem_add(p, FF_EXPERTISE, f->line[FF_EXPERTISE],
				 "ten minste één kruisje, bijvoorbeeld [x] gedrag",
				 "er is geen expertise aangekruist");
}

size_t form_check(struct form *f, const char *sender, struct form_problems *p)
{
	size_t before = p->n + p->dropped;

	check_level(f, p);
	need(p, f, FF_SCHOOL, f->school, "de naam van de school");
	if (!f->brin)
		need(p, f, FF_BRIN, f->brin, "4 tekens: 2 cijfers en 2 letters of cijfers, bijv. 12AB");
	else if (!brin_ok(f->brin))
		form_problem_add(p, FF_BRIN, f->line[FF_BRIN],
				 "4 tekens: 2 cijfers en 2 letters of cijfers, bijv. 12AB",
				 "'%.60s' is geen BRIN-code", f->brin);
	else
		for (char *c = f->brin; *c; c++)
			*c = (char)toupper((unsigned char)*c);
	need(p, f, FF_BESTUUR, f->bestuur, "de naam van het schoolbestuur");
	check_pupil(f, p);
	if (!f->ib.email && sender) {
		free(f->ib.email);
		f->ib.email = xstrdup(sender);
	}
	check_person(p, f, FF_IB, &f->ib);
	check_person(p, f, FF_TB, &f->tb);
	check_parents(f, p);
	check_request(f, p);
	check_expertise(f, p);
	need(p, f, FF_VRAAG, f->ondersteuningsvraag, "de concrete ondersteuningsvraag");
	need(p, f, FF_MAATREGELEN, f->maatregelen, "welke maatregelen de school al nam");
	need(p, f, FF_RESULTAAT, f->resultaat, "het resultaat van die maatregelen");
	check_earlier(p, f);
	for (int i = FF_NIVEAU; i < FF_COUNT; i++)
		check_length(p, f, (enum form_field)i, form_get(f, (enum form_field)i));
	return p->n + p->dropped - before;
}
