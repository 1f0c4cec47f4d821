/*
 * crash.c: an LD_PRELOAD library for the crash test (tests/t/0017-crash.t):
 * the process that loaded it dies of SIGSEGV the moment it writes bytes that
 * hold the text in CRASH_ON (its child processes, such as bpomail's parsing
 * sandbox, are left alone; with CRASH_IN=child only they crash, as scan's
 * sending process). Without CRASH_ON nothing changes. Writes are
 * write, pwrite and pwrite64: what SQLite and the C library use, so a
 * message whose subject holds the text kills bpomail as it records it.
 *
 * cc -shared -fPIC -o crash.so crash.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static pid_t first;

__attribute__((constructor)) static void remember(void)
{
	first = getpid();
}

static void maybe_crash(const void *buf, size_t n)
{
	const char *marker = getenv("CRASH_ON");

	const char *in = getenv("CRASH_IN");
	int child = in && strcmp(in, "child") == 0;

	if (marker && *marker && (getpid() == first) != child && memmem(buf, n, marker, strlen(marker)))
		raise(SIGSEGV);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	maybe_crash(buf, n);
	return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
	maybe_crash(buf, n);
	return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off64_t);

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, off64_t))dlsym(RTLD_NEXT, "pwrite64");
	maybe_crash(buf, n);
	return real(fd, buf, n, off);
}
