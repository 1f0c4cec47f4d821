/* test_command.c: what a reply decides (command.c), read as quote.c leaves it. The table of real-looking replies is tests/data/replies.txt. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>

#include "bounds.h"
#include "command.h"
#include "quote.h"
#include "util.h"

#define TAG "Re: [BPO-2027-0001] "
#define REPLIES "tests/data/replies.txt"

static const char *str_or_null(const char *s)
{
	return s ? s : "(null)";
}

static const char *const reading_names[] = {
	[READ_NOTHING] = "nothing", [READ_DECISION] = "decision", [READ_REFUSAL] = "refusal",
	[READ_QUESTION] = "question",
};

static enum cmd cmd_by_name(const char *name)
{
	for (int c = CMD_OVERLEG; c < CMD_COUNT; c++)
		if (strcmp(cmd_name((enum cmd)c), name) == 0)
			return (enum cmd)c;
	fail_msg("unknown command '%s' in %s", name, REPLIES);
	return CMD_OVERLEG;
}

/* "decision:AKKOORD" as read by command_read(), for messages. */
static char *reading_of(const struct command *c)
{
	if (c->reading == READ_NOTHING)
		return xstrdup("nothing");
	return xasprintf("%s:%s", reading_names[c->reading], cmd_name(c->cmd));
}

/* One case of replies.txt. */
struct reply_case {
	unsigned line;
	enum role role;
	char *expect;        /* "decision:AKKOORD", "nothing" */
	char *text;          /* expected text of a decision, NULL when not given */
	struct buf body;
};

static char *unescape(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			buf_addc(&b, '\n');
			s++;
		} else {
			buf_addc(&b, *s);
		}
	}
	return buf_detach(&b);
}

/* Checks one case; returns a line describing the difference, or NULL. */
static char *check_case(const struct reply_case *rc)
{
	struct command c;
	char *top = quote_strip(buf_str(&rc->body)), *got, *problem = NULL;

	command_read(top, NULL, rc->role, &c);
	got = reading_of(&c);
	if (strcmp(got, rc->expect) != 0)
		problem = xasprintf("line %u (%s): read as %s, want %s", rc->line, role_code(rc->role), got,
				    rc->expect);
	else if (rc->text && c.reading == READ_DECISION &&
		 strcmp(rc->text, c.text ? c.text : "") != 0)
		problem = xasprintf("line %u (%s): text \"%s\", want \"%s\"", rc->line, role_code(rc->role),
				    str_or_null(c.text), rc->text);
	free(got);
	free(top);
	command_free(&c);
	return problem;
}

static void test_replies_table(void **state)
{
	struct buf file = BUF_INIT;
	struct reply_case rc = { 0 };
	unsigned cases = 0, wrong = 0, lineno = 0;
	unsigned per_reading[4] = { 0 };
	bool in_body = false, in_case = false;

	(void)state;
	if (read_file(REPLIES, 4u * 1024 * 1024, &file) < 0)
		fail_msg("%s: cannot read", REPLIES);
	const char *p = buf_str(&file);
	for (;;) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		bool end = !*p;
		lineno++;
		bool next = end || str_starts_with(line, "=== ") || (in_body && line[0] == '#');
		if (next && in_case) {
			/* Blank lines at the end of a body are not part of it. */
			while (rc.body.len && rc.body.data[rc.body.len - 1] == '\n')
				buf_truncate(&rc.body, rc.body.len - 1);
			char *problem = check_case(&rc);
			cases++;
			for (int r = 0; r < 4; r++)
				per_reading[r] += str_starts_with(rc.expect, reading_names[r]);
			if (problem) {
				print_message("  %s\n", problem);
				wrong++;
				free(problem);
			}
			free(rc.expect);
			free(rc.text);
			buf_free(&rc.body);
			memset(&rc, 0, sizeof rc);
			in_case = in_body = false;
		}
		if (str_starts_with(line, "=== ")) {
			char *sp = strchr(line + 4, ' ');
			if (!sp)
				fail_msg("%s:%u: a case needs a role and an expectation", REPLIES, lineno);
			*sp = '\0';
			rc.line = lineno;
			rc.role = role_from_code(line + 4);
			rc.expect = xstrdup(sp + 1);
			if (!rc.role)
				fail_msg("%s:%u: unknown role '%s'", REPLIES, lineno, line + 4);
			if (strchr(rc.expect, ':'))
				cmd_by_name(strchr(rc.expect, ':') + 1);
			in_case = true;
		} else if (in_case && !in_body) {
			if (strcmp(line, "---") == 0)
				in_body = true;
			else if (str_starts_with(line, "text="))
				rc.text = unescape(line + 5);
		} else if (in_body) {
			buf_adds(&rc.body, line);
			buf_addc(&rc.body, '\n');
		}
		free(line);
		if (end)
			break;
		p += n;
		if (*p)
			p++;
	}
	buf_free(&file);
	print_message("  %u replies: %u decisions, %u refusals, %u questions, %u nothing; %u read otherwise\n",
		      cases, per_reading[READ_DECISION], per_reading[READ_REFUSAL],
		      per_reading[READ_QUESTION], per_reading[READ_NOTHING], wrong);
	assert_true(cases >= 150);
	assert_int_equal(wrong, 0);
}

