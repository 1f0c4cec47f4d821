/* test_template.c: the template engine and every shipped template (template.c, templates/). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "command.h"
#include "notice.h"
#include "mailbody.h"
#include "template.h"
#include "util.h"

/* Expands text with v; checks the result, or with want NULL the error naming what. */
static void check(const char *text, const struct tvars *v, bool subject, const char *want,
		  const char *err_has)
{
	struct buf out = BUF_INIT;
	char *err = (char *)"untouched";
	int rc = template_expand(text, strlen(text), v, subject, &out, &err);

	if (want) {
		if (rc != 0)
			fail_msg("template_expand(\"%s\") failed: %s", text, err ? err : "(no error)");
		assert_null(err);
		if (strcmp(buf_str(&out), want) != 0)
			fail_msg("template_expand(\"%s\") = \"%s\", want \"%s\"", text, buf_str(&out), want);
	} else {
		if (rc != -1)
			fail_msg("template_expand(\"%s\") = \"%s\", want an error", text, buf_str(&out));
		assert_non_null(err);
		if (err_has && !strstr(err, err_has))
			fail_msg("template_expand(\"%s\"): error \"%s\" does not say \"%s\"", text, err,
				 err_has);
		free(err);
	}
	buf_free(&out);
}

static void ok(const char *text, const struct tvars *v, const char *want)
{
	check(text, v, false, want, NULL);
}

static void bad(const char *text, const struct tvars *v, const char *err_has)
{
	check(text, v, false, NULL, err_has);
}

static void sample_vars(struct tvars *v)
{
	tvars_set(v, "naam", "Anna");
	tvars_set(v, "leeg", "");
	tvars_set(v, "vol", "ja");
	tvars_set(v, "a", "A");
	tvars_set(v, "b", "");
	tvars_set(v, "x", "{{naam}}");   /* a value is never expanded again */
	tvars_set_private(v, "leerling", "Sanne de Vries");
}

static void test_placeholders(void **state)
{
	struct tvars v = TVARS_INIT;

	(void)state;
	sample_vars(&v);
	ok("", &v, "");
	ok("Beste {{naam}},\n", &v, "Beste Anna,\n");
	ok("{{naam}}{{naam}}", &v, "AnnaAnna");
	ok("[{{leeg}}]", &v, "[]");
	ok("{{x}}", &v, "{{naam}}");
	ok("{ naam } {naam} }} {", &v, "{ naam } {naam} }} {");
	ok("{{leerling}} in een body", &v, "Sanne de Vries in een body");
	bad("Beste {{onbekend}},", &v, "onbekend");
	bad("{{Naam}}", &v, "Naam");   /* names are exact */
	bad("{{ naam }}", &v, " naam ");
	tvars_free(&v);
}

/* A letter's values over its request's (tvars_over): as if copied, private ones stay private. */
static void test_values_over(void **state)
{
	struct tvars under = TVARS_INIT, v = TVARS_INIT;

	(void)state;
	sample_vars(&under);
	tvars_over(&v, &under);
	tvars_set(&v, "naam", "IB De Linde");
	tvars_set(&v, "leerling", "een ander");
	tvars_set(&v, "eigen", "E");
	ok("{{naam}} {{vol}} {{eigen}} {{leerling}}", &v, "IB De Linde ja E een ander");
	ok("{{?vol}}vol{{/vol}}{{^leeg}} leeg{{/leeg}}", &v, "vol leeg");
	assert_string_equal(tvars_get(&v, "a"), "A");
	assert_null(tvars_get(&v, "onbekend"));
	check("{{naam}}", &v, true, "IB De Linde", NULL);
	check("{{leerling}}", &v, true, NULL, "may not be used in a subject");
	check("{{?leerling}}x{{/leerling}}", &v, true, NULL, "may not be used in a subject");
	ok("{{naam}}", &under, "Anna");   /* under is not changed */
	tvars_free(&v);
	tvars_free(&under);
}

