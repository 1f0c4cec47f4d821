/* test_command.c: the command at the top of a Dutch reply, or in its subject (command.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>

#include "bounds.h"
#include "command.h"
#include "util.h"

#define TAG "Re: [BPO-2027-0001] "

static const char *str_or_null(const char *s)
{
	return s ? s : "(null)";
}

/* Reads top and subject; checks the command and its text (NULL: none). */
static void expect(const char *top, const char *subject, enum cmd want, const char *text)
{
	struct command c;

	command_read(top, subject, &c);
	if (c.cmd != want)
		fail_msg("command_read(\"%s\", \"%s\") = %s, want %s", top, str_or_null(subject),
			 cmd_name(c.cmd), cmd_name(want));
	if ((text == NULL) != (c.text == NULL) || (text && strcmp(text, c.text) != 0))
		fail_msg("command_read(\"%s\"): text \"%s\", want \"%s\"", top, str_or_null(c.text),
			 str_or_null(text));
	if (c.conflict)
		fail_msg("command_read(\"%s\"): unexpected conflict %s", top, cmd_name(c.conflict));
	command_free(&c);
}

static void expect_body(const char *top, enum cmd want, const char *text)
{
	expect(top, TAG "Nieuwe status", want, text);
}

static void test_akkoord(void **state)
{
	(void)state;
	expect_body("AKKOORD", CMD_AKKOORD, NULL);
	expect_body("Akkoord.", CMD_AKKOORD, NULL);
	expect_body("akkoord", CMD_AKKOORD, NULL);
	expect_body("AkKoOrD!", CMD_AKKOORD, NULL);
	expect_body("  Akkoord  ", CMD_AKKOORD, NULL);
	expect_body("akkoord, prima aanvraag", CMD_AKKOORD, "prima aanvraag");
	expect_body("Akkoord: zie de bijlage", CMD_AKKOORD, "zie de bijlage");
	expect_body("AKKOORD - goed onderbouwd", CMD_AKKOORD, "goed onderbouwd");
	expect_body("Akkoord\n\nGoede aanvraag, succes!", CMD_AKKOORD, "Goede aanvraag, succes!");
	expect_body("Akkoord\n\nGoede aanvraag, succes!\n\nMet vriendelijke groet,\nPiet",
		    CMD_AKKOORD, "Goede aanvraag, succes!\n\nMet vriendelijke groet,\nPiet");
	/* Not a command: the keyword is not where a command stands. */
	expect_body("Ik ben akkoord", CMD_OVERLEG, NULL);
	expect_body("Niet akkoord, het OPP ontbreekt", CMD_OVERLEG, NULL);
	expect_body("Akkoordverklaring volgt", CMD_OVERLEG, NULL);
	expect_body("", CMD_OVERLEG, NULL);
	expect_body("\n\n  \n", CMD_OVERLEG, NULL);
}

static void test_afgewezen(void **state)
{
	(void)state;
	expect_body("AFGEWEZEN: Het budget voor dit schooljaar is op.\n"
		    "De school heeft al 40 uur gehad;   zie het verslag.\n"
		    "\n"
		    "  Volgend jaar graag opnieuw aanvragen.",
		    CMD_AFGEWEZEN,
		    "Het budget voor dit schooljaar is op.\n"
		    "De school heeft al 40 uur gehad;   zie het verslag.\n"
		    "\n"
		    "  Volgend jaar graag opnieuw aanvragen.");
	expect_body("AFGEWEZEN:\nHet budget is op.", CMD_AFGEWEZEN, "Het budget is op.");
	expect_body("Afgewezen - geen budget", CMD_AFGEWEZEN, "geen budget");
	expect_body("afgewezen: reden", CMD_AFGEWEZEN, "reden");
	expect_body("Afgewezen", CMD_AFGEWEZEN, NULL);
}

static void test_incompleet(void **state)
{
	(void)state;
	expect_body("INCOMPLEET: het groeidocument ontbreekt", CMD_INCOMPLEET,
		    "het groeidocument ontbreekt");
	expect_body("Incompleet", CMD_INCOMPLEET, NULL);
	expect_body("Incompleet.", CMD_INCOMPLEET, NULL);
	expect_body("incompleet:\n- groeidocument\n- handtekening ouders", CMD_INCOMPLEET,
		    "- groeidocument\n- handtekening ouders");
}

