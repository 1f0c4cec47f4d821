/* test_html.c: HTML mail bodies as text, quoted parts marked, hostile input survived. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "html.h"
#include "quote.h"
#include "utf8.h"
#include "util.h"

static void check_html(const char *html, const char *want)
{
	char *got = html_to_text(html, strlen(html));
	assert_string_equal(got, want);
	free(got);
}

/* The text a top-posted HTML reply leaves once its quote is cut. */
static void check_reply(const char *html, const char *want)
{
	char *text = html_to_text(html, strlen(html));
	char *got = quote_strip(text);
	assert_string_equal(got, want);
	free(got);
	free(text);
}

static void test_empty(void **state)
{
	(void)state;
	check_html("", "");
	check_html("<html><body></body></html>", "");
	check_html("<p>&nbsp;</p><br><br><div><br></div>", "");
	char *got = html_to_text(NULL, 0);
	assert_string_equal(got, "");
	free(got);
}

static void test_blocks_and_whitespace(void **state)
{
	(void)state;
	check_html("<p>  Beste\n   loket,\t dit  is <b>vet</b>en <i>schuin</i> .</p>",
		   "Beste loket, dit is veten schuin .\n");
	check_html("<div>AKKOORD</div><div><br></div><div>Groet,</div><div>Trajectbegeleider Noord</div>",
		   "AKKOORD\n\nGroet,\nTrajectbegeleider Noord\n");
	check_html("regel 1<br>regel 2<br/><br />regel 4<BR>", "regel 1\nregel 2\n\nregel 4\n");
	check_html("<h1>Kop</h1>tekst<hr>meer<p>alinea</p><p>volgende</p>",
		   "Kop\ntekst\nmeer\nalinea\nvolgende\n");
	check_html("<table><tr><td>Uren</td><td>12,5</td></tr><tr><th>Start</th><td>10-01-2027</td></tr></table>",
		   "Uren 12,5\nStart 10-01-2027\n");
	check_html("<pre>regel 1\n  ingesprongen\n\n\nna witregels</pre>na",
		   "regel 1\n  ingesprongen\n\nna witregels\nna\n");
	check_html("<p>een</p><br><br><br><p>twee</p>", "een\n\ntwee\n");
}

static void test_head_style_script_comments(void **state)
{
	(void)state;
	check_html("<html><head><title>Onderwerp</title><meta charset=\"utf-8\">"
		   "<style>p { color: red; } </head> </style></head>"
		   "<body><!-- opmerking <p>niet</p> --><script>var s = '<p>niet</p>';</script>"
		   "<p>AKKOORD</p><!--[if mso]><p>niet</p><![endif]--></body></html>",
		   "AKKOORD\n");
	check_html("<head><title>x</title><body>AKKOORD</body>", "AKKOORD\n");
	check_html("<!DOCTYPE html><?xml version=\"1.0\"?><p>AKKOORD</p>", "AKKOORD\n");
	check_html("<SCRIPT>niet</SCRIPT >AKKOORD<STYLE>x</style>", "AKKOORD\n");
	/* A <head> that never ends hides nothing. */
	check_html("<head><meta charset=utf-8><p>AKKOORD</p>", "AKKOORD\n");
}

static void test_entities(void **state)
{
	(void)state;
	check_html("&amp; &lt; &gt; &quot; &apos;", "& < > \" '\n");
	check_html("Co&ouml;rdinator, &euml; &eacute; &egrave; &agrave; &ccedil; &uuml; &iuml; &Euml;",
		   "Coördinator, ë é è à ç ü ï Ë\n");
	check_html("a &ndash; b &mdash; c&hellip; &lsquo;x&rsquo; &ldquo;y&rdquo; &euro;",
		   "a – b — c… ‘x’ “y” €\n");
	check_html("&#233;&#xE9;&#XE9;&#x1F600;&#65", "ééé😀A\n");
	check_html("a&nbsp;&nbsp;b &#160;", "a  b\n");
	check_html("&unknown; &amp &; &#; &#x; & x &euml", "&unknown; &amp &; &#; &#x; & x &euml\n");
	check_html("AT&amp;T &lt;b&gt;", "AT&T <b>\n");
	check_html("x&#10;y&#32;&#32;z", "x y z\n");
	/* Word writes windows-1252 numbers: browsers read them so. */
	check_html("10&#150;12 &#147;ja&#148; &#129;", "10–12 “ja” \xef\xbf\xbd\n");
}

