/*
 * sender.c: scan's sending process. Writing a batch's answers into the
 * outbox (a file each, synced, then marked sent) took about 40 % of a
 * scan's time, in the one process that also records; on its own process it
 * runs beside the recording of the next batch. It is an ordinary flush as
 * far as the database and the flush lock know: a crash or kill of either
 * process loses nothing and sends nothing twice (what is not sent yet goes
 * with scan's last flush, or the next one).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "outbox.h"
#include "sender.h"
#include "store.h"
#include "util.h"

/* A batch down the pipe: its count, then its rows. */
#define SENDER_BATCH_MAX 4096

static _Noreturn void serve(int fd, const struct config *cfg)
{
	static int64_t causes[SENDER_BATCH_MAX];
	struct store *st = NULL;
	uint32_t n;

	while (read_exact(fd, &n, sizeof n) == 0 && n <= SENDER_BATCH_MAX &&
	       read_exact(fd, causes, n * sizeof *causes) == 0) {
		struct flush_result res;
		if (!st) {
			if (!(st = store_open(cfg->database, cfg->busy_timeout, false)))
				_exit(EXIT_TEMPFAIL);
			store_busy_poll(st, cfg->busy_timeout);
		}
		outbox_flush_causes(st, cfg, causes, n, true, &res);
	}
	if (st)
		store_close(st);
	_exit(0);
}

void sender_start(struct sender *s, const struct config *cfg)
{
	int fds[2];

	s->pid = 0;
	s->fd = -1;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return;
	fflush(NULL);
	s->pid = fork();
	if (s->pid == 0) {
		close(fds[1]);
		serve(fds[0], cfg);
	}
	close(fds[0]);
	if (s->pid < 0) {
		close(fds[1]);
		s->pid = 0;
		return;
	}
	s->fd = fds[1];
}

int sender_give(struct sender *s, const int64_t *causes, size_t n)
{
	uint32_t count = (uint32_t)n;

	if (s->fd < 0 || n > SENDER_BATCH_MAX)
		return -1;
	if (write_all(s->fd, &count, sizeof count) < 0 || write_all(s->fd, causes, n * sizeof *causes) < 0) {
		sender_stop(s);   /* gone: the caller sends, the last flush takes what it had */
		return -1;
	}
	return 0;
}

void sender_stop(struct sender *s)
{
	int status;

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->pid > 0)
		while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
			;
	s->pid = 0;
}
