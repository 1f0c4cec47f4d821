/* poison.c: a message that crashed bpomail is remembered across the crash, so its next try ends in the quarantine. */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
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

/*
 * Read by the signal handler, so fixed storage: the markers' common start
 * ("DATABASE.crashed-"), the message being processed, and the messages of a
 * batch whose writes wait for its commit.
 */
struct suspect {
	char sha[17];
	volatile sig_atomic_t crashes;
};

static char prefix[4000];
static size_t prefix_len;
static struct suspect current;
static volatile sig_atomic_t active;
static struct suspect held[POISON_HELD];
static volatile sig_atomic_t n_held;
static volatile sig_atomic_t committing;

static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/* prefix + sha into path (4096 bytes): async-signal-safe. */
static void marker_path(char *path, const char *sha)
{
	memcpy(path, prefix, prefix_len);
	memcpy(path + prefix_len, sha, 17);
}

/* Async-signal-safe: open, write, close. */
static void count_crash(const struct suspect *s)
{
	char path[sizeof prefix + 17];

	marker_path(path, s->sha);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		char c = (char)('0' + (s->crashes < 8 ? s->crashes + 1 : 9));
		ssize_t ignored = write(fd, &c, 1);
		(void)ignored;
		close(fd);
	}
}

static void on_crash(int sig)
{
	if (active)
		count_crash(&current);
	if (committing)
		for (sig_atomic_t i = 0; i < n_held; i++)
			count_crash(&held[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void arm(void)
{
#ifndef UNDER_ASAN
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		signal(fatal[i], on_crash);
#else
	/* Under AddressSanitizer its own report is what a crash must give. */
	(void)fatal;
	(void)on_crash;
#endif
}

int poison_begin(const char *database, const char *sha)
{
	char path[sizeof prefix + 17], c;
	int fd, n = 0;

	active = 0;
	if (snprintf(prefix, sizeof prefix, "%s.crashed-", database) >= (int)sizeof prefix)
		return 0;
	prefix_len = strlen(prefix);
	snprintf(current.sha, sizeof current.sha, "%.16s", sha);
	marker_path(path, current.sha);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &c, 1) == 1 && c >= '1' && c <= '9')
			n = c - '0';
		close(fd);
	}
	current.crashes = n;
	active = 1;
	static bool armed;
	if (!armed)
		arm();
	armed = true;
	return n;
}

static void forget(const struct suspect *s)
{
	char path[sizeof prefix + 17];

	if (s->crashes) {
		marker_path(path, s->sha);
		unlink(path);
	}
}

void poison_end(void)
{
	if (active)
		forget(&current);
	active = 0;
}

int poison_hold(void)
{
	if (!active || n_held == POISON_HELD)
		return -1;
	held[n_held] = current;
	n_held++;
	active = 0;
	return 0;
}

void poison_commit_begin(void)
{
	committing = 1;
}

void poison_commit_end(bool committed)
{
	committing = 0;
	for (sig_atomic_t i = 0; i < n_held; i++)
		if (committed)
			forget(&held[i]);
	n_held = 0;
}
