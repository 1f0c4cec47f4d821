/* test_date.c: dates and hours as Dutch people write them (date.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "date.h"
#include "util.h"

/* Parses s and checks the result is y-m-d. */
static void expect_date(const char *s, int y, int m, int d)
{
	struct date out = { 0, 0, 0 };
	int rc = date_parse(s, &out);

	if (rc != 0)
		fail_msg("date_parse(\"%s\") = %d, want 0", s, rc);
	if (out.y != y || out.m != m || out.d != d)
		fail_msg("date_parse(\"%s\") = %04d-%02d-%02d, want %04d-%02d-%02d",
			 s, out.y, out.m, out.d, y, m, d);
}

/* Parses s and checks the refusal code; *out stays untouched. */
static void expect_refused(const char *s, int want)
{
	struct date out = { 1, 2, 3 };
	int rc = date_parse(s, &out);

	if (rc != want)
		fail_msg("date_parse(\"%s\") = %d, want %d", s, rc, want);
	assert_int_equal(out.y, 1);
	assert_int_equal(out.m, 2);
	assert_int_equal(out.d, 3);
}

static void test_numeric_formats(void **state)
{
	(void)state;
	expect_date("2027-01-10", 2027, 1, 10);
	expect_date("2027-1-9", 2027, 1, 9);
	expect_date("10-01-2027", 2027, 1, 10);
	expect_date("10-1-2027", 2027, 1, 10);
	expect_date("1-1-2027", 2027, 1, 1);
	expect_date("10/01/2027", 2027, 1, 10);
	expect_date("10/1/2027", 2027, 1, 10);
	expect_date("10.01.2027", 2027, 1, 10);
	expect_date("10-01-27", 2027, 1, 10);
	expect_date("31-12-99", 2099, 12, 31);
	expect_date("  10-01-2027  ", 2027, 1, 10);
	expect_date("\t10-01-2027\r\n", 2027, 1, 10);
	expect_date("10-01-2027.", 2027, 1, 10);
	expect_date("10\xe2\x80\x93" "01\xe2\x80\x93" "2027", 2027, 1, 10);   /* en dashes */
}

