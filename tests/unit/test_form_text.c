/* test_form_text.c: the text form read from mail and written back (form_text.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "form.h"
#include "form_text.h"
#include "utf8.h"
#include "util.h"

/* Raw single-valued fields, for comparing two forms. */
static const enum form_field plain_fields[] = {
	FF_NIVEAU, FF_SCHOOL, FF_BRIN, FF_BESTUUR, FF_GROEP, FF_GEBOORTEDATUM,
	FF_UREN, FF_START, FF_EIND, FF_SO_ORG, FF_VOORKEUR,
	FF_VRAAG, FF_MAATREGELEN, FF_RESULTAAT, FF_INSTANTIES, FF_BEHOEFTEN, FF_TOELICHTING_OUDERS,
	FF_EERDERE,
};

static void assert_str_or_null(const char *got, const char *want, const char *what)
{
	if (!want && !got)
		return;
	if (!want || !got || strcmp(got, want) != 0)
		fail_msg("%s: got %s%s%s, want %s%s%s", what,
			 got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
			 want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
}

static void assert_person(const struct form_person *p, const char *name, const char *email)
{
	assert_str_or_null(p->name, name, "name");
	assert_str_or_null(p->email, email, "email");
}

/* Every raw value of a equals that of b. */
static void assert_same_values(const struct form *a, const struct form *b)
{
	for (size_t i = 0; i < ARRAY_SIZE(plain_fields); i++)
		assert_str_or_null(form_get(a, plain_fields[i]), form_get(b, plain_fields[i]),
				   form_field_label(plain_fields[i]));
	assert_str_or_null(a->roepnaam, b->roepnaam, "roepnaam");
	assert_str_or_null(a->voorvoegsel, b->voorvoegsel, "voorvoegsel");
	assert_str_or_null(a->achternaam, b->achternaam, "achternaam");
	assert_person(&a->ib, b->ib.name, b->ib.email);
	assert_person(&a->tb, b->tb.name, b->tb.email);
	assert_int_equal(a->n_ouder, b->n_ouder);
	for (size_t i = 0; i < a->n_ouder; i++)
		assert_person(&a->ouder[i], b->ouder[i].name, b->ouder[i].email);
	assert_int_equal(a->n_expertise, b->n_expertise);
	for (size_t i = 0; i < a->n_expertise; i++)
		assert_string_equal(a->expertise[i], b->expertise[i]);
}

/* True when the form holds no raw value at all. */
static bool form_is_empty(const struct form *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(plain_fields); i++)
		if (form_get(f, plain_fields[i]))
			return false;
	return !f->roepnaam && !f->voorvoegsel && !f->achternaam && !f->ib.name &&
	       !f->ib.email && !f->tb.name && !f->tb.email && !f->n_ouder && !f->n_expertise;
}