static void expect_soco(const char *top, const char *text, const char *start, const char *end,
			const char *uren)
{
	struct command c;

	command_read(top, TAG "Nieuwe aanvraag voor het SO-loket", &c);
	if (c.cmd != CMD_SOCO)
		fail_msg("command_read(\"%s\") = %s, want SO-coördinator", top, cmd_name(c.cmd));
	assert_int_equal(c.conflict, CMD_OVERLEG);
	assert_string_equal(str_or_null(c.text), str_or_null(text));
	assert_string_equal(str_or_null(c.startdatum), str_or_null(start));
	assert_string_equal(str_or_null(c.einddatum), str_or_null(end));
	assert_string_equal(str_or_null(c.uren), str_or_null(uren));
	command_free(&c);
}

static void test_soco(void **state)
{
	(void)state;
	expect_soco("SO-coördinator: Coördinator SO De Brug\nStartdatum: 10-01-2027\n"
		    "Einddatum: 1 juli 2027\nUren: 12,5",
		    "Coördinator SO De Brug", "10-01-2027", "1 juli 2027", "12,5");
	expect_soco("SO coordinator: x@y.example", "x@y.example", NULL, NULL, NULL);
	expect_soco("so-coördinator : X", "X", NULL, NULL, NULL);
	expect_soco("SO-COÖRDINATOR: SO-coördinator Oost <soco@oost.example>", "SO-coördinator Oost <soco@oost.example>",
		    NULL, NULL, NULL);
	expect_soco("SO-coördinator: X\n\nUren: 8\nStartdatum: 2027-02-01", "X", "2027-02-01", NULL,
		    "8");
	expect_soco("Beste collega,\n\nSO-coördinator: X\nEinddatum: 10 jan 2028", "X", NULL,
		    "10 jan 2028", NULL);
	/* Dates and hours alone are no command. */
	expect_body("Startdatum: 10-01-2027\nUren: 12", CMD_OVERLEG, NULL);
}

static void test_bpoer(void **state)
{
	(void)state;
	expect_body("BPO-er: BPO-er De Brug", CMD_BPOER, "BPO-er De Brug");
	expect_body("Bpo-er: naam", CMD_BPOER, "naam");
	expect_body("BPO-er: a.jansen@so.example\n\nZij begint in februari.", CMD_BPOER,
		    "a.jansen@so.example");
}

static void test_toestemming(void **state)
{
	(void)state;
	expect_body("TOESTEMMING", CMD_TOESTEMMING, NULL);
	expect_body("Toestemming.", CMD_TOESTEMMING, NULL);
	expect_body("Geen toestemming.", CMD_GEEN_TOESTEMMING, NULL);
	expect_body("GEEN TOESTEMMING", CMD_GEEN_TOESTEMMING, NULL);
	expect_body("GEEN TOESTEMMING want wij willen eerst een gesprek", CMD_GEEN_TOESTEMMING,
		    "want wij willen eerst een gesprek");
	expect_body("Geen toestemming: wij willen eerst een gesprek", CMD_GEEN_TOESTEMMING,
		    "wij willen eerst een gesprek");
}

static void test_afgerond_intrekken(void **state)
{
	(void)state;
	expect_body("AFGEROND", CMD_AFGEROND, NULL);
	expect_body("Afgerond, verslag volgt", CMD_AFGEROND, "verslag volgt");
	expect_body("INTREKKEN: ouders verhuisd", CMD_INTREKKEN, "ouders verhuisd");
	expect_body("Intrekken: de leerling is verhuisd naar Zwolle.", CMD_INTREKKEN,
		    "de leerling is verhuisd naar Zwolle.");
}

static void test_status(void **state)
{
	(void)state;
	expect_body("STATUS", CMD_STATUS, NULL);
	expect_body("status", CMD_STATUS, NULL);
	expect_body("Status?", CMD_STATUS, NULL);
	expect_body("Status.", CMD_STATUS, NULL);
	expect_body("Status van de leerling is verbeterd", CMD_OVERLEG, NULL);
	expect_body("Status van de leerling is verbeterd.\nGroet, IB De Linde", CMD_OVERLEG, NULL);
}

static void test_position(void **state)
{
	(void)state;
	expect_body("Beste loket,\n\nAkkoord", CMD_AKKOORD, NULL);
	expect_body("Beste loket,\nDank voor het sturen.\nAkkoord", CMD_AKKOORD, NULL);
	expect_body("Goedemorgen,\n\n\nDank voor het sturen.\n\n\nAFGEWEZEN: geen budget", CMD_AFGEWEZEN,
		    "geen budget");
	expect_body("Beste loket,\n\nDank voor het sturen.\nIk heb de aanvraag gelezen.\n"
		    "Wij bespreken hem morgen.\nAkkoord", CMD_OVERLEG, NULL);
	expect_body("Hallo,\nregel twee\nregel drie\nregel vier\nAKKOORD", CMD_OVERLEG, NULL);
}

