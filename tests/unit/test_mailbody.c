/* test_mailbody.c: the text part and the HTML alternative made from a rendered template. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mailbody.h"
#include "util.h"

static char *href(const char *label, const char *body, int64_t request_id, void *arg)
{
	(void)arg;
	if (strcmp(label, "Weg") == 0)
		return NULL;
	char *subject = xasprintf("[BPO-2027-%04lld] %s", (long long)(request_id ? request_id : 1), label);
	char *url = mailbody_mailto("bpo+abc@swv.example", subject, body);
	free(subject);
	return url;
}

static void make(const char *raw, char **text, char **html)
{
	mailbody_make(raw, "Onderwerp <&>", href, NULL, text, html);
}

static void test_mailto_encoding(void **state)
{
	char *u = mailbody_mailto("bpo+abc@swv.example", "[BPO-2027-0001] Ja, één",
				  "SO-coördinator: A&B\nUren: 12,5");

	(void)state;
	assert_string_equal(u, "mailto:bpo+abc@swv.example?subject=%5BBPO-2027-0001%5D%20Ja%2C%20"
			       "%C3%A9%C3%A9n&body=SO-co%C3%B6rdinator%3A%20A%26B%0D%0AUren%3A%2012%2C5");
	free(u);
}

static void test_text_part(void **state)
{
	char *text, *html;

	(void)state;
	make("Beste IB,\n\n[[Akkoord|AKKOORD]]\n[[Weg|X]]\n[[Doorzetten|SO-coördinator: X\\nUren: 2|#7]]\n"
	     "[[geen actie]]\n[[|leeg label]]\n", &text, &html);
	assert_string_equal(text, "Beste IB,\n\n"
				  "- Akkoord: <mailto:bpo+abc@swv.example?subject=%5BBPO-2027-0001%5D%20Akkoord&body=AKKOORD>\n"
				  "- Doorzetten: <mailto:bpo+abc@swv.example?subject=%5BBPO-2027-0007%5D%20Doorzetten"
				  "&body=SO-co%C3%B6rdinator%3A%20X%0D%0AUren%3A%202>\n"
				  "[[geen actie]]\n[[|leeg label]]\n");
	assert_non_null(strstr(html, ">Akkoord</a>"));
	assert_null(strstr(html, ">Weg</a>"));
	free(text);
	free(html);
}

static void test_html_blocks(void **state)
{
	char *text, *html;

	(void)state;
	make("Beste <IB> & co,\n\nKenmerk: BPO-2027-0001\nSchool: De Linde\n\nZet bovenaan:\n\n"
	     "  AKKOORD\n  AFGEWEZEN: de reden\n\n- een\n- twee\n\n---- aanvraag ----\nLos: x\n\n"
	     "Ondersteuningsvraag:\nHoe helpen wij de groep?\n", &text,
	     &html);
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_non_null(strstr(html, "<html lang=\"nl\">"));
	assert_non_null(strstr(html, "<title>Onderwerp &lt;&amp;&gt;</title>"));
	assert_non_null(strstr(html, "<p>Beste &lt;IB&gt; &amp; co,</p>"));
	assert_non_null(strstr(html, ">Kenmerk</th><td style=\"padding:3px 0\">BPO-2027-0001</td>"));
	assert_non_null(strstr(html, ">School</th>"));
	assert_non_null(strstr(html, "monospace"));
	assert_non_null(strstr(html, "AKKOORD\nAFGEWEZEN: de reden</pre>"));
	assert_non_null(strstr(html, "<li>een</li>\n<li>twee</li>"));
	assert_non_null(strstr(html, "<hr>"));
	assert_non_null(strstr(html, "<p><strong>Ondersteuningsvraag:</strong><br>\nHoe helpen wij de groep?</p>"));
	/* Nothing that loads or runs anything. */
	assert_null(strstr(html, "http"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "url("));
	/* The text part is the template's text. */
	assert_non_null(strstr(text, "Beste <IB> & co,\n"));
	free(text);
	free(html);
}

static void test_odd_input(void **state)
{
	char *text, *html;

	(void)state;
	make("", &text, &html);
	assert_string_equal(text, "");
	assert_non_null(strstr(html, "</html>"));
	free(text);
	free(html);
	make("geen regeleinde", &text, &html);
	assert_string_equal(text, "geen regeleinde\n");
	free(text);
	free(html);
	/* A long text keeps every line. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 20000; i++)
		buf_addf(&b, "regel %d\n", i);
	make(buf_str(&b), &text, &html);
	assert_string_equal(text, buf_str(&b));
	assert_non_null(strstr(html, "regel 19999"));
	free(text);
	free(html);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mailto_encoding),
		cmocka_unit_test(test_text_part),
		cmocka_unit_test(test_html_blocks),
		cmocka_unit_test(test_odd_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