static void test_blocks(void **state)
{
	struct tvars v = TVARS_INIT;

	(void)state;
	sample_vars(&v);
	ok("[{{?vol}}wel{{/vol}}]", &v, "[wel]");
	ok("[{{?leeg}}wel{{/leeg}}]", &v, "[]");
	ok("[{{^vol}}niet{{/vol}}]", &v, "[]");
	ok("[{{^leeg}}niet{{/leeg}}]", &v, "[niet]");
	ok("{{?vol}}{{naam}}{{/vol}}{{^vol}}niemand{{/vol}}", &v, "Anna");
	/* Nested. */
	ok("{{?a}}A{{?b}}B{{/b}}{{^b}}-{{/b}}{{/a}}", &v, "A-");
	ok("{{?b}}B{{?a}}A{{/a}}{{/b}}.", &v, ".");
	ok("{{^b}}{{^leeg}}{{?vol}}drie{{/vol}}{{/leeg}}{{/b}}", &v, "drie");
	/* Unknown names count in a skipped block too: a template is checked whole. */
	bad("{{?leeg}}{{onbekend}}{{/leeg}}", &v, "onbekend");
	bad("{{?onbekend}}x{{/onbekend}}", &v, "onbekend");
	tvars_free(&v);
}

static void test_block_lines(void **state)
{
	struct tvars v = TVARS_INIT;

	(void)state;
	sample_vars(&v);
	ok("een\n{{?vol}}\ntwee\n{{/vol}}\ndrie\n", &v, "een\ntwee\ndrie\n");
	ok("een\n{{?leeg}}\ntwee\n{{/leeg}}\ndrie\n", &v, "een\ndrie\n");
	ok("een\n  {{?vol}}  \ntwee\n\t{{/vol}}\ndrie\n", &v, "een\ntwee\ndrie\n");
	ok("een\n{{^vol}}\ntwee\n{{/vol}}\ndrie", &v, "een\ndrie");
	ok("{{?vol}}\nx\n{{/vol}}", &v, "x\n");
	ok("een\n{{?vol}}\n{{?leeg}}\nnee\n{{/leeg}}\nja\n{{/vol}}\ndrie\n", &v, "een\nja\ndrie\n");
	/* A tag with text on its line keeps the line end. */
	ok("een {{?vol}}wel{{/vol}}\ntwee\n", &v, "een wel\ntwee\n");
	ok("een {{?leeg}}wel{{/leeg}}\ntwee\n", &v, "een \ntwee\n");
	/* A placeholder alone on its line is no block tag: its line stays. */
	ok("een\n{{leeg}}\ntwee", &v, "een\n\ntwee");
	tvars_free(&v);
}

/*
 * Bug: a block opened in the middle of a line started a "new line" for its
 * contents, so a closing tag right after it was taken as alone on its line
 * (the line end vanished) and "##" inside it as a comment.
 */
static void test_bug_block_opened_mid_line(void **state)
{
	struct tvars v = TVARS_INIT;

	(void)state;
	sample_vars(&v);
	ok("Hallo {{?vol}}{{/vol}}\nvolgende\n", &v, "Hallo \nvolgende\n");
	ok("Hallo {{?vol}}  {{/vol}}\nvolgende\n", &v, "Hallo   \nvolgende\n");
	ok("a {{?vol}}## geen commentaar{{/vol}}\nb", &v, "a ## geen commentaar\nb");
	tvars_free(&v);
}

static void test_comments(void **state)
{
	struct tvars v = TVARS_INIT;

	(void)state;
	sample_vars(&v);
	ok("## uitleg voor de beheerder\nBeste {{naam}},\n", &v, "Beste Anna,\n");
	ok("een\n## {{onbekend}} in commentaar telt niet\ntwee", &v, "een\ntwee");
	ok("een\n##", &v, "een\n");
	ok("een ## twee\n # drie\n", &v, "een ## twee\n # drie\n");
	ok("{{?vol}}\n## binnen een blok\nja\n{{/vol}}\n", &v, "ja\n");
	tvars_free(&v);
}

static void test_errors(void **state)
{
	struct tvars v = TVARS_INIT;

	(void)state;
	sample_vars(&v);
	bad("{{?vol}}open", &v, "vol");
	bad("een\n{{?vol}}\ntwee\n", &v, "not closed");
	bad("{{?vol}}{{?leeg}}x{{/vol}}{{/leeg}}", &v, "closes nothing");
	bad("tekst{{/vol}}", &v, "closes nothing");
	bad("{{/}}", &v, NULL);
	bad("{{/onbekend}}", &v, "closes nothing");
	bad("abc{{", &v, NULL);
	bad("{{", &v, NULL);
	bad("abc{{naam", &v, NULL);
	bad("{{naam}\n}}", &v, NULL);
	bad("{{}}", &v, NULL);
	bad("{{?}}{{/}}", &v, NULL);
	bad("{{^}}", &v, NULL);
	bad("{{>}}", &v, NULL);
	bad("{{>voettekst}}", &v, "directory");   /* no includes without a directory */
	/* The line of the error is named. */
	bad("een\ntwee\n{{onbekend}}", &v, "line 3");
	tvars_free(&v);
}

