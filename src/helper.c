/*
 * helper.c: runs a helper program of bpomail (bpomail-pdf) as OpenSMTPD runs
 * its mda: fork and execve with an argument vector, a fixed environment,
 * only standard input, output and error open, and everything bounded: the
 * output, the time (then SIGKILL), CPU seconds and core files.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helper.h"
#include "util.h"

#ifndef BPOMAIL_LIBEXECDIR
#define BPOMAIL_LIBEXECDIR "/usr/local/lib/bpomail"
#endif

/* What is kept of the helper's standard error: its first line is all that is reported. */
#define ERR_MAX 1024

char *helper_path(const char *name)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/'))) {
			char *beside = xasprintf("%.*s/%s", (int)(slash - self), self, name);
			if (access(beside, X_OK) == 0)
				return beside;
			free(beside);
		}
	}
	return xasprintf("%s/%s", BPOMAIL_LIBEXECDIR, name);
}

/* Child ----------------------------------------------------------------- */

static void limit(int resource, rlim_t n)
{
	struct rlimit rl = { n, n };

	setrlimit(resource, &rl);
}

static void close_others(void)
{
	if (close_range(3, ~0U, 0) == 0)
		return;
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
}

static _Noreturn void child(const char *path, const char *name, const int fd[3], unsigned seconds)
{
	/* Nothing of bpomail's environment (its configuration, a caller's LD_*): the helper needs none. */
	static char *const env[] = { "PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", NULL };
	char *argv[] = { (char *)name, NULL };
	int high[3];
	sigset_t none;

	/* An ignored signal stays ignored across execve: the helper starts as any program does. */
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Above 2 first, so that no dup2 overwrites a pipe still to be moved. */
	for (int i = 0; i < 3; i++)
		if ((high[i] = fcntl(fd[i], F_DUPFD, 3)) < 0)
			_exit(126);
	for (int i = 0; i < 3; i++)
		if (dup2(high[i], i) < 0)
			_exit(126);
	close_others();
	limit(RLIMIT_CORE, 0);
	limit(RLIMIT_CPU, seconds + 1);
	execve(path, argv, env);
	_exit(127);
}

/* Parent ---------------------------------------------------------------- */

/* The parent's ends of the helper's standard input, output and error; -1 once closed. */
struct exchange {
	int fd[3];
	const char *in;
	size_t in_len;
	struct buf *out;
	size_t out_max;
	struct buf err;
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static long ms_left(const struct timespec *deadline)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (deadline->tv_sec - t.tv_sec) * 1000 + (deadline->tv_nsec - t.tv_nsec) / 1000000;
}

static void feed(struct exchange *x)
{
	ssize_t n = write(x->fd[0], x->in, x->in_len);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n < 0) {   /* the helper closed its input: its exit status says why */
		close_fd(&x->fd[0]);
		return;
	}
	x->in += n;
	x->in_len -= (size_t)n;
	if (x->in_len == 0)
		close_fd(&x->fd[0]);
}

/* Reads what is there into b, keeping at most max bytes; false when more came than max. */
static bool drain(int *fd, struct buf *b, size_t max, bool drop_excess)
{
	char chunk[65536];
	ssize_t n = read(*fd, chunk, sizeof chunk);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0) {
		close_fd(fd);
		return true;
	}
	if (b->len + (size_t)n > max) {
		if (!drop_excess)
			return false;
		n = (ssize_t)(max - b->len);
	}
	buf_add(b, chunk, (size_t)n);
	return true;
}