static void test_month_names(void **state)
{
	static const struct { const char *s; int m; } names[] = {
		{ "10 januari 2027", 1 }, { "10 jan 2027", 1 }, { "10 jan. 2027", 1 },
		{ "10 februari 2027", 2 }, { "10 feb 2027", 2 }, { "10 febr. 2027", 2 },
		{ "10 maart 2027", 3 }, { "10 mrt 2027", 3 }, { "10 mrt. 2027", 3 },
		{ "10 mar 2027", 3 },
		{ "10 april 2027", 4 }, { "10 apr. 2027", 4 },
		{ "10 mei 2027", 5 }, { "10 may 2027", 5 },
		{ "10 juni 2027", 6 }, { "10 jun 2027", 6 },
		{ "10 juli 2027", 7 }, { "10 jul. 2027", 7 },
		{ "10 augustus 2027", 8 }, { "10 aug 2027", 8 },
		{ "10 september 2027", 9 }, { "10 sep 2027", 9 }, { "10 sept 2027", 9 },
		{ "10 sept. 2027", 9 },
		{ "10 oktober 2027", 10 }, { "10 okt 2027", 10 }, { "10 oct 2027", 10 },
		{ "10 november 2027", 11 }, { "10 nov. 2027", 11 },
		{ "10 december 2027", 12 }, { "10 dec 2027", 12 },
		{ "10 JANUARI 2027", 1 }, { "10 Jan. 2027", 1 }, { "10  jan   2027", 1 },
		{ "10 jan.2027", 1 }, { "10-jan-2027", 1 }, { "10-Okt-2027", 10 },
		{ "10 januari 2027.", 1 }, { "10 jan. 2027.", 1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		expect_date(names[i].s, 2027, names[i].m, 10);
	expect_date("1 mei 2027", 2027, 5, 1);
}

static void test_weekday_prefix(void **state)
{
	(void)state;
	expect_date("zondag 10 januari 2027", 2027, 1, 10);
	expect_date("Zondag, 10 januari 2027", 2027, 1, 10);
	expect_date("zo 10 jan. 2027", 2027, 1, 10);
	expect_date("zo. 10 jan 2027", 2027, 1, 10);
	expect_date("ma 11-01-2027", 2027, 1, 11);
	expect_date("ma. 11-01-2027", 2027, 1, 11);
	expect_date("ma, 11-01-2027", 2027, 1, 11);
	expect_date("maandag 11 januari 2027", 2027, 1, 11);
	expect_date("dinsdag 12 januari 2027", 2027, 1, 12);
	expect_date("di 12-1-2027", 2027, 1, 12);
	expect_date("woensdag 13 januari 2027", 2027, 1, 13);
	expect_date("wo 13-1-2027", 2027, 1, 13);
	expect_date("donderdag 14 januari 2027", 2027, 1, 14);
	expect_date("do 14-1-2027", 2027, 1, 14);
	expect_date("vrijdag 15 januari 2027", 2027, 1, 15);
	expect_date("vr 15-1-2027", 2027, 1, 15);
	expect_date("zaterdag 16 januari 2027", 2027, 1, 16);
	expect_date("za 16-1-2027", 2027, 1, 16);
	expect_date("Woensdag 2027-01-13", 2027, 1, 13);
	/* The weekday is not checked against the date. */
	expect_date("maandag 10 januari 2027", 2027, 1, 10);
}

static void test_not_a_date(void **state)
{
	static const char *const bad[] = {
		"", "   ", "morgen", "10-01-2027 of later", "10-01-2027 10:00",
		"10 januari", "januari 2027", "10 januari 27", "10-jan-27", "10/01/27",
		"10.01.27", "2027/01/10", "2027.01.10", "2027-01-10T09:00", "20270110",
		"10-01/2027", "10 - 01 - 2027", "10-01-02027", "100-01-2027", "10-001-2027",
		"10 janu 2027", "10 foo 2027", "10 maandag 2027", "10januari 2027",
		"maandag", "maandag10-01-2027", "vandaag 10-01-2027", "10-01-2027..",
		"10-01-2027 x", "-10-01-2027", "10--01-2027", "10-01-", "10-01-20270",
		"1O-01-2027", "10 mrt 2027 2028", "2027-01", "10-01-2027-", "01/10/2027 PM",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		expect_refused(bad[i], -1);
	expect_refused(NULL, -1);
}

static void test_long_text_refused(void **state)
{
	char big[200];

	(void)state;
	memset(big, ' ', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big + 100, "10-01-2027", 10);
	expect_refused(big, -1);
}

static void test_day_does_not_exist(void **state)
{
	static const char *const bad[] = {
		"31-02-2027", "29-02-2027", "00-01-2027", "10-13-2027", "10-00-2027",
		"32-01-2027", "31-04-2027", "2027-02-30", "2027-13-01", "0-1-2027",
		"31 juni 2027", "30 februari 2028", "29 feb 2027", "31-11-27",
		"10-01-1899", "10-01-2200", "10-01-0000", "1899-12-31", "99-01-2027",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		expect_refused(bad[i], -2);
}

static void test_leap_years(void **state)
{
	(void)state;
	expect_date("2028-02-29", 2028, 2, 29);
	expect_date("29-02-2028", 2028, 2, 29);
	expect_date("2000-02-29", 2000, 2, 29);
	expect_refused("2027-02-29", -2);
	expect_refused("2100-02-29", -2);
	expect_refused("1900-02-29", -2);
	assert_true(date_exists(2028, 2, 29));
	assert_true(date_exists(2000, 2, 29));
	assert_false(date_exists(2027, 2, 29));
	assert_false(date_exists(2100, 2, 29));
	assert_true(date_exists(1900, 1, 1));
	assert_true(date_exists(2199, 12, 31));
	assert_false(date_exists(1899, 12, 31));
	assert_false(date_exists(2200, 1, 1));
	assert_false(date_exists(2027, 0, 1));
	assert_false(date_exists(2027, 13, 1));
	assert_false(date_exists(2027, 1, 0));
	assert_false(date_exists(2027, 4, 31));
}

static void expect_long(int y, int m, int d, const char *want)
{
	struct date dt = { y, m, d };
	char out[40];

	date_long_nl(&dt, out);
	assert_string_equal(out, want);
}

static void test_long_nl(void **state)
{
	(void)state;
	expect_long(2027, 1, 10, "zondag 10 januari 2027");
	expect_long(2027, 1, 11, "maandag 11 januari 2027");
	expect_long(2027, 9, 29, "woensdag 29 september 2027");
	expect_long(2000, 1, 1, "zaterdag 1 januari 2000");
	expect_long(2000, 2, 29, "dinsdag 29 februari 2000");
	expect_long(2028, 2, 29, "dinsdag 29 februari 2028");
	expect_long(1970, 1, 1, "donderdag 1 januari 1970");
	expect_long(1900, 1, 1, "maandag 1 januari 1900");
	expect_long(2199, 12, 31, "dinsdag 31 december 2199");
	expect_long(2026, 12, 25, "vrijdag 25 december 2026");
	expect_long(2027, 2, 30, "2027-02-30");   /* not a day: ISO shape */
}

static void test_iso_and_cmp(void **state)
{
	struct date a = { 2027, 1, 10 }, b = { 2027, 1, 11 }, c = { 2026, 12, 31 };
	struct date bad = { 123456, -1, 7 };
	char out[11];

	(void)state;
	date_iso(&a, out);
	assert_string_equal(out, "2027-01-10");
	date_iso(&bad, out);
	assert_string_equal(out, "0000-00-00");
	assert_true(date_cmp(&a, &b) < 0);
	assert_true(date_cmp(&b, &a) > 0);
	assert_true(date_cmp(&a, &a) == 0);
	assert_true(date_cmp(&c, &a) < 0);
}

static void expect_from_time(long long t, int y, int m, int d)
{
	struct date dt = date_from_time(t);

	if (dt.y != y || dt.m != m || dt.d != d)
		fail_msg("date_from_time(%lld) = %d-%d-%d, want %d-%d-%d",
			 t, dt.y, dt.m, dt.d, y, m, d);
}

static void test_from_time(void **state)
{
	(void)state;
	expect_from_time(0, 1970, 1, 1);
	expect_from_time(86399, 1970, 1, 1);
	expect_from_time(86400, 1970, 1, 2);
	expect_from_time(-1, 1969, 12, 31);
	expect_from_time(-86400, 1969, 12, 31);
	expect_from_time(-86401, 1969, 12, 30);
	expect_from_time(951782400, 2000, 2, 29);
	expect_from_time(1799539200, 2027, 1, 10);
	expect_from_time(1799539200 + 86399, 2027, 1, 10);
	expect_from_time(1830297600, 2028, 1, 1);
	expect_from_time(1835395200, 2028, 2, 29);
	expect_from_time(4107542400LL, 2100, 3, 1);
	expect_from_time(4107542400LL - 1, 2100, 2, 28);
	expect_from_time(-2208988800LL, 1900, 1, 1);
	/* Out of range clamps instead of overflowing. */
	expect_from_time(INT64_MAX, 9999, 12, 31);
	expect_from_time(INT64_MIN, 1, 1, 1);
}

/* Every day from 1900 to 2199 goes through the calendar and back. */
static void test_calendar_walk(void **state)
{
	struct date prev = date_from_time(-2208988800LL - 86400);
	long long t = -2208988800LL;
	char iso[11], again[11];

	(void)state;
	assert_int_equal(prev.y, 1899);
	for (int i = 0; i < 300 * 366; i++, t += 86400) {
		struct date d = date_from_time(t), back = { 0, 0, 0 };
		if (d.y > 2199)
			break;
		assert_true(date_exists(d.y, d.m, d.d));
		assert_true(date_cmp(&prev, &d) < 0);
		date_iso(&d, iso);
		assert_int_equal(date_parse(iso, &back), 0);
		date_iso(&back, again);
		assert_string_equal(iso, again);
		prev = d;
	}
	assert_int_equal(prev.y, 2199);
	assert_int_equal(prev.m, 12);
	assert_int_equal(prev.d, 31);
}

static void expect_hours(const char *s, unsigned want)
{
	unsigned half = 12345;
	int rc = hours_parse(s, &half);

	if (rc != 0 || half != want)
		fail_msg("hours_parse(\"%s\") = %d (%u), want 0 (%u)", s, rc, half, want);
}

static void expect_hours_refused(const char *s, int want)
{
	unsigned half = 12345;
	int rc = hours_parse(s, &half);

	if (rc != want)
		fail_msg("hours_parse(\"%s\") = %d, want %d", s, rc, want);
	assert_int_equal(half, 12345);
}

/* A date without a year takes the year of the request's period (bpomail(1), Commands in mail). */
static void test_near(void **state)
{
	const struct date jan = { 2027, 1, 10 }, jul = { 2027, 7, 1 };
	const struct date sep = { 2026, 9, 1 }, jun = { 2027, 6, 30 };
	struct date d;
	bool added;

	(void)state;
	assert_int_equal(date_parse_near("1 maart", &jan, &jul, &d, &added), 0);
	assert_true(added);
	assert_true(d.y == 2027 && d.m == 3 && d.d == 1);
	assert_int_equal(date_parse_near("1-3", &jan, &jul, &d, &added), 0);
	assert_true(d.y == 2027 && d.m == 3 && d.d == 1);
	assert_int_equal(date_parse_near("  15 okt. ", &sep, &jun, &d, &added), 0);
	assert_true(d.y == 2026 && d.m == 10 && d.d == 15);   /* a school year over two years */
	assert_int_equal(date_parse_near("15 jan", &sep, &jun, &d, &added), 0);
	assert_true(d.y == 2027 && d.m == 1 && d.d == 15);
	/* outside the period: the first one after its start */
	assert_int_equal(date_parse_near("1 september", &jan, &jul, &d, &added), 0);
	assert_true(d.y == 2027 && d.m == 9 && d.d == 1);
	/* with a year nothing is added */
	assert_int_equal(date_parse_near("1 maart 2028", &jan, &jul, &d, &added), 0);
	assert_false(added);
	assert_true(d.y == 2028);
	assert_int_equal(date_parse_near("31 februari", &jan, &jul, &d, &added), -1);
	assert_int_equal(date_parse_near("maart", &jan, &jul, &d, &added), -1);
	assert_int_equal(date_parse_near("31-02-2027", &jan, &jul, &d, &added), -2);
}

static void test_hours(void **state)
{
	(void)state;
	expect_hours("12", 24);
	expect_hours("12,5", 25);
	expect_hours("12.5", 25);
	expect_hours(" 12 uur ", 24);
	expect_hours("12 Uur", 24);
	expect_hours("12uur", 24);
	expect_hours("12u", 24);
	expect_hours("12 u", 24);
	expect_hours("12 uren", 24);
	expect_hours("12,5 uur", 25);
	expect_hours("12 uur.", 24);
	expect_hours("1,0", 2);
	expect_hours("1,00", 2);
	expect_hours("12,50", 25);
	expect_hours("0,5", 1);
	expect_hours("1000", 2000);
	expect_hours("007", 14);

	expect_hours_refused("12,25", -2);
	expect_hours_refused("12,05", -2);
	expect_hours_refused("0,25", -2);
	expect_hours_refused("1,234", -2);
	expect_hours_refused("0", -3);
	expect_hours_refused("0,0", -3);
	expect_hours_refused("1001", -3);
	expect_hours_refused("1000,5", -3);
	expect_hours_refused("99999999999999999999", -3);
	expect_hours_refused("twaalf", -1);
	expect_hours_refused("12-14", -1);
	expect_hours_refused("1.234", -1);
	expect_hours_refused("1.000", -1);
	expect_hours_refused("", -1);
	expect_hours_refused("uur", -1);
	expect_hours_refused("u", -1);
	expect_hours_refused(",5", -1);
	expect_hours_refused("12,", -1);
	expect_hours_refused("-3", -1);
	expect_hours_refused("+3", -1);
	expect_hours_refused("12 uur per week", -1);
	expect_hours_refused("12 12", -1);
	expect_hours_refused("1,5,5", -1);
	expect_hours_refused("12.", -1);
	expect_hours_refused(NULL, -1);
	expect_hours_refused("                                           12", -1);
}

static void test_hours_out(void **state)
{
	char out[16];

	(void)state;
	hours_nl(24, out);
	assert_string_equal(out, "12");
	hours_nl(25, out);
	assert_string_equal(out, "12,5");
	hours_nl(1, out);
	assert_string_equal(out, "0,5");
	hours_dot(25, out);
	assert_string_equal(out, "12.5");
	hours_dot(2000, out);
	assert_string_equal(out, "1000");
	hours_nl(UINT32_MAX, out);
	assert_string_equal(out, "2147483647,5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numeric_formats),
		cmocka_unit_test(test_month_names),
		cmocka_unit_test(test_weekday_prefix),
		cmocka_unit_test(test_not_a_date),
		cmocka_unit_test(test_long_text_refused),
		cmocka_unit_test(test_day_does_not_exist),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_long_nl),
		cmocka_unit_test(test_iso_and_cmp),
		cmocka_unit_test(test_from_time),
		cmocka_unit_test(test_calendar_walk),
		cmocka_unit_test(test_near),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_hours_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
