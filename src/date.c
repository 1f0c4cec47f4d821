/* date.c: Dutch-written dates and hours read strictly, and written back. */
#include "date.h"
#include "utf8.h"
#include "util.h"

#define DATE_TEXT_MAX  64   /* longer text is not a date ("woensdag 29 september 2027" is 26) */
#define HOURS_TEXT_MAX 32
#define HOURS_MAX      1000

static const char *const month_long[12] = {
	"januari", "februari", "maart", "april", "mei", "juni",
	"juli", "augustus", "september", "oktober", "november", "december",
};

/* Weekdays from Sunday, as days_weekday() counts. */
static const char *const weekday_long[7] = {
	"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
};
static const char *const weekday_short[7] = { "zo", "ma", "di", "wo", "do", "vr", "za" };

/* Month names as written (folded, without a dot); English only where no Dutch month is meant. */
static const struct {
	const char *name;
	int month;
} month_names[] = {
	{ "jan", 1 }, { "feb", 2 }, { "febr", 2 }, { "mrt", 3 }, { "mar", 3 },
	{ "apr", 4 }, { "may", 5 }, { "jun", 6 }, { "jul", 7 }, { "aug", 8 },
	{ "sep", 9 }, { "sept", 9 }, { "okt", 10 }, { "oct", 10 }, { "nov", 11 },
	{ "dec", 12 },
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool date_exists(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The inverse (civil_from_days). */
static struct date civil_from_days(long long z)
{
	struct date out;

	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;

	out.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out.y = (int)(yoe + era * 400 + (out.m <= 2));
	return out;
}

/* 0 for Sunday .. 6 for Saturday. */
static int days_weekday(long long z)
{
	return (int)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

/* Reads 1..max digits; returns the count (0 when none, -1 when more than max). */
static int read_number(const char **p, int max, int *value)
{
	int n = 0, v = 0;

	while (is_digit(**p)) {
		if (++n > max)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*value = v;
	return n;
}

/* Reads a month name with an optional dot; 0 when none. */
static int read_month_name(const char **p)
{
	char word[16];
	size_t n = 0;

	while (is_lower((*p)[n])) {
		if (n + 1 == sizeof word)
			return 0;
		word[n] = (*p)[n];
		n++;
	}
	word[n] = '\0';
	int m = 0;
	for (int i = 0; i < 12 && !m; i++)
		if (strcmp(word, month_long[i]) == 0)
			m = i + 1;
	for (size_t i = 0; i < ARRAY_SIZE(month_names) && !m; i++)
		if (strcmp(word, month_names[i].name) == 0)
			m = month_names[i].month;
	if (!m)
		return 0;
	*p += n;
	if (**p == '.')
		(*p)++;
	return m;
}

/* Skips a weekday in front ("maandag", "ma.", "ma,"); NULL when a word there is not a weekday. */
static const char *skip_weekday(const char *p)
{
	size_t n = 0;
	bool found = false;

	if (!is_lower(*p))
		return p;
	while (is_lower(p[n]))
		n++;
	for (int i = 0; i < 7 && !found; i++)
		found = (strlen(weekday_long[i]) == n && strncmp(p, weekday_long[i], n) == 0) ||
			(n == 2 && strncmp(p, weekday_short[i], 2) == 0);
	if (!found)
		return NULL;
	p += n;
	bool sep = false;
	if (*p == '.') {
		p++;
		sep = true;
	}
	if (*p == ',') {
		p++;
		sep = true;
	}
	if (!sep && !is_blank(*p))
		return NULL;
	while (is_blank(*p))
		p++;
	return p;
}

/* "2027-01-10" after its year. */
static int parse_iso_rest(const char *p, int y, struct date *out)
{
	if (*p++ != '-' || read_number(&p, 2, &out->m) <= 0 ||
	    *p++ != '-' || read_number(&p, 2, &out->d) <= 0)
		return -1;
	out->y = y;
	return *p ? -1 : 0;
}

/* "10-01-2027", "10/01/2027", "10.01.2027", "10-01-27", "10-jan-2027" after the day. */
static int parse_dmy_rest(const char *p, struct date *out)
{
	char sep = *p++;
	int n;

	if (sep == '-' && is_lower(*p)) {
		if (!(out->m = read_month_name(&p)) || *p++ != '-')
			return -1;
		n = read_number(&p, 4, &out->y);
		return n == 4 && !*p ? 0 : -1;
	}
	if (read_number(&p, 2, &out->m) <= 0 || *p++ != sep)
		return -1;
	n = read_number(&p, 4, &out->y);
	if (n == 2 && sep == '-')
		out->y += 2000;
	else if (n != 4)
		return -1;
	return *p ? -1 : 0;
}

/* "10 januari 2027", "10 jan. 2027" after the day. */
static int parse_named_rest(const char *p, struct date *out)
{
	while (is_blank(*p))
		p++;
	if (!(out->m = read_month_name(&p)))
		return -1;
	if (!is_blank(*p) && p[-1] != '.')
		return -1;
	while (is_blank(*p))
		p++;
	return read_number(&p, 4, &out->y) == 4 && !*p ? 0 : -1;
}

/* Reads a folded, trimmed date; the shape only, not whether the day exists. */
static int parse_shape(const char *p, struct date *out)
{
	int v, n;

	p = skip_weekday(p);
	if (!p)
		return -1;
	n = read_number(&p, 4, &v);
	if (n == 4)
		return parse_iso_rest(p, v, out);
	if (n <= 0 || n > 2)
		return -1;
	out->d = v;
	if (*p == '-' || *p == '/' || *p == '.')
		return parse_dmy_rest(p, out);
	if (is_blank(*p))
		return parse_named_rest(p, out);
	return -1;
}

int date_parse(const char *s, struct date *out)
{
	struct date d = { 0, 0, 0 };

	if (!s || strnlen(s, DATE_TEXT_MAX + 1) > DATE_TEXT_MAX)
		return -1;
	char *folded = utf8_fold(s);
	char *p = str_trim(folded);
	size_t n = strlen(p);
	if (n && p[n - 1] == '.') {
		p[n - 1] = '\0';
		p = str_trim(p);
	}
	int rc = parse_shape(p, &d);
	free(folded);
	if (rc < 0)
		return rc;
	if (!date_exists(d.y, d.m, d.d))
		return -2;
	*out = d;
	return 0;
}

int date_parse_near(const char *s, const struct date *from, const struct date *to,
		    struct date *out, bool *year_added)
{
	int rc = date_parse(s, out);
	struct date best = { 0, 0, 0 };
	bool inside = false;

	*year_added = false;
	if (rc != -1 || !s || strnlen(s, DATE_TEXT_MAX) >= DATE_TEXT_MAX - 6)
		return rc;
	char *text = xstrdup(s), *t = str_trim(text);
	size_t n = strlen(t);
	if (n && t[n - 1] == '.')
		t[n - 1] = '\0';
	for (int y = from->y - 1; y <= to->y + 1; y++) {
		static const char *const joins[] = { " ", "-", "/" };
		for (size_t k = 0; k < ARRAY_SIZE(joins); k++) {
			char with[DATE_TEXT_MAX + 8];
			struct date d;
			snprintf(with, sizeof with, "%s%s%d", t, joins[k], y);
			if (date_parse(with, &d) != 0)
				continue;
			bool in = date_cmp(&d, from) >= 0 && date_cmp(&d, to) <= 0;
			/* inside the period wins; else the first after its start */
			if ((in && !inside) || (!inside && !best.y && date_cmp(&d, from) >= 0)) {
				best = d;
				inside = in;
			}
			break;
		}
	}
	free(text);
	if (!best.y)
		return -1;
	*out = best;
	*year_added = true;
	return 0;
}

void date_iso(const struct date *d, char out[11])
{
	if (d->y < 0 || d->y > 9999 || d->m < 0 || d->m > 99 || d->d < 0 || d->d > 99) {
		snprintf(out, 11, "0000-00-00");
		return;
	}
	snprintf(out, 11, "%04d-%02d-%02d", d->y, d->m, d->d);
}

void date_long_nl(const struct date *d, char out[40])
{
	if (!date_exists(d->y, d->m, d->d)) {
		date_iso(d, out);
		return;
	}
	int wd = days_weekday(days_from_civil(d->y, d->m, d->d));
	snprintf(out, 40, "%s %d %s %d", weekday_long[wd], d->d, month_long[d->m - 1], d->y);
}

int date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

struct date date_from_time(long long t)
{
	const long long lo = -62135596800LL;   /* 0001-01-01 */
	const long long hi = 253402300799LL;   /* 9999-12-31 23:59:59 */

	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	long long days = t / 86400 - (t % 86400 < 0);
	return civil_from_days(days);
}

/* The last Sunday of month m in year y, as days since 1970-01-01. */
static long long last_sunday(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long long z = days_from_civil(y, m, mdays[m - 1] + (m == 2 && is_leap(y)));

	return z - days_weekday(z);
}

/*
 * Europe/Amsterdam: CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October (EU rule since
 * 1996), worked out here so that no tzdata or TZ setting is needed.
 */
long long date_local_offset(long long t)
{
	struct date u = date_from_time(t);
	long long begin = last_sunday(u.y, 3) * 86400 + 3600;
	long long end = last_sunday(u.y, 10) * 86400 + 3600;

	return t >= begin && t < end ? 7200 : 3600;
}

struct date date_local(long long t)
{
	return date_from_time(t + date_local_offset(t));
}

long long date_days_between(const struct date *from, const struct date *to)
{
	return days_from_civil(to->y, to->m, to->d) - days_from_civil(from->y, from->m, from->d);
}

void time_long_nl(long long t, char out[64])
{
	long long local = t + date_local_offset(t);
	struct date d = date_from_time(local);
	long long secs = local - days_from_civil(d.y, d.m, d.d) * 86400;
	char day[40];

	date_long_nl(&d, day);
	snprintf(out, 64, "%.39s om %02d:%02d", day, (int)(secs / 3600 % 24), (int)(secs / 60 % 60));
}

int time_from_iso(const char *iso, long long *t)
{
	int y, mo, d, h, mi, s, n = 0;

	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 ||
	    n != 20 || iso[n] || !date_exists(y, mo, d) || h > 23 || mi > 59 || s > 60 || h < 0 ||
	    mi < 0 || s < 0)
		return -1;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}

void time_iso_long_nl(const char *iso, char out[64])
{
	long long t;

	if (time_from_iso(iso, &t) < 0)
		snprintf(out, 64, "%s", iso ? iso : "");
	else
		time_long_nl(t, out);
}

/* Drops a unit ("uur", "uren", "u") and the blanks before it. */
static void strip_hours_unit(char *s)
{
	static const char *const units[] = { "uren", "uur", "u" };
	size_t n = strlen(s);

	if (n && s[n - 1] == '.' && n > 1 && s[n - 2] >= 'a' && s[n - 2] <= 'z')
		s[--n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		size_t u = strlen(units[i]);
		if (n > u && strcmp(s + n - u, units[i]) == 0) {
			s[n - u] = '\0';
			str_trim(s);
			return;
		}
	}
}

/* Reads "12", "12,5", "12.50"; the number in half hours, saturated. */
static int parse_half_hours(const char *p, unsigned *half)
{
	unsigned whole = 0;
	int n = 0;

	for (; is_digit(*p); p++, n++)
		if (whole <= HOURS_MAX)
			whole = whole * 10 + (unsigned)(*p - '0');
	if (n == 0)
		return -1;
	*half = whole * 2;
	if (!*p)
		return 0;
	if (*p != ',' && *p != '.')
		return -1;
	char sep = *p++;
	const char *frac = p;
	while (is_digit(*p))
		p++;
	size_t nf = (size_t)(p - frac);
	if (*p || nf == 0 || (sep == '.' && nf == 3))
		return -1;   /* "1.234" may be a thousand and more */
	while (nf > 1 && frac[nf - 1] == '0')
		nf--;
	if (frac[0] == '5' && nf == 1)
		(*half)++;
	else if (frac[0] != '0' || nf != 1)
		return -2;
	return 0;
}

int hours_parse(const char *s, unsigned *half)
{
	char copy[HOURS_TEXT_MAX + 1];
	unsigned v = 0;

	if (!s || strnlen(s, HOURS_TEXT_MAX + 1) > HOURS_TEXT_MAX)
		return -1;
	snprintf(copy, sizeof copy, "%s", s);
	char *p = str_trim(copy);
	str_lower_ascii(p);
	strip_hours_unit(p);
	p = str_trim(p);
	int rc = parse_half_hours(p, &v);
	if (rc < 0)
		return rc;
	if (v == 0 || v > 2 * HOURS_MAX)
		return -3;
	*half = v;
	return 0;
}

void hours_nl(unsigned half, char out[16])
{
	snprintf(out, 16, half % 2 ? "%u,5" : "%u", half / 2);
}

void hours_dot(unsigned half, char out[16])
{
	snprintf(out, 16, half % 2 ? "%u.5" : "%u", half / 2);
}