static void test_numeric_entities_out_of_range(void **state)
{
	(void)state;
	const char *fffd = "\xef\xbf\xbd";
	char want[64];

	check_html("&#0;", "\xef\xbf\xbd\n");
	check_html("&#xD800;&#xdfff;", "\xef\xbf\xbd\xef\xbf\xbd\n");
	check_html("&#x110000;&#1114112;", "\xef\xbf\xbd\xef\xbf\xbd\n");
	check_html("&#99999999999999999999999999;", "\xef\xbf\xbd\n");
	check_html("&#xFFFFFFFFFFFFFFFFFFFF;", "\xef\xbf\xbd\n");
	check_html("&#1;&#x7f;", "\xef\xbf\xbd\xef\xbf\xbd\n");
	check_html("&#x10FFFF;", "\xf4\x8f\xbf\xbf\n");
	snprintf(want, sizeof want, "a%sb\n", fffd);
	check_html("a&#00000000000000000000;b", want);
}

static void test_lists(void **state)
{
	(void)state;
	check_html("<ul><li>een</li><li>twee<ul><li>drie</li><li> vier </li></ul></li><li>vijf</ul>"
		   "<ol><li>zes<li>zeven</ol>na",
		   "- een\n- twee\n  - drie\n  - vier\n- vijf\n- zes\n- zeven\nna\n");
	check_html("<ul><li></li></ul>", "-\n");
}

static void test_quote_containers(void **state)
{
	(void)state;
	check_html("<p>AKKOORD</p><blockquote>een<blockquote>twee<br><br>drie</blockquote>vier</blockquote>na",
		   "AKKOORD\n> een\n> > twee\n> >\n> > drie\n> vier\nna\n");
	check_html("ja<div class=\"gmail_quote gmail_quote_container\"><div>binnen</div><div>ook</div></div>buiten",
		   "ja\n> binnen\n> ook\nbuiten\n");
	check_html("ja<div class=moz-cite-prefix>Op 12-01-2027 om 09:51 schreef BPO-loket:<br></div>"
		   "<blockquote type=\"cite\">vraag</blockquote>",
		   "ja\n> Op 12-01-2027 om 09:51 schreef BPO-loket:\n> vraag\n");
	/* Outlook's marker is empty: what follows it is the quoted message. */
	check_html("<div>AKKOORD</div><div id=\"appendonsend\"></div><hr><div>Van: BPO-loket</div><div>oud</div>",
		   "AKKOORD\n> Van: BPO-loket\n> oud\n");
	check_html("<div>ja</div><div id=\"x_divRplyFwdMsg\"><b>Van:</b> BPO-loket</div><div>oud</div>",
		   "ja\n> Van: BPO-loket\n> oud\n");
	/* A div that closes inside a quote div does not end the quote. */
	check_html("<div class=gmail_quote><div>a</div>b</div>c", "> a\n> b\nc\n");
	/* Unclosed containers quote to the end; stray closers do nothing. */
	check_html("</blockquote></div>x<blockquote>y", "x\n> y\n");
}