static void test_private_in_subject(void **state)
{
	struct tvars v = TVARS_INIT;

	(void)state;
	sample_vars(&v);
	check("Aanvraag voor {{leerling}}", &v, true, NULL, "leerling");
	check("{{?leerling}}x{{/leerling}}", &v, true, NULL, "leerling");
	check("{{^leerling}}x{{/leerling}}", &v, true, NULL, "leerling");
	check("{{?leeg}}{{leerling}}{{/leeg}}", &v, true, NULL, "leerling");
	check("Aanvraag voor {{naam}}", &v, true, "Aanvraag voor Anna", NULL);
	check("Aanvraag voor {{leerling}}", &v, false, "Aanvraag voor Sanne de Vries", NULL);
	/* Replacing a private value keeps it private; copying keeps it private. */
	tvars_set(&v, "leerling", "Piet");
	check("{{leerling}}", &v, true, NULL, "leerling");
	struct tvars w = TVARS_INIT;
	tvars_set(&w, "leerling", "openbaar");
	tvars_copy(&w, &v);
	assert_string_equal(tvars_get(&w, "leerling"), "Piet");
	check("{{leerling}}", &w, true, NULL, "leerling");
	tvars_free(&w);
	assert_null(tvars_get(&v, "onbekend"));
	tvars_set(&v, "null", NULL);
	assert_string_equal(tvars_get(&v, "null"), "");
	tvars_setf(&v, "getal", "%d-%s", 42, "x");
	assert_string_equal(tvars_get(&v, "getal"), "42-x");
	tvars_free(&v);
	tvars_free(&v);   /* twice is harmless */
}

static void test_output_bound(void **state)
{
	struct tvars v = TVARS_INIT;
	size_t big = BOUND_TEMPLATE_OUTPUT / 3 + 1;
	char *value = xmalloc(big + 1);
	struct buf text = BUF_INIT, out = BUF_INIT;
	char *err = NULL;

	(void)state;
	memset(value, 'x', big);
	value[big] = '\0';
	tvars_set(&v, "groot", value);
	/* Twice fits, three times does not: also when nothing follows the last one. */
	assert_int_equal(template_expand("{{groot}}{{groot}}", 18, &v, false, &out, &err), 0);
	assert_int_equal(out.len, 2 * big);
	buf_free(&out);
	buf_adds(&text, "{{groot}}{{groot}}{{groot}}");
	assert_int_equal(template_expand(buf_str(&text), text.len, &v, false, &out, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "longer"));
	free(err);
	buf_free(&out);
	/* One value over the bound. */
	char *huge = xmalloc(BOUND_TEMPLATE_OUTPUT + 2);
	memset(huge, 'y', BOUND_TEMPLATE_OUTPUT + 1);
	huge[BOUND_TEMPLATE_OUTPUT + 1] = '\0';
	tvars_set(&v, "enorm", huge);
	assert_int_equal(template_expand("{{enorm}}", 9, &v, false, &out, &err), -1);
	free(err);
	buf_free(&out);
	/* Many small ones over the bound. */
	buf_truncate(&text, 0);
	tvars_set(&v, "k", "0123456789");
	for (size_t i = 0; i < BOUND_TEMPLATE_OUTPUT / 10 + 10; i++)
		buf_adds(&text, "{{k}}");
	assert_int_equal(template_expand(buf_str(&text), text.len, &v, false, &out, &err), -1);
	assert_true(out.len <= BOUND_TEMPLATE_OUTPUT + 10);
	free(err);
	buf_free(&out);
	/* Exactly at the bound is fine. */
	huge[BOUND_TEMPLATE_OUTPUT] = '\0';
	tvars_set(&v, "enorm", huge);
	assert_int_equal(template_expand("{{enorm}}", 9, &v, false, &out, &err), 0);
	assert_int_equal(out.len, BOUND_TEMPLATE_OUTPUT);
	buf_free(&out);
	free(huge);
	free(value);
	buf_free(&text);
	tvars_free(&v);
}

