/* util.h: allocation that cannot fail, growable strings, diagnostics. */
#ifndef BPOMAIL_UTIL_H
#define BPOMAIL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes of bpomail(1), EXIT STATUS (sysexits). */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_SOFTWARE = 70,
	EXIT_TEMPFAIL = 75,
	EXIT_CONFIG = 78,
};

/*
 * Out of memory is the one fatal error: the message was not recorded, so the
 * process exits 75 and the MTA tries again later.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Fatal: prints "bpomail: ..." and exits with code. Only for broken invariants. */
_Noreturn void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports once to stderr, prefixed "bpomail: ". */
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * While on, warnx() and die() write to the system log (mail facility) only:
 * what deliver prints before its last line ends up in the MTA's log and
 * bounces, and paths and details belong to the operator.
 */
void warn_syslog_only(bool on);

/*
 * A growable byte string, always NUL-terminated (data may also hold NULs).
 * Initialise with BUF_INIT; the owner calls buf_free() or takes the bytes
 * with buf_detach(), which leaves the buf empty and reusable.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
/* Inline: text is often built a character at a time. */
static inline void buf_addc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_truncate(struct buf *b, size_t len);
const char *buf_str(const struct buf *b);   /* "" for an empty buf */
char *buf_detach(struct buf *b);            /* caller frees; never NULL */
void buf_free(struct buf *b);
/* A sink for writers that take one (composed_write): appends p to the struct buf at arg; 0. */
int buf_sink(void *arg, const char *p, size_t n);

/* A list of owned strings. */
struct strlist {
	char **item;
	size_t n;
	size_t cap;
};
#define STRLIST_INIT { NULL, 0, 0 }
void strlist_add(struct strlist *l, const char *s);        /* copies s */
void strlist_add_owned(struct strlist *l, char *s);        /* takes s */
void strlist_free(struct strlist *l);

/* Strings. */
bool str_starts_with(const char *s, const char *prefix);
bool str_eq_nocase(const char *a, const char *b);
char *str_trim(char *s);                    /* in place; returns s moved past blanks */
size_t str_trim_len(const char *s, size_t n, const char **start);
void str_lower_ascii(char *s);
/* Whole decimal number in [min,max]; false on anything else. */
bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);

/* Reads a whole file (up to limit bytes) into *out; -1 with errno on failure, -2 if too big. */
/* fsync of a directory, which makes the names made in it durable: 0, or -1 with errno. */
int fsync_dir(const char *dir);
int read_file(const char *path, size_t limit, struct buf *out);
/* Reads a file descriptor to its end, keeping up to limit bytes (the rest is read and
 * dropped, *truncated set); *total is how many bytes there were. */
int read_fd_all(int fd, size_t limit, struct buf *out, bool *truncated, size_t *total);
/* Reads n bytes into p, retrying on EINTR and short reads: 0, 1 at an end of input before the first byte, -1 when it broke off. */
int read_exact(int fd, void *p, size_t n);
/* Writes all of p, retrying on EINTR and short writes. */
int write_all(int fd, const void *p, size_t n);

/* Time as ISO 8601 in UTC ("2027-01-10T09:12:00Z"); buf must hold 21 bytes. */
void iso_time(time_t t, char out[21]);
/* Time "now", overridable by BPOMAIL_NOW (seconds since the epoch) for tests. */
time_t now(void);

#include "banned.h"

#endif
