/* util.c: allocation, growable strings and diagnostics shared by every module. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include <syslog.h>

#include "util.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die(EXIT_TEMPFAIL, "out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die(EXIT_TEMPFAIL, "out of memory (%zu x %zu bytes)", count, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die(EXIT_TEMPFAIL, "out of memory (%zu bytes)", n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

static bool to_syslog_only;

void warn_syslog_only(bool on)
{
	to_syslog_only = on;
}

static void report(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static void report(const char *fmt, va_list ap)
{
	if (to_syslog_only) {
		vsyslog(LOG_WARNING, fmt, ap);   /* the facility of openlog(): syslog_facility */
		return;
	}
	fputs("bpomail: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(fmt, ap);
	va_end(ap);
	exit(code);
}

void warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(fmt, ap);
	va_end(ap);
}

void buf_grow(struct buf *b, size_t extra)
{
	if (extra >= SIZE_MAX / 2 - b->len)
		die(EXIT_TEMPFAIL, "buffer too large");
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;

	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		die(EXIT_SOFTWARE, "bad format string");
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

const char *buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *buf_detach(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int buf_sink(void *arg, const char *p, size_t n)
{
	buf_add(arg, p, n);
	return 0;
}

int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

void strlist_add(struct strlist *l, const char *s)
{
	strlist_add_owned(l, xstrdup(s));
}

void strlist_add_owned(struct strlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->item = xrealloc(l->item, l->cap * sizeof *l->item);
	}
	l->item[l->n++] = s;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->item[i]);
	free(l->item);
	l->item = NULL;
	l->n = l->cap = 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_eq_nocase(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

char *str_trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

size_t str_trim_len(const char *s, size_t n, const char **start)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	*start = s;
	return n;
}

void str_lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned long digit = (unsigned long)(*s - '0');
		if (digit > max || v > max / 10 || v * 10 > max - digit)
			return false;
		v = v * 10 + digit;
	}
	if (v < min)
		return false;
	*out = v;
	return true;
}

int read_fd_all(int fd, size_t limit, struct buf *out, bool *truncated, size_t *total)
{
	char chunk[65536];

	*truncated = false;
	*total = 0;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		*total += (size_t)n;
		size_t keep = (size_t)n;
		if (out->len + keep > limit) {
			keep = limit > out->len ? limit - out->len : 0;
			*truncated = true;
		}
		buf_add(out, chunk, keep);
	}
}

int read_file(const char *path, size_t limit, struct buf *out)
{
	bool truncated;
	size_t total;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	int rc = read_fd_all(fd, limit, out, &truncated, &total);
	int saved = errno;
	close(fd);
	errno = saved;
	if (rc < 0)
		return -1;
	return truncated ? -2 : 0;
}

int read_exact(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, c + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k == 0 && got == 0 ? 1 : -1;
		got += (size_t)k;
	}
	return 0;
}

int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

void iso_time(time_t t, char out[21])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

time_t now(void)
{
	const char *fake = getenv("BPOMAIL_NOW");
	unsigned long v;

	if (fake && parse_uint(fake, 0, 4102444800UL, &v))
		return (time_t)v;
	return time(NULL);
}
