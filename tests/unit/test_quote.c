/* test_quote.c: replies from real mail clients, cut above the quoted message. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "quote.h"
#include "util.h"

static void check(const char *text, const char *want)
{
	char *got = quote_strip(text);
	assert_string_equal(got, want);
	free(got);
}

#define COMMANDS "SO-coördinator: Coördinator SO De Brug\nStartdatum: 10-01-2027\nUren: 12,5"

static void test_no_quote(void **state)
{
	(void)state;
	check("AKKOORD", "AKKOORD");
	check("\n  \n\nAKKOORD\n\n \t\n", "AKKOORD");
	/* The closing greeting and what follows it are the signature, not the remark. */
	check("AKKOORD\nDe aanvraag is compleet.\n\nGroet", "AKKOORD\nDe aanvraag is compleet.");
	check(COMMANDS "\n", COMMANDS);
}

static void test_empty_and_quote_only(void **state)
{
	(void)state;
	check("", "");
	check("\n\n", "");
	check("> AKKOORD\n> Groet", "");
	check("   > AKKOORD", "");
	check("Op ma 10 jan. 2027 om 10:12 schreef BPO-mail <bpo@bestuur.example>:\n> AKKOORD", "");
	check("________________________________\nVan: BPO-mail\nAKKOORD", "");
	char *got = quote_strip(NULL);
	assert_string_equal(got, "");
	free(got);
}

static void test_outlook_desktop(void **state)
{
	(void)state;
	check("AKKOORD\n"
	      "\n"
	      "Met vriendelijke groet,\n"
	      "\n"
	      "Trajectbegeleider Noord\n"
	      "Samenwerkingsverband Passend Onderwijs\n"
	      "T 010 000 00 00\n"
	      "\n"
	      "________________________________\n"
	      "Van: BPO-mail <bpo@bestuur.example>\n"
	      "Verzonden: maandag 10 januari 2027 10:12\n"
	      "Aan: Trajectbegeleider Noord <tb.noord@bestuur.example>\n"
	      "Onderwerp: [BPO-2027-0001] Aanvraag ter beoordeling\n"
	      "\n"
	      "Beste trajectbegeleider,\n"
	      "\n"
	      "Antwoord met AKKOORD, AFGEWEZEN: reden of INCOMPLEET: wat ontbreekt.\n",
	      "AKKOORD");
	/* Older Outlook: the dashed line, then the headers. */
	check("AFGEWEZEN: de leerling valt onder een ander samenwerkingsverband\n"
	      "\n"
	      "-----Oorspronkelijk bericht-----\n"
	      "Van: BPO-mail [mailto:bpo@bestuur.example]\n"
	      "Verzonden: dinsdag 11 januari 2027 15:02\n"
	      "Aan: Trajectbegeleider Noord\n"
	      "CC: BPO-loket\n"
	      "Onderwerp: [BPO-2027-0002] Aanvraag ter beoordeling\n"
	      "\n"
	      "AKKOORD of AFGEWEZEN?\n",
	      "AFGEWEZEN: de leerling valt onder een ander samenwerkingsverband");
	/* Outlook's plain text of an HTML mail marks the header names bold. */
	check("INCOMPLEET: handtekening ouder ontbreekt\n"
	      "\n"
	      "*Van:* BPO-mail <bpo@bestuur.example>\n"
	      "*Verzonden:* maandag 10 januari 2027 10:12\n"
	      "*Aan:* Trajectbegeleider Noord <tb.noord@bestuur.example>\n"
	      "*Onderwerp:* [BPO-2027-0003] Aanvraag\n",
	      "INCOMPLEET: handtekening ouder ontbreekt");
}