static void test_malformed(void **state)
{
	(void)state;
	check_html("<div <b>AKKOORD</b>", "AKKOORD\n");
	check_html("AKKOORD<!-- nooit gesloten <p>weg</p>", "AKKOORD\n");
	check_html("AKKOORD<!-->na", "AKKOORDna\n");
	check_html("3 < 4 en 5 <= 6 <", "3 < 4 en 5 <= 6 <\n");
	check_html("<> </> < p> <", "<> </> < p> <\n");
	check_html("<a title=\"a > b\" href='x>y'>link</a> en <a href=x>meer</a>", "link en meer\n");
	check_html("AKKOORD<div class=", "AKKOORD\n");
	check_html("AKKOORD<a href=\"x>rest van de mail", "AKKOORD\n");
	check_html("AKKOORD<", "AKKOORD<\n");
	check_html("AKKOORD&", "AKKOORD&\n");
	check_html("AKKOORD&#", "AKKOORD&#\n");
	check_html("<p class=\"\"\"=''=>x</p>", "x\n");
	check_html("<averyveryverylongtagnamethatisnotknown>x</averyveryverylongtagnamethatisnotknown>", "x\n");
	check_html("<script>nooit gesloten", "");
	check_html("<style>a</styles>b</style>c", "c\n");

	/* NUL and other controls are dropped; the text stays one C string. */
	const char nul[] = "AKK\0OO\x01RD";
	char *got = html_to_text(nul, sizeof nul - 1);
	assert_string_equal(got, "AKKOORD\n");
	free(got);
	/* The length is obeyed: nothing after len is read. */
	got = html_to_text("AKKOORD<p>weg</p>", 7);
	assert_string_equal(got, "AKKOORD\n");
	free(got);
}

static char *repeat(const char *open, size_t times, const char *middle, const char *close)
{
	struct buf b = BUF_INIT;

	for (size_t k = 0; k < times; k++)
		buf_adds(&b, open);
	buf_adds(&b, middle);
	for (size_t k = 0; k < times; k++)
		buf_adds(&b, close);
	return buf_detach(&b);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	clock_t t0 = clock();
	char *html = repeat("<div>", 100000, "AKKOORD", "</div>");
	check_html(html, "AKKOORD\n");
	free(html);

	html = repeat("<blockquote>", 100000, "x<br>y", "</blockquote>");
	check_html(html, "> > > > > > > > > > > > > > > > x\n> > > > > > > > > > > > > > > > y\n");
	free(html);

	html = repeat("<div class=gmail_quote>", 100000, "x", "</div>");
	char *got = html_to_text(html, strlen(html));
	assert_true(strlen(got) <= 2 * strlen(html));
	assert_non_null(strstr(got, "> x"));
	free(got);
	free(html);

	html = repeat("<ul><li>", 100000, "x", "</li></ul>");
	got = html_to_text(html, strlen(html));
	assert_true(strlen(got) <= 2 * strlen(html));
	free(got);
	free(html);

	html = repeat("<!-- <div> -->", 100000, "AKKOORD", "<p>");
	check_html(html, "AKKOORD\n");
	free(html);

	/* Each <head> would search to the end: only the first one may. */
	html = repeat("<head>", 100000, "AKKOORD", "");
	check_html(html, "AKKOORD\n");
	free(html);

	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 5.0);
}

static void test_output_bound(void **state)
{
	(void)state;
	/* Quote prefixes and bullets cost more than the markup that makes them. */
	char *html = repeat("<blockquote>", 16, "", "");
	struct buf b = BUF_INIT;
	buf_adds(&b, html);
	for (int k = 0; k < 1000; k++)
		buf_adds(&b, "x<br>");
	char *got = html_to_text(b.data, b.len);
	assert_true(strlen(got) <= 2 * b.len);
	assert_true(utf8_valid(got, strlen(got)));
	free(got);
	buf_free(&b);
	free(html);

	got = html_to_text("<li>", 4);
	assert_true(strlen(got) <= 8);
	free(got);
}

