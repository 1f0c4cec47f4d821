/* form_xml_render.c: the XML request form written out: the sender's values back, or blank with hints. */
#include "date.h"
#include "form.h"
#include "form_xml.h"
#include "utf8.h"
#include "util.h"

/* Writing: the form as the sender gets it back, or blank with a hint after each element. */

struct out {
	struct buf b;
	bool blank;
};

static bool niveau_is(const struct form *f, const char *lvl)
{
	return f->niveau && str_eq_nocase(f->niveau, lvl);
}

static bool person_set(const struct form_person *who)
{
	return who->name || who->email;
}

static bool form_is_blank(const struct form *f)
{
	for (int i = FF_NONE + 1; i < FF_COUNT; i++)
		if (form_get(f, (enum form_field)i))
			return false;
	return !f->roepnaam && !f->voorvoegsel && !f->achternaam && !person_set(&f->ib) &&
	       !person_set(&f->tb) && f->n_ouder == 0 && f->n_expertise == 0;
}

/* Appends s escaped for XML; characters XML 1.0 cannot hold are dropped. */
static void put_escaped(struct buf *b, const char *s, bool attr)
{
	char *clean = utf8_clean_text(s, strlen(s));   /* UTF-8, LF only, no controls */

	for (const unsigned char *c = (const unsigned char *)clean; *c; c++) {
		if (*c == '&')
			buf_adds(b, "&amp;");
		else if (*c == '<')
			buf_adds(b, "&lt;");
		else if (*c == '>')
			buf_adds(b, "&gt;");
		else if (*c == '"')
			buf_adds(b, "&quot;");
		else if (attr && *c == '\n')
			buf_adds(b, "&#10;");
		else if (attr && *c == '\t')
			buf_adds(b, "&#9;");
		else if (c[0] == 0xef && c[1] == 0xbf && (c[2] & 0xfe) == 0xbe)
			c += 2;                                 /* U+FFFE, U+FFFF */
		else
			buf_addc(b, (char)*c);
	}
	free(clean);
}

static void put_indent(struct out *o, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_adds(&o->b, "  ");
}

static void put_hint(struct out *o, const char *hint)
{
	if (o->blank && hint)
		buf_addf(&o->b, " <!-- %s -->", hint);
	buf_addc(&o->b, '\n');
}

static void put_text(struct out *o, int depth, const char *name, const char *value, const char *hint)
{
	put_indent(o, depth);
	buf_addf(&o->b, "<%s>", name);
	if (value)
		put_escaped(&o->b, value, false);
	buf_addf(&o->b, "</%s>", name);
	put_hint(o, hint);
}

/* An optional element: left out of a filled-in form when it is empty. */
static void put_optional(struct out *o, int depth, const char *name, const char *value,
			 const char *hint)
{
	if (value || o->blank)
		put_text(o, depth, name, value, hint);
}

static void put_person(struct out *o, int depth, const char *name, const struct form_person *who,
		       const char *hint)
{
	put_indent(o, depth);
	buf_addf(&o->b, "<%s naam=\"", name);
	if (who->name)
		put_escaped(&o->b, who->name, true);
	buf_adds(&o->b, "\" email=\"");
	if (who->email)
		put_escaped(&o->b, who->email, true);
	buf_adds(&o->b, "\"/>");
	put_hint(o, hint);
}

static void put_open(struct out *o, int depth, const char *name, const char *hint)
{
	put_indent(o, depth);
	buf_addf(&o->b, "<%s>", name);
	put_hint(o, hint);
}

static void put_close(struct out *o, int depth, const char *name)
{
	put_indent(o, depth);
	buf_addf(&o->b, "</%s>\n", name);
}

/* A checked date or number of hours in the form's notation; else the value as written. */
static const char *as_date(const char *raw, const struct date *d, char iso[11])
{
	if (!d->y)
		return raw;
	date_iso(d, iso);
	return iso;
}

static const char *as_hours(const struct form *f, char dot[16])
{
	if (!f->hours_half)
		return f->uren;
	hours_dot(f->hours_half, dot);
	return dot;
}

static void put_school(struct out *o, const struct form *f)
{
	put_open(o, 1, "school", NULL);
	put_text(o, 2, "naam", f->school, "naam van de school");
	put_text(o, 2, "brincode", f->brin, "BRIN-code: 2 cijfers en 2 letters of cijfers, bijv. 12AB");
	put_text(o, 2, "bestuur", f->bestuur, "naam van het schoolbestuur");
	put_close(o, 1, "school");
}

static void put_pupil(struct out *o, const struct form *f)
{
	char iso[11];

	if (!o->blank && !f->roepnaam && !f->voorvoegsel && !f->achternaam && !f->geboortedatum &&
	    !niveau_is(f, "leerling"))
		return;
	put_open(o, 1, "leerling", "alleen bij niveau leerling; nooit een BSN of onderwijsnummer");
	put_text(o, 2, "roepnaam", f->roepnaam, "roepnaam van de leerling");
	put_optional(o, 2, "voorvoegsel", f->voorvoegsel, "bijv. van der; mag leeg blijven");
	put_text(o, 2, "achternaam", f->achternaam, "achternaam van de leerling");
	put_text(o, 2, "geboortedatum", as_date(f->geboortedatum, &f->birth, iso),
		 "geboortedatum als jjjj-mm-dd, bijv. 2016-05-01");
	put_close(o, 1, "leerling");
}