static void test_new_outlook(void **state)
{
	(void)state;
	check(COMMANDS "\n"
	      "\n"
	      "Met vriendelijke groet,\n"
	      "BPO-loket\n"
	      "\n"
	      "Van: BPO-mail <bpo@bestuur.example>\n"
	      "Datum: maandag, 10 januari 2027 om 10:12\n"
	      "Aan: BPO-loket <loket@bestuur.example>\n"
	      "Onderwerp: [BPO-2027-0001] Doorzetten naar SO\n"
	      "\n"
	      "SO-coördinator: naam of adres\n",
	      COMMANDS);
	/* English headers, as an English Outlook writes them. */
	check("STATUS\n\nFrom: BPO-mail <bpo@bestuur.example>\nSent: Monday, January 10, 2027 10:12 AM\n"
	      "To: IB De Brug <ib@debrug.example>\nSubject: [BPO-2027-0001]\n\nAKKOORD",
	      "STATUS");
}

static void test_outlook_android(void **state)
{
	(void)state;
	check("AFGEROND, de begeleiding is goed verlopen.\n"
	      "\n"
	      "Verzonden vanaf Outlook voor Android<https://aka.ms/AAb9ysg>\n"
	      "________________________________\n"
	      "Van: BPO-mail <bpo@bestuur.example>\n"
	      "Verzonden: Monday, January 10, 2027 10:12:00 AM\n"
	      "Aan: BPO-er Zuid <bpo.zuid@so.example>\n"
	      "Onderwerp: [BPO-2027-0001] In uitvoering\n"
	      "\n"
	      "Antwoord met AFGEROND als de begeleiding klaar is.\n",
	      "AFGEROND, de begeleiding is goed verlopen.");
	check("AKKOORD\n\nGet Outlook for Android<https://aka.ms/ghei36>\n\nFrom: BPO-mail\nSent: today\n",
	      "AKKOORD");
}

static void test_gmail(void **state)
{
	(void)state;
	check("AKKOORD, prima aanvraag.\n"
	      "\n"
	      "Op ma 10 jan. 2027 om 10:12 schreef BPO-mail <bpo@bestuur.example>:\n"
	      "\n"
	      "> Beste trajectbegeleider,\n"
	      ">\n"
	      "> Antwoord met AKKOORD of AFGEWEZEN: reden.\n",
	      "AKKOORD, prima aanvraag.");
	/* Wrapped inside the address, and the quote flattened (no '>'). */
	check("AKKOORD\n"
	      "\n"
	      "Op za 9 jan. 2027 om 14:43 schreef Trajectbegeleider Noord <\n"
	      "tb.noord@bestuur.example>:\n"
	      "\n"
	      "Beste loket,\n",
	      "AKKOORD");
	/* Wrapped over three lines. */
	check("AKKOORD\n"
	      "Op za 9 jan. 2027 om 14:43 schreef Trajectbegeleider Noord\n"
	      "Samenwerkingsverband Passend Onderwijs Regio Oost\n"
	      "<tb.noord@bestuur.example>:\n"
	      "Beste loket,\n",
	      "AKKOORD");
	/* Gmail on a phone. */
	check("TOESTEMMING\n\nOp 10 dec. 2026 18:35 schreef \"BPO-mail\" <bpo@bestuur.example>:\n\nGeeft u toestemming?",
	      "TOESTEMMING");
}

static void test_gmail_english(void **state)
{
	(void)state;
	check("STATUS please\n"
	      "\n"
	      "On Mon, Jan 10, 2027 at 10:12 AM BPO-mail <bpo@bestuur.example> wrote:\n"
	      "\n"
	      "> Dear coordinator,\n",
	      "STATUS please");
	check("AKKOORD\n\nAm Mo., 10. Jan. 2027 um 10:12 Uhr schrieb BPO-mail <bpo@bestuur.example>:\n\nHallo",
	      "AKKOORD");
	check("AKKOORD\n\nLe lun. 10 janv. 2027 à 10:12, BPO-mail <bpo@bestuur.example> a écrit :\n\nBonjour",
	      "AKKOORD");
}

