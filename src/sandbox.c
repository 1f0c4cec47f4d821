/* sandbox.c: runs mailparse() in a child process, one message after another, and reads each result back. */
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mailparse.h"
#include "sandbox.h"
#include "sandbox_wire.h"
#include "util.h"

struct sandbox_limits sandbox_limits = {
	.cpu_seconds = 5,
	.wall_seconds = 15,
	.memory = 1024UL * 1024 * 1024,
};

void (*sandbox_child_hook)(void);

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Child ----------------------------------------------------------------- */

static void limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };
	setrlimit(resource, &rl);
}

/*
 * Each message gets cpu_seconds from where the child stands: SIGXCPU (which
 * ends it) at the soft limit. The hard limit cannot be raised again once
 * lowered, so it stays where it was; the parent's deadline kills a child
 * that outlives SIGXCPU.
 */
static void cpu_limit_next(void)
{
	struct rusage ru;
	struct rlimit rl;

	getrusage(RUSAGE_SELF, &ru);
	getrlimit(RLIMIT_CPU, &rl);
	rl.rlim_cur = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1) + sandbox_limits.cpu_seconds;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
		rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_CPU, &rl);
}

/* One message: its length, its bytes (read NUL-padded, so parsed without a copy), the answer. */
static void serve_one(int fd)
{
	uint64_t len;
	struct inmail m;
	char *why = NULL;
	int r = read_exact(fd, &len, sizeof len);

	if (r > 0)
		_exit(0);
	if (r < 0 || len > BOUND_MESSAGE_HARD)
		_exit(5);
	char *raw = xmalloc((size_t)len + 2);
	if (read_exact(fd, raw, (size_t)len) != 0)
		_exit(5);
	raw[len] = raw[len + 1] = '\0';
	cpu_limit_next();
	if (sandbox_child_hook)
		sandbox_child_hook();
	r = mailparse_padded(raw, (size_t)len, &m, &why);
	free(raw);
	if (wire_put_answer(fd, r < 0 ? NULL : &m, why) < 0)
		_exit(4);
	inmail_free(&m);
	free(why);
}

