/* digest.h: the SO-loket's overview of open requests (bpomail digest), and which notices it replaces. */
#ifndef BPOMAIL_DIGEST_H
#define BPOMAIL_DIGEST_H

#include <stdbool.h>

#include "workflow.h"

struct config;
struct store;

/*
 * True when the mail template for a person in role is not sent one by one
 * but left to the digest: with loket_notices = digest, the status-change
 * notices to the SO-loket that ask nothing of it (melding-loket,
 * statuswijziging). Mails that ask the SO-loket to act, carry something the
 * digest does not (the report of afgerond-loket), or answer its own
 * commands always go at once. Pure.
 */
bool digest_holds(const struct config *cfg, const char *template, enum role role);

/*
 * `digest`: mails every SO-loket coordinator in the directory one overview
 * (templates/digest-loket.txt) of the requests not ended, by status, the
 * overdue ones (waiting longer than remind_after_days) first, with how long
 * each waited and for whom, and one-click actions where the SO-loket acts;
 * then the requests that ended since the previous digest (the notices of
 * their end may have been held). No pupil data. Nothing to report, or
 * nobody in the SO-loket: no mail and no output. Returns an exit code.
 */
int digest_send(struct store *st, const struct config *cfg);

/* For `check`: templates/digest-loket.txt renders; 0, or -1 with *err (caller frees). */
int digest_check_template(struct store *st, const struct config *cfg, char **err);

#endif