/* Reads top and subject as a role; checks the reading and its text (NULL: none). */
static void expect_as(enum role role, const char *top, const char *subject, const char *want,
		      const char *text)
{
	struct command c;

	command_read(top, subject, role, &c);
	char *got = reading_of(&c);
	if (strcmp(got, want) != 0)
		fail_msg("command_read(\"%s\", \"%s\", %s) = %s, want %s", top, str_or_null(subject),
			 role_code(role), got, want);
	if ((text == NULL) != (c.text == NULL) || (text && strcmp(text, c.text) != 0))
		fail_msg("command_read(\"%s\"): text \"%s\", want \"%s\"", top, str_or_null(c.text),
			 str_or_null(text));
	if (c.conflict)
		fail_msg("command_read(\"%s\"): unexpected conflict %s", top, cmd_name(c.conflict));
	free(got);
	command_free(&c);
}

static void test_commands_alone(void **state)
{
	(void)state;
	expect_as(ROLE_TB, "AKKOORD", NULL, "decision:AKKOORD", NULL);
	expect_as(ROLE_TB, "  AkKoOrD!  ", NULL, "decision:AKKOORD", NULL);
	expect_as(ROLE_TB, "akkoord, prima aanvraag", NULL, "decision:AKKOORD", "prima aanvraag");
	expect_as(ROLE_TB, "AKKOORD - goed onderbouwd", NULL, "decision:AKKOORD", "goed onderbouwd");
	expect_as(ROLE_TB, "AKKOORD \xe2\x80\x93 goed onderbouwd", NULL, "decision:AKKOORD",
		  "goed onderbouwd");
	expect_as(ROLE_TB, "Akkoord, geen bezwaar.", NULL, "decision:AKKOORD", "geen bezwaar.");
	expect_as(ROLE_TB, "AFGEWEZEN:\nHet budget is op.", NULL, "decision:AFGEWEZEN",
		  "Het budget is op.");
	expect_as(ROLE_TB, "incompleet:\n- groeidocument\n- handtekening ouders", NULL,
		  "decision:INCOMPLEET", "- groeidocument\n- handtekening ouders");
	expect_as(ROLE_OUDER, "Geen toestemming: wij willen eerst een gesprek", NULL,
		  "decision:GEEN TOESTEMMING", "wij willen eerst een gesprek");
	expect_as(ROLE_IB, "Intrekken: de leerling is verhuisd.", NULL, "decision:INTREKKEN",
		  "de leerling is verhuisd.");
	expect_as(ROLE_BPOER, "Afgerond, verslag volgt", NULL, "decision:AFGEROND", "verslag volgt");
	expect_as(ROLE_SOCO, "BPO-er: a.b@so.example\n\nZij begint in februari.", NULL, "decision:BPO-er",
		  "a.b@so.example");
	expect_as(ROLE_LOKET, "STATUS", NULL, "decision:STATUS", NULL);
	expect_as(ROLE_OUDER, "Status?", NULL, "decision:STATUS", NULL);
	/* The role decides which words are commands. */
	expect_as(ROLE_IB, "Akkoord, ik stuur het verslag na.", NULL, "nothing", NULL);
	expect_as(ROLE_OUDER, "Akkoord", NULL, "question:TOESTEMMING", NULL);
	expect_as(ROLE_NONE, "Akkoord", NULL, "decision:AKKOORD", NULL);
	expect_as(ROLE_TB, "", NULL, "nothing", NULL);
	expect_as(ROLE_TB, "\n\n  \n", NULL, "nothing", NULL);
}

