/* oplog.h: `bpomail log`: what came in and what went out, across requests. */
#ifndef BPOMAIL_OPLOG_H
#define BPOMAIL_OPLOG_H

#include <stdbool.h>

struct store;

/*
 * Every incoming message since since (a date; NULL: the last 7 days) with
 * what became of it, and every mail queued since then with whether it was
 * sent, oldest first; only those of request kenmerk when set. No addresses,
 * no subjects (bpomail(1), PRIVACY). Returns an exit code.
 */
int oplog_print(struct store *st, const char *since, const char *kenmerk, bool json);

#endif
