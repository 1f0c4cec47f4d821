/*
 * nospace.c: an LD_PRELOAD library for the disk-full test (tests/t/0203-disk-full.t).
 * Writes to SQLite's files (paths ending in ".db", ".db-wal" or ".db-journal")
 * fail with ENOSPC, the way a full disk makes them fail:
 *
 *   NOSPACE_AFTER=N   the first N writes to those files succeed, every later
 *                     write fails, and so do fsync and fdatasync of them
 *   NOSPACE_FSYNC=1   writes succeed, but fsync and fdatasync of them fail
 *
 * Without either variable nothing changes. Writes are write, pwrite, pwrite64,
 * writev and pwritev (what SQLite and the C library use); other files (the
 * outbox, the Maildir, standard error) are never touched.
 *
 * cc -shared -fPIC -o nospace.so nospace.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long writes;

static int is_db(int fd)
{
	char link[64], path[4096];
	ssize_t n;
	static const char *const ends[] = { ".db", ".db-wal", ".db-journal" };

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof path - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		size_t len = strlen(ends[i]);
		if ((size_t)n >= len && strcmp(path + n - len, ends[i]) == 0)
			return 1;
	}
	return 0;
}

static long limit(void)
{
	const char *v = getenv("NOSPACE_AFTER");
	return v && *v ? atol(v) : -1;
}

/* Whether this write to fd fails. */
static int write_fails(int fd)
{
	long n = limit();

	if (n < 0 || !is_db(fd))
		return 0;
	return ++writes > n;
}

/* Whether this fsync of fd fails. */
static int sync_fails(int fd)
{
	const char *v = getenv("NOSPACE_FSYNC");
	long n = limit();

	if (!is_db(fd))
		return 0;
	return (v && *v == '1') || (n >= 0 && writes > n);
}

#define NEXT(name) static __typeof__(name) *next; if (!next) next = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)
#define FAIL(ret) do { errno = ENOSPC; return ret; } while (0)

ssize_t write(int fd, const void *buf, size_t len)
{
	NEXT(write);
	if (write_fails(fd))
		FAIL(-1);
	return next(fd, buf, len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	NEXT(pwrite);
	if (write_fails(fd))
		FAIL(-1);
	return next(fd, buf, len, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
	NEXT(pwrite64);
	if (write_fails(fd))
		FAIL(-1);
	return next(fd, buf, len, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
	NEXT(writev);
	if (write_fails(fd))
		FAIL(-1);
	return next(fd, iov, n);
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t off)
{
	NEXT(pwritev);
	if (write_fails(fd))
		FAIL(-1);
	return next(fd, iov, n, off);
}

int fsync(int fd)
{
	NEXT(fsync);
	if (sync_fails(fd))
		FAIL(-1);
	return next(fd);
}

int fdatasync(int fd)
{
	NEXT(fdatasync);
	if (sync_fails(fd))
		FAIL(-1);
	return next(fd);
}
