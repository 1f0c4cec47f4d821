/* poison.c: a message that crashed bpomail is remembered across the crash, so its next try ends in the quarantine. */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "poison.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* The marker of the message being processed; read by the signal handler, so fixed storage. */
static char marker[4096];
static volatile sig_atomic_t crashes;
static volatile sig_atomic_t active;

static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/* Async-signal-safe: open, write, close, signal, raise. */
static void on_crash(int sig)
{
	if (active) {
		int fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd >= 0) {
			char c = (char)('0' + (crashes < 8 ? crashes + 1 : 9));
			ssize_t ignored = write(fd, &c, 1);
			(void)ignored;
			close(fd);
		}
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

int poison_begin(const char *database, const char *sha)
{
	int fd, n = 0;
	char c;

	if (snprintf(marker, sizeof marker, "%s.crashed-%.16s", database, sha) >= (int)sizeof marker)
		return 0;
	fd = open(marker, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &c, 1) == 1 && c >= '1' && c <= '9')
			n = c - '0';
		close(fd);
	}
	crashes = n;
	active = 1;
#ifndef UNDER_ASAN
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		signal(fatal[i], on_crash);
#else
	/* Under AddressSanitizer its own report is what a crash must give. */
	(void)fatal;
	(void)on_crash;
#endif
	return n;
}

void poison_end(void)
{
	if (active && crashes)
		unlink(marker);
	active = 0;
}
