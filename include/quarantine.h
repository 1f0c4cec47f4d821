/* quarantine.h: the operator's hands on quarantined mail: release, delete, retention, the daily report. */
#ifndef BPOMAIL_QUARANTINE_H
#define BPOMAIL_QUARANTINE_H

struct config;
struct intake;
struct store;

/* `quarantine release ID`: processes the message now as if just delivered, in place of its quarantine row. */
int quarantine_release(struct intake *ix, const char *id);

/* `quarantine delete ID`: removes it for good. */
int quarantine_delete(struct store *st, const char *id);

/*
 * `upkeep` (daily, cron): deletes quarantined mail older than
 * quarantine_days, and sends the beheer role one mail listing what was
 * quarantined since the last such mail. Returns an exit code.
 */
int quarantine_upkeep(struct store *st, const struct config *cfg, const unsigned char secret[32]);

#endif