static void test_never_a_decision(void **state)
{
	(void)state;
	expect_as(ROLE_OUDER, "Toestemming? Ik wil eerst met de juf praten", NULL,
		  "question:TOESTEMMING", NULL);
	expect_as(ROLE_OUDER, "Toestemming geven wij niet, want het gaat nu goed.", NULL,
		  "refusal:GEEN TOESTEMMING", NULL);
	expect_as(ROLE_TB, "Akkoord? Ik mis nog het verslag van de logopedist.", NULL,
		  "question:AKKOORD", NULL);
	expect_as(ROLE_TB, "Niet akkoord", NULL, "refusal:AFGEWEZEN", NULL);
	expect_as(ROLE_TB, "Akkoord, pas als het verslag er is", NULL, "question:AKKOORD", NULL);
	expect_as(ROLE_TB, "Akkoord onder voorwaarde dat de uren omlaag gaan", NULL,
		  "question:AKKOORD", NULL);
	expect_as(ROLE_TB, "Beste trajectbegeleider,\nIk ga niet\nakkoord met het aantal uren.", NULL,
		  "question:AKKOORD", NULL);
	expect_as(ROLE_TB, "Afgewezen", NULL, "question:AFGEWEZEN", NULL);
	expect_as(ROLE_LOKET, "Startdatum: 10-01-2027\nUren: 12", NULL, "nothing", NULL);
	/* Quoted text never counts. */
	char *top = quote_strip("Dank je.\n\nOp ma 11 jan. 2027 om 09:01 schreef BPO-loket <bpo@swv.example>:\n"
				">   AKKOORD\n>   AFGEWEZEN: de reden\n");
	expect_as(ROLE_TB, top, NULL, "nothing", NULL);
	free(top);
}

static void test_position(void **state)
{
	(void)state;
	expect_as(ROLE_TB, "Beste loket,\n\nAkkoord", NULL, "decision:AKKOORD", NULL);
	expect_as(ROLE_TB, "Hoi Jan\nakkoord", NULL, "decision:AKKOORD", NULL);
	expect_as(ROLE_TB, "Beste loket,\nDank voor het sturen.\nAkkoord", NULL, "decision:AKKOORD", NULL);
	expect_as(ROLE_TB, "Goedemorgen,\n\n\nDank voor het sturen.\n\n\nAFGEWEZEN: geen budget", NULL,
		  "decision:AFGEWEZEN", "geen budget");
	/* Further down it is asked back, never taken. */
	expect_as(ROLE_TB, "Beste loket,\n\nDank voor het sturen.\nIk heb de aanvraag gelezen.\n"
		  "Wij bespreken hem morgen.\nAkkoord", NULL, "question:AKKOORD", NULL);
}

static void test_soco_fields(void **state)
{
	struct command c;

	(void)state;
	command_read("Beste collega,\n\nSO-coördinator: X\nStartdatum: 10-01-2027\n"
		     "Einddatum: 1 juli 2027\nUren: 12,5", NULL, ROLE_LOKET, &c);
	assert_int_equal(c.reading, READ_DECISION);
	assert_int_equal(c.cmd, CMD_SOCO);
	assert_string_equal(str_or_null(c.text), "X");
	assert_string_equal(str_or_null(c.startdatum), "10-01-2027");
	assert_string_equal(str_or_null(c.einddatum), "1 juli 2027");
	assert_string_equal(str_or_null(c.uren), "12,5");
	command_free(&c);
	command_read("SO coordinator: x@y.example\n\nUren: 8", NULL, ROLE_LOKET, &c);
	assert_int_equal(c.cmd, CMD_SOCO);
	assert_string_equal(str_or_null(c.text), "x@y.example");
	assert_string_equal(str_or_null(c.uren), "8");
	command_free(&c);
	command_read("Afgerond.\nUren besteed: 11,5\nVerslag in de bijlage.", NULL, ROLE_BPOER, &c);
	assert_int_equal(c.cmd, CMD_AFGEROND);
	assert_string_equal(str_or_null(c.uren_besteed), "11,5");
	assert_null(c.uren);
	assert_string_equal(str_or_null(c.text), "Verslag in de bijlage.");
	command_free(&c);
}

static void test_conflict(void **state)
{
	struct command c;

	(void)state;
	command_read("Akkoord\nAfgewezen: x", NULL, ROLE_TB, &c);
	assert_int_equal(c.cmd, CMD_AKKOORD);
	assert_int_equal(c.conflict, CMD_AFGEWEZEN);
	command_free(&c);
	command_read("Toestemming\n\nGeen toestemming", NULL, ROLE_OUDER, &c);
	assert_int_equal(c.cmd, CMD_TOESTEMMING);
	assert_int_equal(c.conflict, CMD_GEEN_TOESTEMMING);
	command_free(&c);
	command_read("Akkoord\nAkkoord!", NULL, ROLE_TB, &c);
	assert_int_equal(c.conflict, CMD_OVERLEG);
	command_free(&c);
	/* A reason that wraps onto "incompleet en ..." is still the reason. */
	expect_as(ROLE_TB, "AFGEWEZEN: de aanvraag is\nincompleet en de uren zijn op.", NULL,
		  "decision:AFGEWEZEN", "de aanvraag is\nincompleet en de uren zijn op.");
	expect_as(ROLE_BPOER, "Afgerond\nstatus van de leerling: veel beter", NULL, "decision:AFGEROND",
		  "status van de leerling: veel beter");
}