static void test_nesting_limit(void **state)
{
	struct tvars v = TVARS_INIT;
	struct buf text = BUF_INIT, out = BUF_INIT;
	char *err = NULL;

	(void)state;
	sample_vars(&v);
	for (int i = 0; i < 6; i++)
		buf_adds(&text, "{{?vol}}");
	buf_adds(&text, "diep");
	for (int i = 0; i < 6; i++)
		buf_adds(&text, "{{/vol}}");
	ok(buf_str(&text), &v, "diep");
	buf_truncate(&text, 0);
	for (int i = 0; i < 10000; i++)
		buf_adds(&text, "{{?vol}}");
	assert_int_equal(template_expand(buf_str(&text), text.len, &v, false, &out, &err), -1);
	assert_non_null(strstr(err, "nested"));
	free(err);
	buf_free(&out);
	buf_free(&text);
	tvars_free(&v);
}

/* A directory of our own with templates that include each other. */
static void test_includes(void **state)
{
	char dir[] = "/tmp/bpomail-test-template-XXXXXX";
	struct tvars v = TVARS_INIT;
	char *subject, *body, *err;
	static const struct {
		const char *name, *text;
	} files[] = {
		{ "zelf", "Onderwerp: zelf\n\n{{>zelf}}\n" },
		{ "deel", "Groet van {{naam}}\n" },
		{ "hoofd", "Onderwerp:   Over {{naam}}  \n\nBeste {{naam}},  \n\n\n\ntekst\t\n\n{{>deel}}" },
		{ "geen-onderwerp", "Beste {{naam}}\n" },
		{ "pad", "Onderwerp: x\n\n{{>../etc}}\n" },
		{ "kop-brief", "Onderwerp: {{>kop}}\n\nBeste {{naam}}\n" },
		{ "kop", "Over {{naam}}" },
		{ "dicht", "Onderwerp: x\n\n{{?naam}}\n{{>deel}}{{/naam}}\n" },
		{ "sluit", "Onderwerp: x\n\n{{?naam}}\n{{>sluiter}}\n" },
		{ "sluiter", "{{/naam}}\n" },
	};

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *path = xasprintf("%s/%s.txt", dir, files[i].name);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(files[i].text, f);
		assert_int_equal(fclose(f), 0);
		free(path);
	}
	tvars_set(&v, "naam", "Anna");

	assert_int_equal(template_render(dir, "hoofd", &v, &subject, &body, &err), 0);
	assert_string_equal(subject, "Over Anna");
	assert_string_equal(body, "Beste Anna,\n\ntekst\n\nGroet van Anna\n");
	free(subject);
	free(body);

	/* An include in the subject reads a file the body's text must survive (kept files do not move). */
	assert_int_equal(template_render(dir, "kop-brief", &v, &subject, &body, &err), 0);
	assert_string_equal(subject, "Over Anna");
	assert_string_equal(body, "Beste Anna\n");
	free(subject);
	free(body);

	assert_int_equal(template_render(dir, "dicht", &v, &subject, &body, &err), 0);
	assert_string_equal(body, "Groet van Anna\n");
	free(subject);
	free(body);

	assert_int_equal(template_render(dir, "zelf", &v, &subject, &body, &err), -1);
	assert_null(subject);
	assert_null(body);
	assert_non_null(strstr(err, "deep"));
	free(err);
	assert_int_equal(template_render(dir, "geen-onderwerp", &v, &subject, &body, &err), -1);
	assert_non_null(strstr(err, "Onderwerp"));
	free(err);
	assert_int_equal(template_render(dir, "pad", &v, &subject, &body, &err), -1);
	free(err);
	assert_int_equal(template_render(dir, "sluit", &v, &subject, &body, &err), -1);
	free(err);
	assert_int_equal(template_render(dir, "bestaat-niet", &v, &subject, &body, &err), -1);
	assert_non_null(strstr(err, "bestaat-niet"));
	free(err);

	/* Read once per process: an edit counts from the next run, a whole scan writes alike. */
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *path = xasprintf("%s/%s.txt", dir, files[i].name);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs("Onderwerp: anders\n\nanders\n", f);
		assert_int_equal(fclose(f), 0);
		free(path);
	}
	assert_int_equal(template_render(dir, "hoofd", &v, &subject, &body, &err), 0);
	assert_string_equal(subject, "Over Anna");
	assert_string_equal(body, "Beste Anna,\n\ntekst\n\nGroet van Anna\n");
	free(subject);
	free(body);

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *path = xasprintf("%s/%s.txt", dir, files[i].name);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	tvars_free(&v);
}