/* For niveau leerling an empty <ouder> stays, so a parent can be filled in. */
static void put_parents(struct out *o, const struct form *f)
{
	static const struct form_person nobody;

	if (f->n_ouder == 0 && !o->blank && !niveau_is(f, "leerling"))
		return;
	put_open(o, 1, "ouders",
		 "bij niveau leerling: één ouder-element per ouder of verzorger, hoogstens 4");
	for (size_t i = 0; i < f->n_ouder; i++)
		put_person(o, 2, "ouder", &f->ouder[i], NULL);
	if (f->n_ouder == 0)
		put_person(o, 2, "ouder", &nobody, NULL);
	put_close(o, 1, "ouders");
}

static char *expertise_hint(void)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "herhaal dit element voor elke gevraagde expertise:");
	for (int i = 0; i < EXPERTISE_COUNT; i++) {
		const char *code = expertise_code(1u << i), *why = expertise_explanation(1u << i);
		buf_addf(&b, "%s %s", i ? "," : "", code);
		if (!str_starts_with(why, code))
			buf_addf(&b, " (%s)", why);
	}
	return buf_detach(&b);
}

static void put_expertise(struct out *o, const struct form *f)
{
	char *hint;

	for (size_t i = 0; i < f->n_expertise; i++) {
		unsigned bit = expertise_from_text(f->expertise[i]);   /* "[x] gedrag – ..." */
		put_text(o, 1, "expertise", bit ? expertise_code(bit) : f->expertise[i], NULL);
	}
	if (f->n_expertise)
		return;
	hint = expertise_hint();
	put_text(o, 1, "expertise", NULL, hint);
	free(hint);
}

char *form_xml_render(const struct form *f)
{
	struct out o = { BUF_INIT, form_is_blank(f) };
	char start[11], end[11], hours[16];

	buf_adds(&o.b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (o.blank)
		buf_adds(&o.b, "<!-- Aanvraag begeleiding passend onderwijs (BPO). Vul de elementen in "
			       "en stuur dit bestand als bijlage terug. -->\n");
	buf_adds(&o.b, "<aanvraag xmlns=\"" FORM_XML_NS "\">\n");
	put_text(&o, 1, "niveau", f->niveau, "leerling, groep of school");
	put_school(&o, f);
	if (o.blank || f->groep || niveau_is(f, "leerling") || niveau_is(f, "groep"))
		put_text(&o, 1, "groep", f->groep,
			 "de groep, bijv. groep 5; bij niveau leerling of groep");
	put_pupil(&o, f);
	if (o.blank || person_set(&f->ib))
		put_person(&o, 1, "intern-begeleider", &f->ib,
			   "naam en e-mailadres; leeg: de afzender van de e-mail");
	if (o.blank || person_set(&f->tb))
		put_person(&o, 1, "trajectbegeleider", &f->tb,
			   "alleen als een trajectbegeleider eerst akkoord moet geven");
	put_parents(&o, f);
	put_text(&o, 1, "aantal-uren", as_hours(f, hours), "gewenst aantal uur, met een punt: bijv. 12.5");
	put_text(&o, 1, "startdatum", as_date(f->startdatum, &f->start, start),
		 "gewenste startdatum als jjjj-mm-dd, bijv. 2027-01-10");
	put_text(&o, 1, "einddatum", as_date(f->einddatum, &f->end, end),
		 "gewenste einddatum, na de startdatum");
	put_optional(&o, 1, "so-organisatie", f->so_organisatie,
		     "voorkeur voor een SO-organisatie; mag leeg blijven");
	put_optional(&o, 1, "voorkeur-begeleider", f->voorkeur_begeleider,
		     "voorkeur voor een begeleider; mag leeg blijven");
	put_expertise(&o, f);
	put_text(&o, 1, "ondersteuningsvraag", f->ondersteuningsvraag, "de concrete ondersteuningsvraag");
	put_text(&o, 1, "maatregelen", f->maatregelen, "welke maatregelen zijn al genomen?");
	put_text(&o, 1, "resultaat", f->resultaat, "met welk resultaat?");
	put_optional(&o, 1, "andere-instanties", f->andere_instanties,
		     "welke andere instanties zijn betrokken? mag leeg blijven");
	put_optional(&o, 1, "ondersteuningsbehoeften", f->ondersteuningsbehoeften,
		     "de ondersteuningsbehoeften van de leerling (bij niveau leerling)");
	put_optional(&o, 1, "toelichting-ouders", f->toelichting_ouders,
		     "toelichting voor de ouders, bij het verzoek om toestemming; mag leeg blijven");
	put_optional(&o, 1, "eerdere-aanvraag", f->eerdere_aanvraag,
		     "kenmerk van een eerdere aanvraag waarop deze volgt, bijv. BPO-2026-0042; mag leeg blijven");
	buf_adds(&o.b, "</aanvraag>\n");
	return buf_detach(&o.b);
}