static void test_conflict(void **state)
{
	struct command c;

	(void)state;
	command_read("Akkoord\nAfgewezen: x", NULL, &c);
	assert_int_equal(c.cmd, CMD_AKKOORD);
	assert_int_equal(c.conflict, CMD_AFGEWEZEN);
	command_free(&c);
	command_read("Toestemming\n\nGeen toestemming", NULL, &c);
	assert_int_equal(c.cmd, CMD_TOESTEMMING);
	assert_int_equal(c.conflict, CMD_GEEN_TOESTEMMING);
	command_free(&c);
	/* The same command twice is no conflict. */
	command_read("Akkoord\nAkkoord!", NULL, &c);
	assert_int_equal(c.cmd, CMD_AKKOORD);
	assert_int_equal(c.conflict, CMD_OVERLEG);
	command_free(&c);
}

/*
 * Bug: a reason that wraps onto a line beginning with another keyword
 * ("incompleet en ...") was read as a second command, and the whole reply
 * refused as carrying two.
 */
static void test_bug_reason_wrapping_onto_keyword(void **state)
{
	(void)state;
	expect_body("AFGEWEZEN: de aanvraag is\nincompleet en de uren zijn op.", CMD_AFGEWEZEN,
		    "de aanvraag is\nincompleet en de uren zijn op.");
	expect_body("INCOMPLEET: het groeidocument ontbreekt;\nakkoord zodra het er is.", CMD_INCOMPLEET,
		    "het groeidocument ontbreekt;\nakkoord zodra het er is.");
	expect_body("Afgerond\nstatus van de leerling: veel beter", CMD_AFGEROND,
		    "status van de leerling: veel beter");
}

/* Bug: a sentence wrapped onto a line beginning with a keyword was read as that command. */
static void test_bug_wrapped_sentence_is_no_command(void **state)
{
	(void)state;
	expect_body("Beste trajectbegeleider,\nIk ga niet\nakkoord met het aantal uren.", CMD_OVERLEG, NULL);
	expect_body("Wij zijn het er niet mee\neens; de aanvraag is\nincompleet volgens ons", CMD_OVERLEG,
		    NULL);
	/* A command line after a greeting still counts, also without a comma. */
	expect_body("Hoi Jan\nAkkoord, prima aanvraag", CMD_AKKOORD, "prima aanvraag");
	expect_body("hoi jan\nakkoord", CMD_AKKOORD, NULL);
	expect_body("hoi jan\nafgewezen: geen budget", CMD_AFGEWEZEN, "geen budget");
	expect_body("Beste loket,\nakkoord, prima aanvraag", CMD_AKKOORD, "prima aanvraag");
}

static void test_subject(void **state)
{
	struct command c;

	(void)state;
	command_read("", "Re: [BPO-2027-0001] AKKOORD", &c);
	assert_int_equal(c.cmd, CMD_AKKOORD);
	assert_true(c.from_subject);
	assert_null(c.text);
	command_free(&c);
	command_read("Groeten, IB De Linde", "Antw: [BPO-2027-0001] akkoord", &c);
	assert_int_equal(c.cmd, CMD_AKKOORD);
	assert_true(c.from_subject);
	command_free(&c);
	command_read(NULL, "RE: [BPO-2027-0001] Afgewezen: geen budget", &c);
	assert_int_equal(c.cmd, CMD_AFGEWEZEN);
	assert_string_equal(str_or_null(c.text), "geen budget");
	command_free(&c);
	command_read("", "Re: [BPO-2027-0001] Status", &c);
	assert_int_equal(c.cmd, CMD_STATUS);
	command_free(&c);
	/* The body wins over the subject. */
	command_read("Afgewezen: x", "Re: [BPO-2027-0001] AKKOORD", &c);
	assert_int_equal(c.cmd, CMD_AFGEWEZEN);
	assert_false(c.from_subject);
	command_free(&c);
	/* Before the tag, or without a tag, nothing counts. */
	expect("", "AKKOORD [BPO-2027-0001]", CMD_OVERLEG, NULL);
	expect("", "AKKOORD", CMD_OVERLEG, NULL);
	expect("", "Re: [BPO-2027-0001", CMD_OVERLEG, NULL);
	expect("", NULL, CMD_OVERLEG, NULL);
	expect(NULL, NULL, CMD_OVERLEG, NULL);
	expect("", TAG "Status van de leerling", CMD_OVERLEG, NULL);
	expect("", TAG "", CMD_OVERLEG, NULL);
}

static const char *const statuses[] = {
	"BPO>indienen SO-loket", "BPO>voorlopige aanvraag", "BPO>aanvraag incompleet",
	"BPO>afgewezen", "BPO>doorgezet naar SO", "BPO>in uitvoering", "BPO>afgerond",
	"BPO>ingetrokken",
};