/* Shipped templates ------------------------------------------------------- */

static const char *template_dir(void)
{
	const char *dir = getenv("BPOMAIL_TEMPLATEDIR");
	return dir && *dir ? dir : "templates";
}

/*
 * The placeholders of src/letter.c (its placeholders[] list, "systeem" and
 * "systeemnaam", and "naam" and "rol" per recipient), with sample values.
 */
static const struct sample {
	const char *name;
	bool private;
	const char *value;
} samples[] = {
	{ "kenmerk", false, "BPO-2027-0001" },
	{ "status", false, "BPO>indienen SO-loket" },
	{ "niveau", false, "leerling" },
	{ "school", false, "De Linde" },
	{ "brin", false, "12AB" },
	{ "bestuur", false, "Stichting Noord" },
	{ "groep", false, "groep 5" },
	{ "expertise", false, "gedrag, leren" },
	{ "volgende", false, "de coördinator SO-loket" },
	{ "uren_gevraagd", false, "12,5" },
	{ "start_gevraagd", false, "2027-01-10" },
	{ "eind_gevraagd", false, "2027-07-01" },
	{ "uren", false, "12" },
	{ "startdatum", false, "2027-01-17" },
	{ "einddatum", false, "2027-06-30" },
	{ "so_organisatie", false, "SO De Brug" },
	{ "voorkeur_begeleider", false, "Mevrouw Bakker" },
	{ "leerling", true, "Sanne Geheim" },
	{ "geboortedatum", true, "2016-03-14" },
	{ "vraag", true, "PRIVE-VRAAG hoe helpen wij Sanne" },
	{ "maatregelen", true, "PRIVE-MAATREGELEN extra instructie" },
	{ "resultaat", true, "PRIVE-RESULTAAT weinig" },
	{ "instanties", true, "PRIVE-INSTANTIES jeugdarts" },
	{ "ib", false, "IB De Linde <ib@delinde.example>" },
	{ "tb", false, "Trajectbegeleider Noord <tb@noord.example>" },
	{ "loket", false, "Loket <loket@swv.example>" },
	{ "soco", false, "SO-coördinator De Brug <soco@debrug.example>" },
	{ "bpoer", false, "BPO-er De Brug <bpoer@debrug.example>" },
	{ "door", false, "Trajectbegeleider Noord" },
	{ "door_rol", false, "trajectbegeleider" },
	{ "opdracht", false, "AKKOORD" },
	{ "reden", true, "PRIVE-REDEN het groeidocument ontbreekt" },
	{ "opmerking", true, "PRIVE-OPMERKING goede aanvraag" },
	{ "gekozen", false, "SO-coördinator De Brug" },
	{ "gekozen_adres", false, "soco@debrug.example" },
	{ "start_bron", false, "gevraagd" },
	{ "eind_bron", false, "opgegeven" },
	{ "uren_bron", false, "gevraagd" },
	{ "wacht_tb", false, "ja" },
	{ "wacht_toestemming", false, "ja" },
	{ "ingediend", false, "ja" },
	{ "samenvatting", true, "PRIVE-SAMENVATTING\nNiveau: leerling\nLeerling: Sanne Geheim" },
	{ "geschiedenis", false, "- 2027-01-10 10:12  BPO>voorlopige aanvraag: aangemaakt\n"
				 "- 2027-01-11 09:00  BPO>indienen SO-loket: akkoord door TB" },
	{ "bericht", true, "PRIVE-BERICHT Kunnen we volgende week bellen?\n\nGroet" },
	{ "bijlagen", false, "verslag.pdf, groeidocument.docx" },
	{ "problemen", true, "PRIVE-PROBLEMEN - School: ontbreekt\n- BRIN: moet 4 tekens zijn" },
	{ "aantal", false, "2 punten" },
	{ "formulier", true, "PRIVE-FORMULIER Niveau: leerling\nSchool: De Linde" },
	{ "bsn", false, "" },
	{ "besloten_door", false, "Trajectbegeleider Noord" },
	{ "besloten_op", false, "2027-01-11T09:00:00Z" },
	{ "besluit", false, "akkoord" },
	{ "grens", false, "25 MB" },
	{ "onbestelbaar", false, "tb.noord@bestuur.example" },
	{ "afwezig", false, "Trajectbegeleider Noord" },
	{ "afwezig_rol", false, "trajectbegeleider" },
	{ "dagen", false, "7" },
	{ "ander_adres", false, "prive.adres@thuis.example" },
	{ "ander_onderwerp", true, "PRIVE-ONDERWERP Re: vraag" },
	{ "doorgestuurd", false, "IB De Linde (intern begeleider)" },
	{ "leeg", false, "ja" },
	{ "niemand", false, "ja" },
	{ "bereikbaar", false, "Coördinator SO-loket <loket@swv.example>" },
	{ "bedoeling", false, "Bedoelde u TOESTEMMING? Antwoord dan met deze regel:\n\n  TOESTEMMING" },
	{ "opties", false, "  TOESTEMMING\n  GEEN TOESTEMMING" },
	{ "ingekort", false, "ja" },
	{ "gevonden", false, "in de geciteerde tekst onder uw bericht" },
	{ "toelichting", true, "PRIVE-TOELICHTING alleen moeder heeft het gezag" },
	{ "wijziging", true, "PRIVE-WIJZIGING BPO-er De Brug neemt het over" },
	{ "gestopt", false, "ja" },
	{ "behoeften", true, "PRIVE-BEHOEFTEN structuur" },
	{ "toelichting_ouders", true, "PRIVE-TOELICHTING-OUDERS u krijgt een gesprek" },
	{ "eerdere_aanvraag", false, "BPO-2026-0042" },
	{ "uren_besteed", false, "11,5" },
	{ "verlenging_uren", false, "6" },
	{ "verlenging_eind", false, "vrijdag 2 juli 2027" },
	{ "verlenging_door", false, "BPO-er" },
	{ "verlenging_reden", true, "PRIVE-VERLENGING meer tijd nodig" },
	{ "privacy", false, "ja" },
	{ "stand", false, "ingediend bij het SO-loket van het samenwerkingsverband" },
	{ "ouder", false, "ja" },
	{ "invulformulier", true, "PRIVE-FORMULIER Leerling: Sanne Geheim" },
	{ "onderwerp", false, "groep 5" },
	{ "acties_personen", false, "[[SO-coördinator De Brug (SO De Brug)|SO-coördinator: SO-coördinator De Brug]]" },
	{ "stap", false, "gaf akkoord" },
	{ "betreft", true, "PRIVE-BETREFT Sanne Geheim, groep 5" },
	{ "documenten", true, "- PRIVE-DOCUMENT verslag.pdf" },
	{ "formulier_bijlage", false, "ja" },
	{ "systeem", false, "bpo@swv.example" },
	{ "systeemnaam", false, "BPO SWV Noord" },
	{ "naam", false, "IB De Linde" },
	{ "rol", false, "intern begeleider" },
	/* the SO-loket's digest (src/digest.c) */
	{ "datum", false, "maandag 11 januari 2027" },
	{ "aanvragen", false, "aanvragen" },
	{ "enkelvoud", false, "" },
	{ "te_lang", false, "Daarvan wachten er 2 al langer dan 7 dagen op een reactie; deze staan "
			    "bovenaan." },
	{ "overzicht", true, "Status BPO>indienen SO-loket:\n\n- BPO-2027-0001, De Linde, groep 5" },
};

