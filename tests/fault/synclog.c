/*
 * synclog.c: an LD_PRELOAD library for tests/t/0508-syncs.t. Every fsync,
 * fdatasync and syncfs is written, with the path of its file, as one line
 * "CALL PATH" to the file named by SYNCLOG (appended; nothing without it),
 * and then made as asked.
 *
 * cc -shared -fPIC -o synclog.so synclog.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void note(const char *call, int fd)
{
	const char *log = getenv("SYNCLOG");
	char link[64], path[4096], line[4200];
	ssize_t n;
	int out;

	if (!log || !*log)
		return;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof path - 1);
	path[n > 0 ? n : 0] = '\0';
	n = snprintf(line, sizeof line, "%s %s\n", call, path);
	out = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (out >= 0) {
		if (write(out, line, (size_t)n) < 0)
			perror("synclog");
		close(out);
	}
}

/* Notes the call, then makes it: dlsym each time, as a test calls it a few dozen times. */
static int logged(const char *call, int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, call);

	note(call, fd);
	return real(fd);
}

int fsync(int fd)
{
	return logged("fsync", fd);
}

int fdatasync(int fd)
{
	return logged("fdatasync", fd);
}

int syncfs(int fd)
{
	return logged("syncfs", fd);
}