static void test_apple_mail(void **state)
{
	(void)state;
	check("TOESTEMMING\n"
	      "\n"
	      "Met vriendelijke groet,\n"
	      "Ouder van de leerling\n"
	      "\n"
	      "Op 24 aug. 2026 om 16:48 heeft BPO-mail <bpo@bestuur.example> het volgende geschreven:\n"
	      "\n"
	      "Geeft u toestemming?\n",
	      "TOESTEMMING");
	check("GEEN TOESTEMMING\n"
	      "\n"
	      "Op 17-feb.-2027, om 13:18 heeft Intern begeleider De Brug\n"
	      "<ib@debrug.example> het volgende geschreven:\n"
	      "\n"
	      "Geeft u toestemming?\n",
	      "GEEN TOESTEMMING");
	check("AKKOORD\n"
	      "\n"
	      "Op 26 mei 2026, om 11:27 heeft BPO-mail <bpo@bestuur.example> het volgende\n"
	      "geschreven:\n"
	      "\n"
	      "Vraag",
	      "AKKOORD");
	check("AKKOORD\n"
	      "Op 26 februari 2026 11:11 heeft BPO-mail <bpo@bestuur.example>\n"
	      "het volgende geschreven:\n"
	      "Vraag",
	      "AKKOORD");
}

static void test_iphone(void **state)
{
	(void)state;
	check("AKKOORD\n"
	      "\n"
	      "Verzonden vanaf mijn iPhone\n"
	      "\n"
	      "> Op 10 jan. 2027 om 10:12 heeft BPO-mail <bpo@bestuur.example> het volgende geschreven:\n"
	      ">\n"
	      "> Beste trajectbegeleider,\n",
	      "AKKOORD");
	check("Akkoord.\n\nVerstuurd vanaf mijn iPad", "Akkoord.");
	check("Akkoord.\nVerzonden vanaf mijn Samsung Galaxy-smartphone.\n\n-------- Oorspronkelijk bericht --------\n"
	      "Van: BPO-mail <bpo@bestuur.example>\nDatum: 10-01-2027 10:12 (GMT+01:00)\n",
	      "Akkoord.");
	check("AKKOORD\n\nSent from my iPhone\n\n> On Jan 10, 2027, at 10:12, BPO-mail <bpo@bestuur.example> wrote:",
	      "AKKOORD");
}

static void test_thunderbird(void **state)
{
	(void)state;
	check("BPO-er: Ambulant begeleider Zuid <ab.zuid@so.example>\n"
	      "\n"
	      "Op 12-01-2027 om 09:51 schreef BPO-mail:\n"
	      "> Beste SO-coördinator,\n"
	      ">\n"
	      "> Antwoord met BPO-er: naam.\n"
	      "\n"
	      "-- \n"
	      "SO De Brug\n",
	      "BPO-er: Ambulant begeleider Zuid <ab.zuid@so.example>");
	/* An attribution we do not know, right above a '>' quote, goes with it. */
	check("AKKOORD\n\nBPO-mail schreef:\n\n> Vraag", "AKKOORD");
	check("AKKOORD\nBPO-mail <bpo@bestuur.example> wrote:\n> Vraag", "AKKOORD");
}

static void test_evolution(void **state)
{
	(void)state;
	check("INCOMPLEET: handtekening van de ouder ontbreekt\n"
	      "\n"
	      "BPO-mail schreef op wo 07-10-2026 om 14:08 [+0200]:\n"
	      "\n"
	      "Beste intern begeleider,\n",
	      "INCOMPLEET: handtekening van de ouder ontbreekt");
	check("AKKOORD\nBPO-mail schreef op ma 10-01-2027 om 10:12 +0100:\n> Vraag", "AKKOORD");
}

static void test_signature(void **state)
{
	(void)state;
	check("AKKOORD\n-- \nTrajectbegeleider Noord\nSamenwerkingsverband", "AKKOORD");
	check("AKKOORD\n\n--\nTrajectbegeleider Noord", "AKKOORD");
	check("-- \nalleen een handtekening", "");
	/* Not separators: */
	check("Uren: 10 -- 12\n--- \n---\n -- \nAKKOORD -- prima",
	      "Uren: 10 -- 12\n--- \n---\n -- \nAKKOORD -- prima");
}