/* Mails that expect no reply end without the footer's reply instructions. */
/* Every sample value; with empty, every value but the ones a letter always has is "". */
static void fill(struct tvars *v, bool empty, const char *every)
{
	for (size_t i = 0; i < ARRAY_SIZE(samples); i++) {
		const char *value = samples[i].value;
		if (every && !samples[i].private)
			value = every;
		if (empty && strcmp(samples[i].name, "naam") != 0 && strcmp(samples[i].name, "rol") != 0 &&
		    strcmp(samples[i].name, "systeem") != 0 && strcmp(samples[i].name, "systeemnaam") != 0)
			value = "";
		if (samples[i].private)
			tvars_set_private(v, samples[i].name, value);
		else
			tvars_set(v, samples[i].name, value);
	}
}

/* A closing partial (voettekst: a reply is expected; groet: none is) as it ends a body. */
static char *footer(const struct tvars *v, const char *partial)
{
	char *path = xasprintf("%s/%s.txt", template_dir(), partial);
	struct buf text = BUF_INIT, out = BUF_INIT;
	char *err = NULL;
	const char *start;
	size_t n;

	assert_int_equal(read_file(path, BOUND_TEMPLATE_FILE, &text), 0);
	if (template_expand(buf_str(&text), text.len, v, false, &out, &err) != 0)
		fail_msg("%s: %s", partial, err);
	n = str_trim_len(buf_str(&out), out.len, &start);
	char *result = xasprintf("%.*s\n", (int)n, start);
	buf_free(&text);
	buf_free(&out);
	free(path);
	return result;
}

