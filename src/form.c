/* form.c: the request form's fields, their rules and the list of problems. */
#include <ctype.h>

#include "form.h"
#include "utf8.h"
#include "util.h"

static const struct {
	const char *label;   /* text form label */
	const char *xml;     /* XML element path */
} fields[FF_COUNT] = {
	[FF_NONE] = { "Formulier", "aanvraag" },
	[FF_NIVEAU] = { "Niveau", "niveau" },
	[FF_SCHOOL] = { "School", "school/naam" },
	[FF_BRIN] = { "BRIN", "school/brincode" },
	[FF_BESTUUR] = { "Bestuur", "school/bestuur" },
	[FF_GROEP] = { "Groep", "groep" },
	[FF_LEERLING] = { "Leerling", "leerling" },
	[FF_GEBOORTEDATUM] = { "Geboortedatum", "leerling/geboortedatum" },
	[FF_IB] = { "Intern begeleider", "intern-begeleider" },
	[FF_TB] = { "Trajectbegeleider", "trajectbegeleider" },
	[FF_OUDER] = { "Ouder", "ouders/ouder" },
	[FF_UREN] = { "Gewenst aantal uur", "aantal-uren" },
	[FF_START] = { "Gewenste startdatum", "startdatum" },
	[FF_EIND] = { "Gewenste einddatum", "einddatum" },
	[FF_SO_ORG] = { "Voorkeur SO-organisatie", "so-organisatie" },
	[FF_VOORKEUR] = { "Voorkeur begeleider", "voorkeur-begeleider" },
	[FF_EXPERTISE] = { "Expertise", "expertise" },
	[FF_VRAAG] = { "Concrete ondersteuningsvraag", "ondersteuningsvraag" },
	[FF_MAATREGELEN] = { "Welke maatregelen zijn genomen?", "maatregelen" },
	[FF_RESULTAAT] = { "Met welk resultaat?", "resultaat" },
	[FF_INSTANTIES] = { "Welke andere instanties zijn betrokken?", "andere-instanties" },
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
	return field >= FF_NONE && field < FF_COUNT ? fields[field].label : "?";
}

const char *form_field_xml(enum form_field field)
{
	return field >= FF_NONE && field < FF_COUNT ? fields[field].xml : "?";
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