static void test_multiline_commands_survive(void **state)
{
	(void)state;
	check(COMMANDS "\n"
	      "Einddatum: 1 juli 2027\n"
	      "\n"
	      "________________________________\n"
	      "Van: BPO-mail <bpo@bestuur.example>\n"
	      "Verzonden: maandag 10 januari 2027 10:12\n",
	      COMMANDS "\nEinddatum: 1 juli 2027");
	check("Gewenste startdatum: 10-01-2027\nStartdatum: 10 jan 2027\nEinddatum: 1 juli 2027\n"
	      "Uren: 12,5\nDatum: 10-01-2027",
	      "Gewenste startdatum: 10-01-2027\nStartdatum: 10 jan 2027\nEinddatum: 1 juli 2027\n"
	      "Uren: 12,5\nDatum: 10-01-2027");
	check("BPO-er: Ambulant begeleider Zuid\nOp 12-01-2027 om 09:51 schreef BPO-mail:\n> x",
	      "BPO-er: Ambulant begeleider Zuid");
}

/* Content that looks a little like a quote header, but is not one. */
static void test_content_kept(void **state)
{
	(void)state;
	const char *keep[] = {
		"Van: 1 januari\nTot: 1 juli",
		"Van: 1 januari",
		"AKKOORD\nVan: 1 januari\n\nAan: de ouders",
		"Ik schreef eerder al dat de aanvraag compleet is.",
		"Op maandag schreef ik u al:",
		"Op 10 jan om 10:30 heb ik een afspraak. Daarna schreef ik:",
		"Op 10 jan. 2027 om 10:12 kan ik niet:",
		"Op die dag heeft de school het volgende geschreven:",
		"De ouder schreef op papier dat het goed is:",
		"On Monday we wrote to them:",
		"Verzonden: de brief\nAKKOORD",
		"Onderwerp: gedrag",
		"_______ invullen _______",
		"-----\nAKKOORD\n-----",
		"Datum van de aanvraag:\n10-01-2027",
		"Subjectief: ja\nDatering: nee",
		"Ik heb dit verzonden met de post en de mail.",
	};

	for (size_t k = 0; k < ARRAY_SIZE(keep); k++)
		check(keep[k], keep[k]);
}

/* O(n): long texts of near misses stay fast. */
static void test_large_input(void **state)
{
	(void)state;
	clock_t t0 = clock();
	struct buf b = BUF_INIT;

	buf_adds(&b, "AKKOORD\n");
	for (int k = 0; k < 50000; k++)
		buf_adds(&b, "Op 10 jan. 2027 om 10:12 schreef bijna iets zonder dubbele punt\nVan: x\n\n");
	char *got = quote_strip(b.data);
	assert_int_equal(strlen(got), b.len - 2);
	free(got);

	buf_truncate(&b, 0);
	for (int k = 0; k < 1000000; k++)
		buf_addc(&b, k % 100 == 0 ? ' ' : 'O');
	buf_adds(&b, "\n> quote");
	got = quote_strip(b.data);
	assert_int_equal(strlen(got), 1000000);
	free(got);

	buf_truncate(&b, 0);
	for (int k = 0; k < 300000; k++)
		buf_adds(&b, "\n");
	got = quote_strip(b.data);
	assert_string_equal(got, "");
	free(got);
	buf_free(&b);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_quote),
		cmocka_unit_test(test_empty_and_quote_only),
		cmocka_unit_test(test_outlook_desktop),
		cmocka_unit_test(test_new_outlook),
		cmocka_unit_test(test_outlook_android),
		cmocka_unit_test(test_gmail),
		cmocka_unit_test(test_gmail_english),
		cmocka_unit_test(test_apple_mail),
		cmocka_unit_test(test_iphone),
		cmocka_unit_test(test_thunderbird),
		cmocka_unit_test(test_evolution),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_multiline_commands_survive),
		cmocka_unit_test(test_content_kept),
		cmocka_unit_test(test_large_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