/* Random soup of fragments: no crash, output bounded, valid UTF-8 stays valid. */
static void test_soup(void **state)
{
	(void)state;
	static const char *const frag[] = {
		"<div>", "</div>", "<blockquote>", "</blockquote>", "<li>", "<ul>", "</ul>",
		"<br>", "<p>", "&euml;", "&#x1F600;", "&#0;", "&#xD800;", "&", "<", ">", "\"",
		"'", "<!--", "-->", "<script>", "</script>", "<style>", "<head>", "</head>",
		"<pre>", "</pre>", "\n", " ", "Coördinator", "é", "<div class=\"gmail_quote\">",
		"<div id=appendonsend>", "<a href=\"", "=", "&nbsp;", "\xc2\xa0", "<!", "</",
		"<td>", "<tr>", "x", "€",
	};
	uint32_t seed = 12345;

	for (int round = 0; round < 3000; round++) {
		struct buf b = BUF_INIT;
		seed = seed * 1103515245u + 12345u;
		size_t parts = (seed >> 16) % 60;
		for (size_t k = 0; k < parts; k++) {
			seed = seed * 1103515245u + 12345u;
			buf_adds(&b, frag[(seed >> 16) % ARRAY_SIZE(frag)]);
		}
		char *got = html_to_text(b.data, b.len);
		size_t n = strlen(got);
		assert_true(n <= 2 * b.len);
		assert_true(utf8_valid(got, n));
		free(quote_strip(got));
		free(got);
		buf_free(&b);
	}
}

static void test_invalid_utf8_passes(void **state)
{
	(void)state;
	const char bad[] = "a\xff\xc3 b\xe2\x82";
	char *got = html_to_text(bad, sizeof bad - 1);
	assert_string_equal(got, "a\xff\xc3 b\xe2\x82\n");
	free(got);
}

static void test_outlook_web_reply(void **state)
{
	(void)state;
	check_reply(
		"<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n"
		"<style type=\"text/css\" style=\"display:none;\"> P {margin-top:0;margin-bottom:0;} </style>\r\n"
		"</head>\r\n<body dir=\"ltr\">\r\n"
		"<div class=\"elementToProof\" style=\"font-family: Aptos, Calibri, sans-serif; font-size: 12pt;\">"
		"SO-co&ouml;rdinator: Co&ouml;rdinator SO De Brug</div>\r\n"
		"<div class=\"elementToProof\" style=\"font-size: 12pt;\">Startdatum: 10-01-2027</div>\r\n"
		"<div class=\"elementToProof\" style=\"font-size: 12pt;\">Uren: 12,5</div>\r\n"
		"<div class=\"elementToProof\"><br></div>\r\n"
		"<div id=\"Signature\"><p>Met vriendelijke groet,<br>BPO-loket Samenwerkingsverband</p></div>\r\n"
		"<div id=\"appendonsend\"></div>\r\n"
		"<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\">\r\n"
		"<div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\" color=\"#000000\">"
		"<b>Van:</b> BPO-mail &lt;bpo@bestuur.example&gt;<br>\r\n"
		"<b>Verzonden:</b> maandag 10 januari 2027 10:12<br>\r\n"
		"<b>Aan:</b> BPO-loket &lt;loket@bestuur.example&gt;<br>\r\n"
		"<b>Onderwerp:</b> [BPO-2027-0001] Doorzetten naar SO</font>\r\n"
		"<div>&nbsp;</div></div>\r\n"
		"<div><div dir=\"ltr\">Beste loket,<br>Antwoord met SO-co&ouml;rdinator: naam.<br>AKKOORD</div></div>\r\n"
		"</body></html>\r\n",
		"SO-coördinator: Coördinator SO De Brug\nStartdatum: 10-01-2027\nUren: 12,5");
}

static void test_outlook_desktop_html_reply(void **state)
{
	(void)state;
	check_reply(
		"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>"
		"<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">"
		"<!--[if gte mso 9]><xml><o:shapedefaults v:ext=\"edit\" spidmax=\"1026\" /></xml><![endif]-->"
		"<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt;} --></style></head>"
		"<body lang=NL link=\"#0563C1\"><div class=WordSection1>"
		"<p class=MsoNormal>AKKOORD<o:p></o:p></p>"
		"<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
		"<p class=MsoNormal>Met vriendelijke groet,<o:p></o:p></p>"
		"<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
		"<p class=MsoNormal>Trajectbegeleider Noord<o:p></o:p></p>"
		"<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
		"<div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
		"<p class=MsoNormal><b>Van:</b> BPO-mail &lt;bpo@bestuur.example&gt; <br>"
		"<b>Verzonden:</b> maandag 10 januari 2027 10:12<br>"
		"<b>Aan:</b> Trajectbegeleider Noord &lt;tb.noord@bestuur.example&gt;<br>"
		"<b>Onderwerp:</b> [BPO-2027-0001] Aanvraag ter beoordeling<o:p></o:p></p></div></div>"
		"<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
		"<p class=MsoNormal>Beste trajectbegeleider,<o:p></o:p></p>"
		"<p class=MsoNormal>Antwoord met AKKOORD, AFGEWEZEN of INCOMPLEET.<o:p></o:p></p>"
		"</div></body></html>",
		"AKKOORD");
}