static bool ends_with(const char *s, const char *end)
{
	size_t sl = strlen(s), el = strlen(end);
	return sl >= el && strcmp(s + sl - el, end) == 0;
}

static void check_rendered(const char *name, const struct tvars *v, const char *variant)
{
	char *subject = NULL, *body = NULL, *err = NULL, *foot = footer(v, "voettekst");
	char *greeting = footer(v, "groet");
	struct command c;

	if (template_render(template_dir(), name, v, &subject, &body, &err) != 0)
		fail_msg("%s (%s): %s", name, variant, err);
	assert_null(err);
	if (!*subject || strchr(subject, '\n') || strchr(subject, '\r'))
		fail_msg("%s (%s): subject \"%s\" is not one line", name, variant, subject);
	for (size_t i = 0; i < ARRAY_SIZE(samples); i++)
		if (samples[i].private && *samples[i].value && strstr(subject, samples[i].value))
			fail_msg("%s (%s): subject holds the private %s", name, variant, samples[i].name);
	if (strstr(subject, "Sanne") || strstr(subject, "PRIVE"))
		fail_msg("%s (%s): subject \"%s\" holds private text", name, variant, subject);
	/* Our own subject, replied to, is never a command. */
	char *reply = xasprintf("Re: [BPO-2027-0001] %s", subject);
	for (int r = ROLE_NONE; r < ROLE_COUNT; r++) {
		command_read("", reply, (enum role)r, &c);
		if (c.reading == READ_DECISION)
			fail_msg("%s (%s): \"%s\" reads as the command %s", name, variant, reply,
				 cmd_name(c.cmd));
		command_free(&c);
	}
	free(reply);
	/* The body ends with the footer and has no trailing blanks. */
	if (!ends_with(body, foot) && !ends_with(body, greeting))
		fail_msg("%s (%s): the body ends with neither voettekst nor groet:\n%s", name, variant,
			 body);
	for (const char *p = body; *p; p++)
		if ((*p == ' ' || *p == '\t') && (p[1] == '\n' || p[1] == '\0'))
			fail_msg("%s (%s): trailing blank in the body:\n%s", name, variant, body);
	if (strstr(body, "{{") || strstr(body, "}}"))
		fail_msg("%s (%s): a tag is left in the body:\n%s", name, variant, body);
	if (strstr(body, "\n\n\n"))
		fail_msg("%s (%s): two blank lines in a row:\n%s", name, variant, body);
	if (!strstr(body, "IB De Linde") && strcmp(variant, "keywords") != 0)
		fail_msg("%s (%s): the body does not greet the recipient", name, variant);
	free(subject);
	free(body);
	free(foot);
	free(greeting);
}

static char *sample_href(const char *label, const char *body, int64_t request_id, void *arg)
{
	(void)label;
	(void)request_id;
	(void)arg;
	return mailbody_mailto("bpo+aaaaaaibp7yfpqwgan3xylnx@swv.example",
			       "[BPO-2027-0001] (antwoordcode aaaaaaibp7yfpqwgan3xylnx)", body);
}

/*
 * With BPOMAIL_HTML_OUT=DIR, every template's HTML alternative (all sample
 * values) is written to DIR/NAME.html, for the browser test
 * (tests/t/0503-html-render.t).
 */
