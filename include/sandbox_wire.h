/* sandbox_wire.h: what goes between bpomail and its parsing child: a message out, its parsed fields back. */
#ifndef BPOMAIL_SANDBOX_WIRE_H
#define BPOMAIL_SANDBOX_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct inmail;

/*
 * Socket I/O against a deadline (time(NULL) seconds), for the parent: the
 * child may hang or die at any moment. 0 when all n bytes went or came, -1
 * at the deadline, -2 when the child is gone (EOF, EPIPE, a reset).
 */
int wire_send(int fd, const void *p, size_t n, time_t deadline);
int wire_recv(int fd, void *p, size_t n, time_t deadline);

/*
 * The child's answer, written straight to fd as records (tag, length,
 * bytes): the fields of m, or (m NULL) the reason why the message was
 * refused, then an end record. -1 when fd failed.
 */
int wire_put_answer(int fd, const struct inmail *m, const char *why);

/*
 * The parent reads one answer from fd, at most max bytes of records: each
 * field is read into a block of its own size (a document is not copied
 * again). Returns 0 with *m filled, 1 with *why (a refusal: the child goes
 * on), or -1 (the deadline), -2 (the child gone) or -3 (a malformed
 * answer) with nothing to free.
 */
int wire_get_answer(int fd, size_t max, time_t deadline, struct inmail *m, char **why);

#endif