/* Feeds the input and reads output and errors until both end. NULL, or why it stopped (caller frees). */
static char *exchange_run(struct exchange *x, const char *name, const struct timespec *deadline,
			  unsigned seconds)
{
	if (x->in_len == 0)
		close_fd(&x->fd[0]);
	while (x->fd[1] >= 0 || x->fd[2] >= 0) {
		struct pollfd p[3] = { { x->fd[0], POLLOUT, 0 }, { x->fd[1], POLLIN, 0 },
				       { x->fd[2], POLLIN, 0 } };
		long left = ms_left(deadline);
		if (left <= 0)
			return xasprintf("%s: killed after %u s", name, seconds);
		int r = poll(p, 3, (int)left);
		if (r < 0 && errno != EINTR)
			return xasprintf("poll: %s", strerror(errno));
		if (r <= 0)
			continue;
		if (p[0].revents)
			feed(x);
		if (p[1].revents && !drain(&x->fd[1], x->out, x->out_max, false))
			return xasprintf("%s: more than %zu bytes of output", name, x->out_max);
		if (p[2].revents)
			drain(&x->fd[2], &x->err, ERR_MAX, true);
	}
	return NULL;
}

/* Waits for the child until the deadline, then kills it; its wait status, or -1 when killed. */
static int reap(pid_t pid, const struct timespec *deadline)
{
	const struct timespec tick = { 0, 1000000 };
	int status;
	pid_t r;

	while ((r = waitpid(pid, &status, WNOHANG)) == 0 && ms_left(deadline) > 0)
		nanosleep(&tick, NULL);
	if (r == pid)
		return status;
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return -1;
}

/* The first line the helper wrote on standard error, printable, or "" (caller frees). */
static char *first_line(const struct buf *err)
{
	const char *s = buf_str(err);

	s += strspn(s, "\r\n");
	char *line = xstrndup(s, strcspn(s, "\r\n"));
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return line;
}

static char *exit_reason(const char *name, int status, const struct buf *err)
{
	char *line = first_line(err), *why;
	const char *sep = *line ? ": " : "";

	if (WIFSIGNALED(status))
		why = xasprintf("%s was killed by signal %d%s%s", name, WTERMSIG(status), sep, line);
	else
		why = xasprintf("%s exited with %d%s%s", name, WEXITSTATUS(status), sep, line);
	free(line);
	return why;
}

/* Pipes for the helper's standard input, output and error: child[i] is its end, parent[i] ours. */
static int make_pipes(int child_fd[3], int parent_fd[3])
{
	int p[3][2];

	for (int i = 0; i < 3; i++) {
		if (pipe2(p[i], O_CLOEXEC) < 0) {
			for (int j = 0; j < i; j++) {
				close(p[j][0]);
				close(p[j][1]);
			}
			return -1;
		}
		child_fd[i] = p[i][i == 0 ? 0 : 1];
		parent_fd[i] = p[i][i == 0 ? 1 : 0];
	}
	/* Never block on a full pipe to a helper that stopped reading. */
	fcntl(parent_fd[0], F_SETFL, O_NONBLOCK);
	return 0;
}

int helper_run(const char *name, const char *in, size_t in_len, size_t out_max, unsigned seconds,
	       struct buf *out, char **why)
{
	char *path = helper_path(name);
	struct exchange x = { { -1, -1, -1 }, in, in_len, out, out_max, BUF_INIT };
	struct timespec deadline;
	int child_fd[3], status = -1;
	pid_t pid;

	*why = NULL;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	if (access(path, X_OK) < 0) {
		*why = xasprintf("%s: %s", path, strerror(errno));
		goto done;
	}
	if (make_pipes(child_fd, x.fd) < 0) {
		*why = xasprintf("pipe: %s", strerror(errno));
		goto done;
	}
	fflush(NULL);
	if ((pid = fork()) == 0)
		child(path, name, child_fd, seconds);
	for (int i = 0; i < 3; i++)
		close(child_fd[i]);
	if (pid < 0) {
		*why = xasprintf("fork: %s", strerror(errno));
		goto done;
	}
	*why = exchange_run(&x, name, &deadline, seconds);
	status = reap(pid, *why ? &(struct timespec){ 0, 0 } : &deadline);
	if (!*why && status < 0)
		*why = xasprintf("%s: killed after %u s", name, seconds);
	else if (!*why && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		*why = exit_reason(name, status, &x.err);
done:
	for (int i = 0; i < 3; i++)
		close_fd(&x.fd[i]);
	buf_free(&x.err);
	free(path);
	return *why ? -1 : 0;
}
