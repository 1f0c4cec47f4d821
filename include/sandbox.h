/* sandbox.h: parsing untrusted mail in a child process with CPU, memory and time limits. */
#ifndef BPOMAIL_SANDBOX_H
#define BPOMAIL_SANDBOX_H

#include <stddef.h>

struct inmail;

/*
 * Like mailparse(), but the parse runs in a forked child limited to a few
 * seconds of CPU, a bounded address space and a wall-clock deadline; its
 * result comes back over a pipe and is checked before use. A crash, a limit
 * or a malformed result gives -1 with *why (Dutch, for the quarantine), so
 * libetpan's known crashes on hostile mail cannot take bpomail down.
 */
int sandbox_parse(const char *raw, size_t len, struct inmail *m, char **why);

/* The child's limits; tests lower them. */
struct sandbox_limits {
	unsigned cpu_seconds;
	unsigned wall_seconds;
	unsigned long memory;
};
extern struct sandbox_limits sandbox_limits;

/* Test seam: when set, the child calls it before parsing (to crash or hang on purpose). */
extern void (*sandbox_child_hook)(void);

#endif