static void write_html(const char *name, const struct tvars *v)
{
	const char *dir = getenv("BPOMAIL_HTML_OUT");
	char *subject = NULL, *body = NULL, *err = NULL, *text, *html;

	if (!dir || !*dir)
		return;
	if (template_render(template_dir(), name, v, &subject, &body, &err) != 0)
		fail_msg("%s: %s", name, err);
	mailbody_make(body, subject, sample_href, NULL, &text, &html);
	char *path = xasprintf("%s/%s.html", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(html, f) < 0 || fclose(f) != 0)
		fail_msg("%s: cannot write", path);
	free(path);
	free(text);
	free(html);
	free(subject);
	free(body);
}

static void render_all_ways(const char *name)
{
	struct tvars full = TVARS_INIT, empty = TVARS_INIT, keywords = TVARS_INIT;

	fill(&full, false, NULL);
	fill(&empty, true, NULL);
	fill(&keywords, false, "AKKOORD");
	check_rendered(name, &full, "full");
	write_html(name, &full);
	check_rendered(name, &empty, "empty");
	check_rendered(name, &keywords, "keywords");
	tvars_free(&full);
	tvars_free(&empty);
	tvars_free(&keywords);
}

static bool is_partial(const char *path)
{
	struct buf text = BUF_INIT;
	bool partial;

	assert_int_equal(read_file(path, BOUND_TEMPLATE_FILE, &text), 0);
	partial = !str_starts_with(buf_str(&text), "Onderwerp:");
	buf_free(&text);
	return partial;
}

static void test_notice_templates(void **state)
{
	const char *const *all = notice_all_templates();
	size_t n = 0;

	(void)state;
	for (; all[n]; n++) {
		char *path = xasprintf("%s/%s.txt", template_dir(), all[n]);
		struct stat sb;
		if (stat(path, &sb) != 0)
			fail_msg("%s: the template %s of notice.c does not exist", path, all[n]);
		free(path);
		render_all_ways(all[n]);
	}
	assert_true(n > 20);
	assert_ptr_equal(notice_all_templates(), all);
}

static void test_every_template_file(void **state)
{
	DIR *d = opendir(template_dir());
	struct dirent *e;
	int rendered = 0;

	(void)state;
	if (!d)
		fail_msg("%s: cannot open the template directory", template_dir());
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		char *path = xasprintf("%s/%s", template_dir(), e->d_name);
		char *name = xstrndup(e->d_name, len - 4);
		if (!is_partial(path)) {
			render_all_ways(name);
			rendered++;
		}
		free(name);
		free(path);
	}
	closedir(d);
	assert_true(rendered > 20);
}

/* Every template the tables of notice.c name is listed, and every list entry is used. */
static void test_notice_tables(void **state)
{
	const char *const *all = notice_all_templates();

	(void)state;
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++)
		for (int r = ROLE_NONE; r < ROLE_COUNT; r++) {
			const char *t = notice_for_status((enum status)s, (enum role)r);
			bool listed = false;
			for (size_t i = 0; t && all[i]; i++)
				listed |= strcmp(all[i], t) == 0;
			if (t && !listed)
				fail_msg("%s is not in notice_all_templates()", t);
		}
	for (int c = CMD_OVERLEG; c < CMD_COUNT; c++) {
		const char *t = notice_confirmation((enum cmd)c, NULL);
		bool listed = false;
		for (size_t i = 0; t && all[i]; i++)
			listed |= strcmp(all[i], t) == 0;
		if (t && !listed)
			fail_msg("%s is not in notice_all_templates()", t);
		assert_non_null(t);
	}
	assert_string_equal(notice_confirmation(CMD_GEEN_TOESTEMMING, "toestemming-ingetrokken"),
			    "bevestiging-toestemming-ingetrokken");
	/* The loket hears of every status change (bpomail(1)). */
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++)
		if (!notice_for_status((enum status)s, ROLE_LOKET))
			fail_msg("the loket is not told of %s", status_name((enum status)s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_values_over),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_block_lines),
		cmocka_unit_test(test_bug_block_opened_mid_line),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_private_in_subject),
		cmocka_unit_test(test_output_bound),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_notice_templates),
		cmocka_unit_test(test_every_template_file),
		cmocka_unit_test(test_notice_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