static void test_gmail_html_reply(void **state)
{
	(void)state;
	const char *html =
		"<div dir=\"ltr\">AKKOORD<div><br></div><div>Groet,</div><div>Trajectbegeleider Noord</div></div>"
		"<br><div class=\"gmail_quote gmail_quote_container\"><div dir=\"ltr\" class=\"gmail_attr\">"
		"Op ma 10 jan. 2027 om 10:12 schreef BPO-mail &lt;<a href=\"mailto:bpo@bestuur.example\">"
		"bpo@bestuur.example</a>&gt;:<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;"
		"border-left:1px solid rgb(204,204,204);padding-left:1ex\"><div dir=\"ltr\">Beste trajectbegeleider,"
		"<br><br>Antwoord met AKKOORD of AFGEWEZEN: reden.</div></blockquote></div>";

	check_html(html,
		   "AKKOORD\n\nGroet,\nTrajectbegeleider Noord\n\n"
		   "> Op ma 10 jan. 2027 om 10:12 schreef BPO-mail <bpo@bestuur.example>:\n"
		   "> > Beste trajectbegeleider,\n> >\n> > Antwoord met AKKOORD of AFGEWEZEN: reden.\n");
	check_reply(html, "AKKOORD");
}

static void test_thunderbird_html_reply(void **state)
{
	(void)state;
	check_reply(
		"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>"
		"<body><p>BPO-er: Ambulant begeleider Zuid &lt;ab.zuid@so.example&gt;</p>"
		"<pre class=\"moz-signature\" cols=\"72\">-- \nSO-co\xc3\xb6rdinator De Brug\nSO De Brug</pre>"
		"<div class=\"moz-cite-prefix\">Op 12-01-2027 om 09:51 schreef BPO-mail:<br></div>"
		"<blockquote type=\"cite\" cite=\"mid:bpo-2027-0001@bestuur.example\">Beste SO-co&ouml;rdinator,"
		"<br>Antwoord met BPO-er: naam.</blockquote><br></body></html>",
		"BPO-er: Ambulant begeleider Zuid <ab.zuid@so.example>");
}

static void test_apple_mail_html_reply(void **state)
{
	(void)state;
	check_reply(
		"<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head>"
		"<body dir=\"auto\">TOESTEMMING<div><br></div><div>Ouder van de leerling<br><br>"
		"<div dir=\"ltr\">Verzonden vanaf mijn iPhone</div><div dir=\"ltr\"><br><blockquote type=\"cite\">"
		"Op 10 jan. 2027 om 10:12 heeft BPO-mail &lt;bpo@bestuur.example&gt; het volgende geschreven:<br><br></blockquote></div>"
		"<blockquote type=\"cite\"><div dir=\"ltr\">Geeft u toestemming?</div></blockquote></div></body></html>",
		"TOESTEMMING\n\nOuder van de leerling");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_blocks_and_whitespace),
		cmocka_unit_test(test_head_style_script_comments),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_numeric_entities_out_of_range),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_quote_containers),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_output_bound),
		cmocka_unit_test(test_soup),
		cmocka_unit_test(test_invalid_utf8_passes),
		cmocka_unit_test(test_outlook_web_reply),
		cmocka_unit_test(test_outlook_desktop_html_reply),
		cmocka_unit_test(test_gmail_html_reply),
		cmocka_unit_test(test_thunderbird_html_reply),
		cmocka_unit_test(test_apple_mail_html_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