/* Replaces every LF by CR LF. */
static char *crlf(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s; s++) {
		if (*s == '\n')
			buf_addc(&b, '\r');
		buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

/* As a person types it in a mail: a greeting, stray blank lines, bold labels, odd spacing. */
static const char filled_mail[] =
	"Beste SO-loket,\n"                                                   /* 1 */
	"\n"
	"Hierbij onze aanvraag.\n"
	"\n"
	"**Niveau:** leerling\n"                                              /* 5 */
	"School :  OBS De Linde  \n"
	"*BRIN:* 99XX\n"
	"Bestuur:\tStichting Testbestuur\n"
	"groep: 5\n"
	"Leerling: Leerling van der Voorbeeld\n"                                       /* 10 */
	"Geboortedatum: 10-01-2018\n"
	"Intern begeleider: IB De Linde <ib@delinde.example>\n"
	"Trajectbegeleider: Trajectbegeleider Noord <tb.noord@bestuur.example>\n"
	"Ouder: Ouder Een <ouder.een@thuis.example>\n"
	"Ouder:   ouder.twee@thuis.example\n"                                 /* 15 */
	"\n"
	"\n"
	"Gewenst aantal uur: 12,5\n"
	"Gewenste startdatum: 1 februari 2027\n"
	"Gewenste einddatum:2027-07-01\n"                                     /* 20 */
	"Voorkeur SO-organisatie: SO Voorbeeld\n"
	"Voorkeur begeleider:\n"
	"\n"
	"Expertise (zet een x tussen de haken):\n"
	"[X] gedrag \xe2\x80\x93 gedrag\n"                                    /* 25 */
	"[ ] leren \xe2\x80\x93 leren\n"
	"[x] communicatie \xe2\x80\x93 spraak, taal en gehoor\n"
	"[] zicht\n"
	"[\xe2\x9c\x93] autisme \xe2\x80\x93 autisme\n"
	"[ ] anders\n"                                                        /* 30 */
	"\n"
	"Concrete ondersteuningsvraag: Hoe kunnen wij Leerling helpen\n"
	"   zich beter te concentreren in de klas?  \n"
	"Welke maatregelen zijn genomen?: Een vaste plek en een time-timer.\n"
	"Met welk resultaat? Wisselend.\n"                                    /* 35 */
	"\n"
	"Welke andere instanties zijn betrokken?:\n"
	"Geen.\n"
	"\n"
	"Met vriendelijke groet,\n"                                           /* 40 */
	"IB De Linde\n";

static void check_filled(const struct form *f)
{
	assert_string_equal(f->niveau, "leerling");
	assert_string_equal(f->school, "OBS De Linde");
	assert_string_equal(f->brin, "99XX");
	assert_string_equal(f->bestuur, "Stichting Testbestuur");
	assert_string_equal(f->groep, "5");
	assert_string_equal(f->roepnaam, "Leerling");
	assert_string_equal(f->voorvoegsel, "van der");
	assert_string_equal(f->achternaam, "Voorbeeld");
	assert_string_equal(f->geboortedatum, "10-01-2018");
	assert_person(&f->ib, "IB De Linde", "ib@delinde.example");
	assert_person(&f->tb, "Trajectbegeleider Noord", "tb.noord@bestuur.example");
	assert_int_equal(f->n_ouder, 2);
	assert_person(&f->ouder[0], "Ouder Een", "ouder.een@thuis.example");
	assert_person(&f->ouder[1], NULL, "ouder.twee@thuis.example");
	assert_string_equal(f->uren, "12,5");
	assert_string_equal(f->startdatum, "1 februari 2027");
	assert_string_equal(f->einddatum, "2027-07-01");
	assert_string_equal(f->so_organisatie, "SO Voorbeeld");
	assert_null(f->voorkeur_begeleider);
	assert_int_equal(f->n_expertise, 3);
	assert_string_equal(f->expertise[0], "gedrag");
	assert_string_equal(f->expertise[1], "communicatie");
	assert_string_equal(f->expertise[2], "autisme");
	assert_string_equal(f->ondersteuningsvraag,
			    "Hoe kunnen wij Leerling helpen\nzich beter te concentreren in de klas?");
	assert_string_equal(f->maatregelen, "Een vaste plek en een time-timer.");
	assert_string_equal(f->resultaat, "Wisselend.");
	assert_string_equal(f->andere_instanties, "Geen.");

	assert_int_equal(f->line[FF_NIVEAU], 5);
	assert_int_equal(f->line[FF_SCHOOL], 6);
	assert_int_equal(f->line[FF_LEERLING], 10);
	assert_int_equal(f->line[FF_IB], 12);
	assert_int_equal(f->line[FF_TB], 13);
	assert_int_equal(f->line[FF_OUDER], 14);
	assert_int_equal(f->line[FF_UREN], 18);
	assert_int_equal(f->line[FF_EIND], 20);
	assert_int_equal(f->line[FF_VOORKEUR], 22);
	assert_int_equal(f->line[FF_EXPERTISE], 24);
	assert_int_equal(f->line[FF_VRAAG], 32);
	assert_int_equal(f->line[FF_RESULTAAT], 35);
	assert_int_equal(f->line[FF_INSTANTIES], 37);
}

static void test_filled_form(void **state)
{
	struct form f;

	(void)state;
	form_init(&f);
	assert_int_equal(form_text_parse(filled_mail, &f), 21);
	check_filled(&f);
	form_free(&f);
}

static void test_filled_form_crlf(void **state)
{
	char *text = crlf(filled_mail);
	struct form f;

	(void)state;
	form_init(&f);
	assert_int_equal(form_text_parse(text, &f), 21);
	check_filled(&f);
	form_free(&f);
	free(text);
}

static void test_blank_form(void **state)
{
	struct form blank, f;

	(void)state;
	form_init(&blank);
	char *text = form_text_render(&blank);
	assert_non_null(strstr(text, "Niveau:\nSchool:\nBRIN:\nBestuur:\nGroep:\nLeerling:\n"));
	assert_non_null(strstr(text, "\nOuder:\nGewenst aantal uur:\n"));
	assert_non_null(strstr(text, "\nExpertise (zet een x tussen de haken):\n[ ] gedrag\n[ ] leren\n"
			      "[ ] communicatie \xe2\x80\x93 spraak, taal en gehoor\n"));
	assert_non_null(strstr(text, "\nMet welk resultaat?:\n"));
	assert_null(strstr(text, " \n"));
	assert_null(strstr(text, "[x]"));
	form_init(&f);
	assert_int_equal(form_text_parse(text, &f), 23);   /* 22 labels and the heading */
	assert_true(form_is_empty(&f));
	for (int i = FF_NIVEAU; i < FF_COUNT; i++)
		if (f.line[i] == 0)
			fail_msg("no line for %s", form_field_label((enum form_field)i));
	form_free(&f);
	free(text);
}

/* A form filled through the setters, as form_xml would fill it. */
static void fill(struct form *f)
{
	form_init(f);
	form_set(f, FF_NIVEAU, "leerling", 0);
	form_set(f, FF_SCHOOL, "OBS De Linde", 0);
	form_set(f, FF_BRIN, "99XX", 0);
	form_set(f, FF_BESTUUR, "Stichting Testbestuur", 0);
	form_set(f, FF_GROEP, "5b", 0);
	f->roepnaam = xstrdup("Leerling");
	f->voorvoegsel = xstrdup("van 't");
	f->achternaam = xstrdup("Voorbeeld");
	form_set(f, FF_GEBOORTEDATUM, "2018-01-10", 0);
	f->ib.name = xstrdup("IB De Linde");
	f->ib.email = xstrdup("ib@delinde.example");
	f->tb.email = xstrdup("tb.noord@bestuur.example");
	form_add_parent(f, "Ouder Een", "ouder.een@thuis.example", 0);
	form_add_parent(f, "Ouder Twee", NULL, 0);
	form_add_parent(f, NULL, "ouder.drie@thuis.example", 0);
	form_set(f, FF_UREN, "12,5", 0);
	form_set(f, FF_START, "2027-02-01", 0);
	form_set(f, FF_EIND, "2027-07-01", 0);
	form_set(f, FF_SO_ORG, "SO Voorbeeld", 0);
	form_set(f, FF_VOORKEUR, "Begeleider Zuid", 0);
	form_add_expertise(f, "gedrag", 0);
	form_add_expertise(f, "zml", 0);
	form_add_expertise(f, "anders", 0);
	form_set(f, FF_VRAAG, "Eerste regel van de vraag.\nTweede regel: met een dubbele punt.", 0);
	form_set(f, FF_MAATREGELEN, "Een vaste plek.", 0);
	form_set(f, FF_RESULTAAT, "Wisselend; soms beter?", 0);
	form_set(f, FF_INSTANTIES, "Jeugdteam Voorbeeld\nSchoolarts", 0);
	form_set(f, FF_BEHOEFTEN, "Structuur en voorspelbaarheid.\nKorte instructie.", 0);
	form_set(f, FF_TOELICHTING_OUDERS, "Zoals besproken op 3 november.", 0);
	form_set(f, FF_EERDERE, "BPO-2026-0042", 0);
}

static void test_round_trip(void **state)
{
	struct form orig, back, again;

	(void)state;
	fill(&orig);
	char *text = form_text_render(&orig);
	assert_non_null(strstr(text, "Leerling: Leerling van 't Voorbeeld\n"));
	assert_non_null(strstr(text, "Intern begeleider: IB De Linde <ib@delinde.example>\n"));
	assert_non_null(strstr(text, "Trajectbegeleider: tb.noord@bestuur.example\n"));
	assert_non_null(strstr(text, "Ouder: Ouder Een <ouder.een@thuis.example>\nOuder: Ouder Twee\n"
			      "Ouder: ouder.drie@thuis.example\n"));
	assert_non_null(strstr(text, "[x] gedrag\n[ ] leren\n"));
	assert_non_null(strstr(text, "[x] zml \xe2\x80\x93 zeer moeilijk lerend\n"));
	assert_non_null(strstr(text, "Concrete ondersteuningsvraag:\nEerste regel van de vraag.\n"
			      "Tweede regel: met een dubbele punt.\n"));
	assert_non_null(strstr(text, "Met welk resultaat?: Wisselend; soms beter?\n"));
	assert_null(strstr(text, " \n"));

	form_init(&back);
	assert_int_equal(form_text_parse(text, &back), 25);
	assert_non_null(strstr(text, "Ondersteuningsbehoeften:\nStructuur en voorspelbaarheid.\n"
			      "Korte instructie.\n"));
	assert_non_null(strstr(text, "Eerdere aanvraag: BPO-2026-0042\n"));
	assert_same_values(&back, &orig);

	char *text2 = form_text_render(&back);
	assert_string_equal(text2, text);
	form_init(&again);
	form_text_parse(text2, &again);
	assert_same_values(&again, &orig);

	form_free(&again);
	form_free(&back);
	form_free(&orig);
	free(text2);
	free(text);
}

/* The parsed mail renders and parses back to the same values. */
static void test_round_trip_from_mail(void **state)
{
	struct form f, back;

	(void)state;
	form_init(&f);
	form_text_parse(filled_mail, &f);
	char *text = form_text_render(&f);
	form_init(&back);
	form_text_parse(text, &back);
	assert_same_values(&back, &f);
	form_free(&back);
	form_free(&f);
	free(text);
}

/* Unknown codes come back checked so the sender can correct them. */
static void test_render_unknown_expertise(void **state)
{
	struct form f, back;

	(void)state;
	form_init(&f);
	form_add_expertise(&f, "leren", 0);
	form_add_expertise(&f, "hoogbegaafd", 0);
	char *text = form_text_render(&f);
	assert_non_null(strstr(text, "[ ] gedrag\n[x] leren\n"));
	assert_non_null(strstr(text, "[ ] anders \xe2\x80\x93 anders (licht toe in de ondersteuningsvraag)\n"
			      "[x] hoogbegaafd\n"));
	form_init(&back);
	form_text_parse(text, &back);
	assert_same_values(&back, &f);
	form_free(&back);
	form_free(&f);
	free(text);
}

/* Blank lines inside a question collapse so the value parses back. */
static void test_render_collapses_blank_lines(void **state)
{
	struct form f, back;

	(void)state;
	form_init(&f);
	form_set(&f, FF_VRAAG, "Alinea een.\n\n  Alinea twee.  \n", 0);
	form_set(&f, FF_SCHOOL, "OBS\nDe Linde", 0);
	char *text = form_text_render(&f);
	assert_non_null(strstr(text, "Concrete ondersteuningsvraag:\nAlinea een.\nAlinea twee.\n"));
	assert_non_null(strstr(text, "School: OBS De Linde\n"));
	form_init(&back);
	form_text_parse(text, &back);
	assert_string_equal(back.ondersteuningsvraag, "Alinea een.\nAlinea twee.");
	assert_string_equal(back.school, "OBS De Linde");
	form_free(&back);
	form_free(&f);
	free(text);
}

static void expect_no_form(const char *text)
{
	struct form f;

	form_init(&f);
	if (form_text_parse(text, &f) != 0)
		fail_msg("a form found in \"%s\"", text);
	assert_true(form_is_empty(&f));
	form_free(&f);
}

static void test_no_form(void **state)
{
	(void)state;
	expect_no_form("");
	expect_no_form(NULL);
	expect_no_form("\n\n\n");
	expect_no_form("Hallo,\n\nGraag het formulier.\n\nGroet,\nIB De Linde\n");
	expect_no_form("Dank voor uw bericht. Wij hebben het gelezen: prima.\n"
		       "Kunt u morgen bellen? Dat zou fijn zijn.\n"
		       "Let op: de school is vrijdag gesloten.\n"
		       "Zie bijlage (verslag).\n"
		       "Groep 5 doet mee aan de toets.\n");
	expect_no_form("School?\nLeerling\n: leeg\n[zie bijlage] het verslag\n");
}

static void expect_pupil(const char *value, const char *roep, const char *vv, const char *achter)
{
	char *text = xasprintf("Leerling: %s\n", value);
	struct form f;

	form_init(&f);
	assert_int_equal(form_text_parse(text, &f), 1);
	assert_str_or_null(f.roepnaam, roep, value);
	assert_str_or_null(f.voorvoegsel, vv, value);
	assert_str_or_null(f.achternaam, achter, value);
	assert_int_equal(f.line[FF_LEERLING], 1);
	form_free(&f);
	free(text);
}

static void test_pupil_names(void **state)
{
	(void)state;
	expect_pupil("Leerling Een", "Leerling", NULL, "Een");
	expect_pupil("Leerling van der Voorbeeld", "Leerling", "van der", "Voorbeeld");
	expect_pupil("Leerling de Voorbeeld", "Leerling", "de", "Voorbeeld");
	expect_pupil("Leerling Van Den Voorbeeld", "Leerling", "Van Den", "Voorbeeld");
	expect_pupil("Leerling van 't Voorbeeld", "Leerling", "van 't", "Voorbeeld");
	expect_pupil("Leerling van \xe2\x80\x99t Voorbeeld", "Leerling", "van \xe2\x80\x99t", "Voorbeeld");
	expect_pupil("Leerling op de Voorbeeld", "Leerling", "op de", "Voorbeeld");
	expect_pupil("Leerling in 't Voorbeeld", "Leerling", "in 't", "Voorbeeld");
	expect_pupil("Leerling ter Voorbeeld", "Leerling", "ter", "Voorbeeld");
	expect_pupil("Leerling d' Voorbeeld", "Leerling", "d'", "Voorbeeld");
	expect_pupil("Leerling el Voorbeeld", "Leerling", "el", "Voorbeeld");
	expect_pupil("Leerling uit den Voorbeeld", "Leerling", "uit den", "Voorbeeld");
	expect_pupil("  Leerling   van  der   Voorbeeld  ", "Leerling", "van der", "Voorbeeld");
	expect_pupil("Leerling van der Voorbeeld van Anders", "Leerling", "van der", "Voorbeeld van Anders");
	expect_pupil("Leerling Jan de Voorbeeld", "Leerling", NULL, "Jan de Voorbeeld");
	expect_pupil("Leerling Voorbeeld-Voorbeeld", "Leerling", NULL, "Voorbeeld-Voorbeeld");
	expect_pupil("Leerling de", "Leerling", NULL, "de");
	expect_pupil("Leerling van der", "Leerling", "van", "der");
	expect_pupil("Leerling", "Leerling", NULL, NULL);
	expect_pupil("", NULL, NULL, NULL);
	expect_pupil("J\xc3\xabl de T\xc3\xa9st", "J\xc3\xabl", "de", "T\xc3\xa9st");
}

static void expect_ib(const char *value, const char *name, const char *email)
{
	char *text = xasprintf("\nIntern begeleider: %s\n", value);
	struct form f;

	form_init(&f);
	assert_int_equal(form_text_parse(text, &f), 1);
	assert_person(&f.ib, name, email);
	assert_int_equal(f.line[FF_IB], 2);
	form_free(&f);
	free(text);
}

static void test_people(void **state)
{
	(void)state;
	expect_ib("IB De Linde <ib@delinde.example>", "IB De Linde", "ib@delinde.example");
	expect_ib("\"IB De Linde\" <ib@delinde.example>", "IB De Linde", "ib@delinde.example");
	expect_ib("<ib@delinde.example>", NULL, "ib@delinde.example");
	expect_ib("ib@delinde.example", NULL, "ib@delinde.example");
	expect_ib("mailto:ib@delinde.example", NULL, "ib@delinde.example");
	expect_ib("IB De Linde <mailto:ib@delinde.example>", "IB De Linde", "ib@delinde.example");
	expect_ib("IB De Linde <ib@delinde.example", "IB De Linde", "ib@delinde.example");
	expect_ib("IB <De> Linde <ib@delinde.example>", "IB <De> Linde", "ib@delinde.example");
	expect_ib("IB De Linde", "IB De Linde", NULL);
	expect_ib("IB De Linde (ib@delinde.example)", "IB De Linde", "ib@delinde.example");
	expect_ib("ib@delinde.example (IB De Linde)", "IB De Linde", "ib@delinde.example");
	expect_ib("IB De Linde ib@delinde.example", "IB De Linde", "ib@delinde.example");
	expect_ib("IB De Linde, ib@delinde.example", "IB De Linde", "ib@delinde.example");
	expect_ib("ib@delinde.example IB De Linde", "IB De Linde", "ib@delinde.example");
	expect_ib("IB De Linde (locatie Noord)", "IB De Linde (locatie Noord)", NULL);
	expect_ib("", NULL, NULL);
}

static void test_trajectbegeleider(void **state)
{
	struct form f;

	(void)state;
	form_init(&f);
	assert_int_equal(form_text_parse("Trajectbegeleider: Trajectbegeleider Noord "
					 "<tb.noord@bestuur.example>\n", &f), 1);
	assert_person(&f.tb, "Trajectbegeleider Noord", "tb.noord@bestuur.example");
	assert_int_equal(f.line[FF_TB], 1);
	form_free(&f);
}

static void test_parents(void **state)
{
	struct form f;

	(void)state;
	/* Continuation lines under "Ouders:" are parents of their own. */
	form_init(&f);
	assert_int_equal(form_text_parse("Ouders:\nOuder Een <ouder.een@thuis.example>\n"
					 "Ouder Twee <ouder.twee@thuis.example>\n", &f), 1);
	assert_int_equal(f.n_ouder, 2);
	assert_person(&f.ouder[0], "Ouder Een", "ouder.een@thuis.example");
	assert_person(&f.ouder[1], "Ouder Twee", "ouder.twee@thuis.example");
	assert_int_equal(f.line[FF_OUDER], 1);
	form_free(&f);

	/* An address alone on the next line completes the name. */
	form_init(&f);
	form_text_parse("Ouder: Ouder Een\n<ouder.een@thuis.example>\nOuder: Ouder Twee\n", &f);
	assert_int_equal(f.n_ouder, 2);
	assert_person(&f.ouder[0], "Ouder Een", "ouder.een@thuis.example");
	assert_person(&f.ouder[1], "Ouder Twee", NULL);
	form_free(&f);

	/* Empty Ouder lines add nobody but record the line. */
	form_init(&f);
	assert_int_equal(form_text_parse("\n\nOuder:\nOuder:\n", &f), 2);
	assert_int_equal(f.n_ouder, 0);
	assert_int_equal(f.line[FF_OUDER], 3);
	form_free(&f);

	/* More than BOUND_PARENTS are counted, not kept. */
	form_init(&f);
	form_text_parse("Ouder: a@thuis.example\nOuder: b@thuis.example\nOuder: c@thuis.example\n"
			"Ouder: d@thuis.example\nOuder: e@thuis.example\nOuder: f@thuis.example\n", &f);
	assert_int_equal(f.n_ouder, BOUND_PARENTS);
	assert_int_equal(f.n_ouder_dropped, 2);
	form_free(&f);
}

static void test_checkboxes(void **state)
{
	static const char text[] =
		"Expertise:\n"
		"[x] gedrag\n"
		"[X] leren \xe2\x80\x93 leren\n"
		"[*] communicatie \xe2\x80\x93 spraak, taal en gehoor\n"
		"[v] zicht\n"
		"[ x ] motoriek - lichamelijk en motorisch\n"
		"- [x] ziekte\n"
		"[ ] zml\n"
		"[] autisme\n"
		"[   ] anders\n"
		"[\xe2\x9c\x93]Anders,\n"
		"[x] hoogbegaafd \xe2\x80\x93 iets anders\n"
		"[x] gedrag\xe2\x80\x93gedrag\n"
		"[x]\n"
		"[zie bijlage] geen vinkje\n";
	static const char *const want[] = {
		"gedrag", "leren", "communicatie", "zicht", "motoriek", "ziekte", "Anders",
		"hoogbegaafd", "gedrag",
	};
	struct form f;

	(void)state;
	form_init(&f);
	assert_int_equal(form_text_parse(text, &f), 1);
	assert_int_equal(f.n_expertise, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_string_equal(f.expertise[i], want[i]);
	assert_int_equal(f.line[FF_EXPERTISE], 1);
	form_free(&f);

	/* Checkboxes without a heading still count; the first checked line is recorded. */
	form_init(&f);
	assert_int_equal(form_text_parse("\n[ ] gedrag\n[x] leren\n", &f), 0);
	assert_int_equal(f.n_expertise, 1);
	assert_int_equal(f.line[FF_EXPERTISE], 3);
	form_free(&f);

	/* A heading with nothing checked records its line. */
	form_init(&f);
	assert_int_equal(form_text_parse("School: x\n**Expertise**\n[ ] gedrag\n", &f), 2);
	assert_int_equal(f.n_expertise, 0);
	assert_int_equal(f.line[FF_EXPERTISE], 2);
	form_free(&f);
}

static void test_label_variants(void **state)
{
	static const char text[] =
		"BRIN-code: 11AA\n"
		"**Bestuur**: Stichting Testbestuur\n"
		"__Groep:__ 7\n"
		"**School: OBS De Linde**\n"
		"Aantal uur: 10\n"
		"Startdatum: 1-2-2027\n"
		"Einddatum: 1-7-2027\n"
		"GEBOORTEDATUM : 1-1-2018\n"
		"Intern\xc2\xa0" "begeleider:\xc2\xa0IB De Linde\n"
		"CONCRETE ONDERSTEUNINGSVRAAG:\n"
		"Hoe verder?\n"
		"*Met welk resultaat?* Matig.\n"
		"Welke maatregelen zijn genomen : Gesprekken.\n"
		"welke andere instanties zijn betrokken ?: Geen\n"
		"Voorkeur SO organisatie: SO Voorbeeld\n";
	struct form f;

	(void)state;
	form_init(&f);
	assert_int_equal(form_text_parse(text, &f), 14);
	assert_string_equal(f.brin, "11AA");
	assert_string_equal(f.bestuur, "Stichting Testbestuur");
	assert_string_equal(f.groep, "7");
	assert_string_equal(f.school, "OBS De Linde");
	assert_string_equal(f.uren, "10");
	assert_string_equal(f.startdatum, "1-2-2027");
	assert_string_equal(f.einddatum, "1-7-2027");
	assert_string_equal(f.geboortedatum, "1-1-2018");
	assert_person(&f.ib, "IB De Linde", NULL);
	assert_string_equal(f.ondersteuningsvraag, "Hoe verder?");
	assert_string_equal(f.resultaat, "Matig.");
	assert_string_equal(f.maatregelen, "Gesprekken.");
	assert_string_equal(f.andere_instanties, "Geen");
	assert_string_equal(f.so_organisatie, "SO Voorbeeld");
	form_free(&f);

	form_init(&f);
	assert_int_equal(form_text_parse("Brincode: 22BB\nGewenst aantal uren: 4\n\n"
					 "Co\xc3\xb6rdinator: x\n\nGe\xc3\xabwenste startdatum: 1-1-2027\n"
					 "\nSchool?: geen vraag\n", &f), 2);
	assert_string_equal(f.brin, "22BB");
	assert_string_equal(f.uren, "4");
	assert_null(f.startdatum);
	form_free(&f);
}

static void test_values_over_lines(void **state)
{
	static const char text[] =
		"School: OBS\n"
		"De Linde\n"
		"Concrete ondersteuningsvraag:\n"
		"Regel een\n"
		"  Regel twee\n"
		"\n"
		"Dit hoort er ook bij: een antwoord loopt door tot het volgende label.\n"
		"School: Tweede school\n"
		"Welke maatregelen zijn genomen?:\n"
		"\n"
		"Losse tekst.\n"
		"Groep: 3\n"
		"[x] gedrag\n"
		"geen vervolg van groep\n";
	struct form f;

	(void)state;
	form_init(&f);
	assert_int_equal(form_text_parse(text, &f), 5);
	assert_string_equal(f.school, "Tweede school");      /* a later label replaces */
	assert_int_equal(f.line[FF_SCHOOL], 8);
	assert_string_equal(f.ondersteuningsvraag, "Regel een\nRegel twee\n\n"
			    "Dit hoort er ook bij: een antwoord loopt door tot het volgende label.");
	assert_string_equal(f.maatregelen, "Losse tekst.");   /* the answer below its question */
	assert_int_equal(f.line[FF_MAATREGELEN], 9);
	assert_string_equal(f.groep, "3");
	form_free(&f);

	form_init(&f);
	form_text_parse("School: OBS\nDe Linde\n", &f);
	assert_string_equal(f.school, "OBS De Linde");
	form_free(&f);

	/* After the last label, a paragraph is the sender's note, not the answer. */
	form_init(&f);
	form_text_parse("Een notitie boven het formulier.\n\nSchool: OBS\n"
			"Welke andere instanties zijn betrokken?: geen\n\nAlvast bedankt!\n", &f);
	assert_string_equal(f.andere_instanties, "geen");
	assert_int_equal(f.first_line, 3);
	assert_int_equal(f.last_line, 4);
	form_free(&f);
}

static void test_value_bound(void **state)
{
	struct buf b = BUF_INIT;
	struct form f;

	(void)state;
	buf_adds(&b, "School: x");
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, "\xc3\xa9");   /* é: two bytes, so the cut falls inside one */
	buf_adds(&b, "\nConcrete ondersteuningsvraag:\n");
	for (int i = 0; i < 3000; i++)
		buf_adds(&b, "een regel\n");
	form_init(&f);
	assert_int_equal(form_text_parse(buf_str(&b), &f), 2);
	assert_true(strlen(f.school) <= BOUND_FIELD);
	assert_true(strlen(f.school) >= BOUND_FIELD - 1);
	assert_true(utf8_valid(f.school, strlen(f.school)));
	assert_true(strlen(f.ondersteuningsvraag) <= BOUND_FIELD);
	assert_true(strlen(f.ondersteuningsvraag) > BOUND_FIELD - 20);
	form_free(&f);
	buf_free(&b);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A 1 MB text of 100,000 lines, in the shapes that could cost the most. */
static void test_large_text(void **state)
{
	static const char *const shapes[] = {
		"School: OBS De Linde\n",                  /* every line a label */
		"meer tekst van de vraag\n",               /* one long value */
		"[x] gedrag \xe2\x80\x93 gedrag\n",        /* every line a checkbox */
		"Ouder: Ouder Een <o@thuis.example>\n",    /* every line a parent */
		"Wat: is dit? Geen label.\n",              /* separators everywhere */
	};
	struct timespec t0;

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(shapes); s++) {
		struct buf b = BUF_INIT;
		struct form f;
		buf_adds(&b, "Concrete ondersteuningsvraag: begin\n");
		for (int i = 0; i < 100000; i++)
			buf_adds(&b, shapes[s]);
		form_init(&f);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		size_t n = form_text_parse(buf_str(&b), &f);
		double took = seconds_since(&t0);
		if (took > 5.0)
			fail_msg("shape %zu took %.2f s", s, took);
		assert_true(n >= 1);
		assert_true(strlen(f.ondersteuningsvraag) <= BOUND_FIELD);
		form_free(&f);
		buf_free(&b);
	}

	/* One line of 1 MB without a line end. */
	struct buf b = BUF_INIT;
	struct form f;
	buf_adds(&b, "Met welk resultaat?: ");
	for (int i = 0; i < 1024 * 1024; i++)
		buf_addc(&b, i % 7 ? 'a' : ' ');
	form_init(&f);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(form_text_parse(buf_str(&b), &f), 1);
	assert_true(seconds_since(&t0) < 5.0);
	assert_true(strlen(f.resultaat) <= BOUND_FIELD);
	form_free(&f);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filled_form),
		cmocka_unit_test(test_filled_form_crlf),
		cmocka_unit_test(test_blank_form),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_from_mail),
		cmocka_unit_test(test_render_unknown_expertise),
		cmocka_unit_test(test_render_collapses_blank_lines),
		cmocka_unit_test(test_no_form),
		cmocka_unit_test(test_pupil_names),
		cmocka_unit_test(test_people),
		cmocka_unit_test(test_trajectbegeleider),
		cmocka_unit_test(test_parents),
		cmocka_unit_test(test_checkboxes),
		cmocka_unit_test(test_label_variants),
		cmocka_unit_test(test_values_over_lines),
		cmocka_unit_test(test_value_bound),
		cmocka_unit_test(test_large_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
