/* date.h: calendar dates and hours as Dutch people write them. */
#ifndef BPOMAIL_DATE_H
#define BPOMAIL_DATE_H

#include <stdbool.h>

struct date {
	int y, m, d;
};

/* True when y-m-d exists in the Gregorian calendar (years 1900..2199). */
bool date_exists(int y, int m, int d);

/*
 * Reads a date as bpomail(1) allows: 2027-01-10, 10-01-2027, 10-1-2027,
 * 10/01/2027, 10.01.2027, 10 januari 2027, 10 jan 2027, 10 jan. 2027,
 * "sept", "mrt", an optional weekday in front ("maandag 10 januari 2027",
 * "ma 10-01-2027"); surrounding blanks and a final '.' are ignored; never
 * US month/day order. A two-digit year only as d-m-jj (20jj); "10-jan-2027"
 * too; English "mar", "may", "oct" are read as well. The weekday is not
 * checked against the date. Returns 0 and fills *out; -1 when the text is
 * not a date at all (also with anything after it, or over 64 bytes); -2
 * when it has a date's shape but the day does not exist (31-02-2027,
 * 00-01-2027, month 13, a year outside 1900..2199). *out is only written
 * on success.
 */
int date_parse(const char *s, struct date *out);

/*
 * As date_parse(), and a date without a year ("1 maart", "1-3") takes the
 * year that puts it inside from..to, else the first after from (bpomail(1),
 * Commands in mail); *year_added tells it did.
 */
int date_parse_near(const char *s, const struct date *from, const struct date *to,
		    struct date *out, bool *year_added);

/* "2027-01-10"; out holds 11 bytes. */
void date_iso(const struct date *d, char out[11]);
/* "zondag 10 januari 2027"; out holds 40 bytes. */
void date_long_nl(const struct date *d, char out[40]);
/* <0, 0, >0 as a is before, equal to or after b. */
int date_cmp(const struct date *a, const struct date *b);
/* Today's date in UTC from a time_t. */
struct date date_from_time(long long t);

/*
 * Hours are whole or half numbers: "12", "12,5", "12.5", "12 uur", "12u",
 * "1,0", "12 uren", "12 uur.". Stored as a count of half hours. Returns 0
 * and fills *half; -1 when not a number of hours ("twaalf", "12-14", and
 * "1.234", where the point may group thousands); -2 when not a multiple of
 * a half hour ("12,25"); -3 when zero or more than 1000 hours.
 */
int hours_parse(const char *s, unsigned *half);
/* "12" or "12,5" (Dutch); out holds 16 bytes. */
void hours_nl(unsigned half, char out[16]);
/* "12" or "12.5" (JSON, XML); out holds 16 bytes. */
void hours_dot(unsigned half, char out[16]);

#endif
