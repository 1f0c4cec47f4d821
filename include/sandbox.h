/* sandbox.h: parsing untrusted mail in a child process with CPU, memory and time limits. */
#ifndef BPOMAIL_SANDBOX_H
#define BPOMAIL_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

struct inmail;

/*
 * A parsing child that reads one message at a time from a socket and
 * answers each before it gets the next, so a run of messages (a scan) costs
 * one fork, not one each. pid 0: no child yet, or the last one died.
 */
struct sandbox {
	pid_t pid;
	int fd;
	const char *ahead;   /* a message sent ahead (sandbox_send_ahead), its answer not read yet */
	size_t ahead_len;
};
#define SANDBOX_INIT { 0, -1, NULL, 0 }

/*
 * Starts the child now (deliver does so before the message is read, so the
 * child does not hold the parent's copy of it too); sandbox_ask() starts one
 * itself when there is none.
 */
void sandbox_start(struct sandbox *sb);

/*
 * Like mailparse(), but the parse runs in sb's child, limited to a few
 * seconds of CPU for this message, a bounded address space and a
 * wall-clock deadline; the result comes back over the socket and is
 * checked before use. A crash, a limit or a malformed result gives -1 with
 * *why (Dutch, for the quarantine): that child is gone and the next message
 * gets a fresh one, so nothing that went wrong is counted against another
 * message. A refusal by mailparse() gives -1 with its *why; the child goes on.
 */
int sandbox_ask(struct sandbox *sb, const char *raw, size_t len, struct inmail *m, char **why);

/*
 * scan: sends the next message now, right after sandbox_ask() answered
 * the one before, so the child parses it while this process records that
 * one (the two cores at work at once). The sandbox_ask() for the same bytes
 * (raw and len, kept by the caller until then) only reads the answer; any
 * other first reads and drops it. One message ahead at most; a child that
 * is gone is noticed at that sandbox_ask().
 */
void sandbox_send_ahead(struct sandbox *sb, const char *raw, size_t len);
/*
 * The bytes [start, start + len) are about to be freed: a message sent
 * ahead from them and not asked for (a duplicate, a message quarantined
 * unread) has its answer read and dropped now, so that no later message
 * whose bytes come to lie at the same address takes it for its own.
 */
void sandbox_forget(struct sandbox *sb, const char *start, size_t len);

/* Ends the child (it exits at the end of its input) and waits for it. */
void sandbox_stop(struct sandbox *sb);

/* One message in a child of its own: sandbox_start, sandbox_ask, sandbox_stop. */
int sandbox_parse(const char *raw, size_t len, struct inmail *m, char **why);

/* The child's limits; tests lower them. */
struct sandbox_limits {
	unsigned cpu_seconds;     /* per message */
	unsigned wall_seconds;    /* per message */
	unsigned long memory;
};
extern struct sandbox_limits sandbox_limits;

/* Test seam: when set, the child calls it before parsing each message (to crash or hang on purpose). */
extern void (*sandbox_child_hook)(void);

#endif
