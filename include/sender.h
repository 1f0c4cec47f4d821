/* sender.h: scan's sending process: each committed batch's answers go out beside the next batch's recording. */
#ifndef BPOMAIL_SENDER_H
#define BPOMAIL_SENDER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct config;

struct sender {
	pid_t pid;
	int fd;     /* the pipe the batches go down */
};
#define SENDER_INIT { 0, -1 }

/*
 * Forks the sending process. Call it before this process opens the
 * database: the child opens its own connection (SQLite's state must not
 * cross a fork) when the first batch comes. On failure s stays without a
 * process and the caller sends itself.
 */
void sender_start(struct sender *s, const struct config *cfg);

/*
 * Hands the process the message rows causes[0..n) of a committed batch: it
 * sends their unsent answers (outbox_flush_causes, the first attempt counted
 * in the batch's commit), batches in the order given. -1 when there is no
 * process (any more): the caller sends them itself.
 */
int sender_give(struct sender *s, const int64_t *causes, size_t n);

/* No more batches: waits until the process has sent all it was given. */
void sender_stop(struct sender *s);

#endif