static void test_subject(void **state)
{
	struct command c;

	(void)state;
	command_read("", "Re: [BPO-2027-0001] AKKOORD", ROLE_TB, &c);
	assert_int_equal(c.cmd, CMD_AKKOORD);
	assert_true(c.from_subject);
	command_free(&c);
	command_read(NULL, "RE: [BPO-2027-0001] Afgewezen: geen budget", ROLE_TB, &c);
	assert_int_equal(c.cmd, CMD_AFGEWEZEN);
	assert_string_equal(str_or_null(c.text), "geen budget");
	command_free(&c);
	/* The body wins over the subject. */
	command_read("Afgewezen: x", "Re: [BPO-2027-0001] AKKOORD", ROLE_TB, &c);
	assert_int_equal(c.cmd, CMD_AFGEWEZEN);
	assert_false(c.from_subject);
	command_free(&c);
	/* Only a decision counts there; before the tag, or without one, nothing. */
	expect_as(ROLE_TB, "", TAG "Akkoord?", "nothing", NULL);
	expect_as(ROLE_TB, "", "AKKOORD [BPO-2027-0001]", "nothing", NULL);
	expect_as(ROLE_TB, "", "AKKOORD", "nothing", NULL);
	expect_as(ROLE_TB, "", "Re: [BPO-2027-0001", "nothing", NULL);
	expect_as(ROLE_TB, NULL, NULL, "nothing", NULL);
	expect_as(ROLE_TB, "", TAG "Status van de leerling", "nothing", NULL);
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

/* A reply keeps our subject: it must never read as a decision, for any role. */
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
		const char *s = strstr(buf_str(&text), "Onderwerp:");
		if (s) {
			char *line = xstrndup(s + 10, strcspn(s + 10, "\n"));
			subjects++;
			for (size_t i = 0; i < ARRAY_SIZE(statuses); i++) {
				char *filled = fill_subject(line, statuses[i]);
				char *subject = xasprintf(TAG "%s", str_trim(filled));
				for (int r = ROLE_NONE; r < ROLE_COUNT; r++) {
					struct command c;
					command_read("", subject, (enum role)r, &c);
					if (c.reading == READ_DECISION)
						fail_msg("%s: our own subject \"%s\" reads as %s", path,
							 subject, cmd_name(c.cmd));
					command_free(&c);
				}
				free(subject);
				free(filled);
			}
			free(line);
		}
		buf_free(&text);
		free(path);
	}
	closedir(d);
	assert_true(files > 20);
	assert_true(subjects >= files - 2);   /* every template but the partials voettekst and groet */
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
	command_read(buf_str(&b), NULL, ROLE_TB, &c);
	assert_int_equal(c.cmd, CMD_AFGEWEZEN);
	assert_non_null(c.text);
	assert_true(strlen(c.text) <= BOUND_REMARK);
	assert_true(strlen(c.text) % 2 == 0);   /* not cut inside a character */
	command_free(&c);
	buf_free(&b);
	/* 200 words on one line, a word of 500 letters, bytes that are no UTF-8 */
	for (int i = 0; i < 200; i++)
		buf_adds(&b, "akkoord ");
	expect_as(ROLE_TB, buf_str(&b), NULL, "question:AKKOORD", NULL);
	buf_free(&b);
	for (int i = 0; i < 500; i++)
		buf_addc(&b, 'a');
	expect_as(ROLE_TB, buf_str(&b), NULL, "nothing", NULL);
	buf_free(&b);
	expect_as(ROLE_TB, ":", NULL, "nothing", NULL);
	expect_as(ROLE_TB, "- Akkoord", NULL, "decision:AKKOORD", NULL);
	expect_as(ROLE_TB, "-", NULL, "nothing", NULL);
	expect_as(ROLE_TB, "\xff\xfe", NULL, "nothing", NULL);
	command_free(&c);   /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replies_table),
		cmocka_unit_test(test_commands_alone),
		cmocka_unit_test(test_never_a_decision),
		cmocka_unit_test(test_position),
		cmocka_unit_test(test_soco_fields),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_own_subjects_are_no_command),
		cmocka_unit_test(test_long_and_odd_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