/* The subject line of a template with its placeholders filled in as a reply would show them. */
static char *fill_subject(const char *line, const char *status)
{
	struct buf b = BUF_INIT;
	const char *p = line;

	while (*p) {
		const char *open = strstr(p, "{{"), *close = open ? strstr(open, "}}") : NULL;
		if (!close) {
			buf_adds(&b, p);
			break;
		}
		buf_add(&b, p, (size_t)(open - p));
		size_t n = (size_t)(close - open - 2);
		if (open[2] == '?' || open[2] == '^' || open[2] == '/')
			;   /* a block tag: nothing */
		else if (n == 6 && memcmp(open + 2, "status", 6) == 0)
			buf_adds(&b, status);
		else if (n == 6 && memcmp(open + 2, "school", 6) == 0)
			buf_adds(&b, "De Linde");
		else
			buf_adds(&b, "x");
		p = close + 2;
	}
	return buf_detach(&b);
}

static void test_own_subjects_are_no_command(void **state)
{
	const char *dir = getenv("BPOMAIL_TEMPLATEDIR");
	DIR *d;
	struct dirent *e;
	int files = 0, subjects = 0;

	(void)state;
	if (!dir || !*dir)
		dir = "templates";
	d = opendir(dir);
	if (!d)
		fail_msg("%s: cannot open the template directory", dir);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct buf text = BUF_INIT;
		assert_int_equal(read_file(path, BOUND_TEMPLATE_FILE, &text), 0);
		files++;
		for (const char *p = buf_str(&text); *p; ) {
			size_t n = strcspn(p, "\n");
			char *line = xstrndup(p, n);
			if (str_starts_with(line, "Onderwerp:")) {
				const char *s = line + strlen("Onderwerp:");
				subjects++;
				for (size_t i = 0; i < ARRAY_SIZE(statuses); i++) {
					char *filled = fill_subject(s, statuses[i]);
					char *subject = xasprintf(TAG "%s", str_trim(filled));
					struct command c;
					command_read("", subject, &c);
					if (c.cmd != CMD_OVERLEG)
						fail_msg("%s: our own subject \"%s\" reads as %s", path,
							 subject, cmd_name(c.cmd));
					/* Also as the first line of a body (a forwarded subject). */
					command_read(subject + strlen(TAG), NULL, &c);
					if (c.cmd != CMD_OVERLEG)
						fail_msg("%s: \"%s\" in a body reads as %s", path,
							 subject + strlen(TAG), cmd_name(c.cmd));
					command_free(&c);
					free(subject);
					free(filled);
				}
			}
			free(line);
			p += n;
			if (*p)
				p++;
		}
		buf_free(&text);
		free(path);
	}
	closedir(d);
	assert_true(files > 20);
	assert_true(subjects >= files - 1);   /* every template but the footer */
}

static void test_long_and_odd_input(void **state)
{
	struct buf b = BUF_INIT;
	struct command c;

	(void)state;
	buf_adds(&b, "AFGEWEZEN: ");
	for (int i = 0; i < 2000; i++)
		buf_adds(&b, "ë");   /* two bytes each */
	buf_adds(&b, "\n");
	for (int i = 0; i < 10000; i++)
		buf_adds(&b, "regel\n");
	command_read(buf_str(&b), NULL, &c);
	assert_int_equal(c.cmd, CMD_AFGEWEZEN);
	assert_non_null(c.text);
	assert_true(strlen(c.text) <= BOUND_REMARK);
	assert_true(strlen(c.text) % 2 == 0);   /* not cut inside a character */
	command_free(&c);
	buf_free(&b);

	/* A label longer than a command label is no label. */
	expect_body("Dit is een heel lange zin over de aanvraag die toevallig eindigt met status: x",
		    CMD_OVERLEG, NULL);
	expect_body(":", CMD_OVERLEG, NULL);
	expect_body("- Akkoord", CMD_AKKOORD, NULL);   /* surrounding punctuation does not matter */
	expect_body("-", CMD_OVERLEG, NULL);
	expect_body("\xff\xfe", CMD_OVERLEG, NULL);
	command_free(&c);   /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_akkoord),
		cmocka_unit_test(test_afgewezen),
		cmocka_unit_test(test_incompleet),
		cmocka_unit_test(test_soco),
		cmocka_unit_test(test_bpoer),
		cmocka_unit_test(test_toestemming),
		cmocka_unit_test(test_afgerond_intrekken),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_position),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_bug_reason_wrapping_onto_keyword),
		cmocka_unit_test(test_bug_wrapped_sentence_is_no_command),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_own_subjects_are_no_command),
		cmocka_unit_test(test_long_and_odd_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