static _Noreturn void child(int fd)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGXCPU };
	sigset_t set;

	/* A crash (SIGXCPU too) must end the child, whatever handlers or mask the parent had. */
	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++) {
		signal(fatal[i], SIG_DFL);
		sigaddset(&set, fatal[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	limit(RLIMIT_CORE, 0, 0);
#ifndef UNDER_ASAN
	limit(RLIMIT_AS, sandbox_limits.memory, sandbox_limits.memory);
#endif
	for (;;)
		serve_one(fd);
}

/* Parent ---------------------------------------------------------------- */

void sandbox_start(struct sandbox *sb)
{
	int fds[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
		die(EXIT_TEMPFAIL, "socketpair: %s", strerror(errno));
	fflush(NULL);
	sb->pid = fork();
	if (sb->pid < 0)
		die(EXIT_TEMPFAIL, "fork: %s", strerror(errno));
	if (sb->pid == 0) {
		close(fds[0]);
		child(fds[1]);
	}
	close(fds[1]);
	sb->fd = fds[0];
}

/* The child's end: its exit status, or -1 when there was no child. */
static int reap(struct sandbox *sb, bool kill_it)
{
	int status = -1;

	if (sb->pid <= 0)
		return -1;
	if (kill_it)
		kill(sb->pid, SIGKILL);
	close(sb->fd);
	while (waitpid(sb->pid, &status, 0) < 0 && errno == EINTR)
		;
	sb->pid = 0;
	sb->fd = -1;
	sb->ahead = NULL;
	return status;
}

void sandbox_stop(struct sandbox *sb)
{
	/* A message sent ahead and never asked for: no need to wait for its parse. */
	reap(sb, sb->ahead != NULL);
	sb->ahead = NULL;
}

static char *child_failure(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGXCPU)
			return xstrdup("het bericht kon niet veilig worden gelezen: te veel rekentijd");
		return xasprintf("het bericht kon niet veilig worden gelezen: de lezer stopte "
				 "(signaal %d)", sig);
	}
	return xasprintf("het bericht kon niet veilig worden gelezen (code %d)", WEXITSTATUS(status));
}

/* The most an honest answer to a message of len bytes can hold. */
static size_t answer_limit(size_t len)
{
	return 3 * len + 4 * 1024 * 1024 + BOUND_ATTACHMENTS_TOTAL;
}

static int send_message(struct sandbox *sb, const char *raw, size_t len, time_t deadline)
{
	uint64_t n = len;
	int r = wire_send(sb->fd, &n, sizeof n, deadline);

	return r < 0 ? r : wire_send(sb->fd, raw, len, deadline);
}

void sandbox_send_ahead(struct sandbox *sb, const char *raw, size_t len)
{
	if (sb->ahead || sb->pid <= 0)
		return;
	/* The child waits for input (its last answer was read): this cannot block on it for long. */
	if (send_message(sb, raw, len, time(NULL) + sandbox_limits.wall_seconds) < 0) {
		reap(sb, true);   /* the message goes again, to a fresh child, when it is asked for */
		return;
	}
	sb->ahead = raw;
	sb->ahead_len = len;
}

/* A message sent ahead that is not asked for after all (a duplicate, say): its answer is read and dropped. */
static void drop_ahead(struct sandbox *sb)
{
	struct inmail m;
	char *why;
	int r;

	sb->ahead = NULL;
	r = wire_get_answer(sb->fd, answer_limit(sb->ahead_len), time(NULL) + sandbox_limits.wall_seconds,
			    &m, &why);
	if (r == 0)
		inmail_free(&m);
	free(why);
	if (r < 0)
		reap(sb, true);
}

void sandbox_forget(struct sandbox *sb, const char *start, size_t len)
{
	if (sb->ahead && sb->ahead >= start && sb->ahead <= start + len)
		drop_ahead(sb);
}

/* raw to sb's child (a fresh one when it is gone before raw is in it) and its answer: r as wire_get_answer. */
static int ask(struct sandbox *sb, const char *raw, size_t len, time_t deadline, struct inmail *m,
	       char **why)
{
	int r;

	if (sb->pid <= 0)
		sandbox_start(sb);
	r = send_message(sb, raw, len, deadline);
	if (r == -2) {
		/* Gone before this message was in it (after answering the one before): not its doing. */
		reap(sb, true);
		sandbox_start(sb);
		r = send_message(sb, raw, len, deadline);
	}
	return r == 0 ? wire_get_answer(sb->fd, answer_limit(len), deadline, m, why) : r;
}

/* What asking gave: 0, or -1 with *why (a refusal; or the child is finished, and why). */
static int result(struct sandbox *sb, int r, char **why)
{
	if (r == 0)
		return 0;
	if (r == 1)
		return -1;
	/* The child is finished either way: only this message's answer was pending. */
	int status = reap(sb, r != -2);
	if (r == -1)
		*why = xstrdup("het bericht kon niet veilig worden gelezen: te veel tijd nodig");
	else if (r == -3)
		*why = xstrdup("het bericht kon niet veilig worden gelezen: onleesbaar resultaat");
	else
		*why = child_failure(status);
	return -1;
}

int sandbox_ask(struct sandbox *sb, const char *raw, size_t len, struct inmail *m, char **why)
{
	time_t deadline = time(NULL) + sandbox_limits.wall_seconds;
	int r;

	*why = NULL;
	memset(m, 0, sizeof *m);
	if (!sb->ahead || sb->ahead != raw || sb->ahead_len != len) {
		if (sb->ahead)
			drop_ahead(sb);
		return result(sb, ask(sb, raw, len, deadline, m, why), why);
	}
	sb->ahead = NULL;
	r = wire_get_answer(sb->fd, answer_limit(len), deadline, m, why);
	if (r == -2) {
		/*
		 * Sent ahead, so the child may have died of the message before
		 * it (after answering it) and never read this one: it gets a
		 * fresh child before it is blamed, as a message that could not
		 * be sent does. Out of CPU, the child had read it.
		 */
		int status = reap(sb, false);
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
			*why = child_failure(status);
			return -1;
		}
		r = ask(sb, raw, len, time(NULL) + sandbox_limits.wall_seconds, m, why);
	}
	return result(sb, r, why);
}

int sandbox_parse(const char *raw, size_t len, struct inmail *m, char **why)
{
	struct sandbox sb = SANDBOX_INIT;
	int rc;

	sandbox_start(&sb);
	rc = sandbox_ask(&sb, raw, len, m, why);
	sandbox_stop(&sb);
	return rc;
}
