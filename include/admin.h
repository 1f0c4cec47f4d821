/* admin.h: the operator's upkeep commands: export, purge and remind. */
#ifndef BPOMAIL_ADMIN_H
#define BPOMAIL_ADMIN_H

struct config;
struct store;

/* `export --csv`: every request, without pupil data, as CSV on stdout. Returns an exit code. */
int admin_export_csv(struct store *st);

/*
 * `purge --before DATE`: deletes for good the requests that ended (afgerond,
 * afgewezen, ingetrokken) before DATE, with their people, history,
 * documents, disclosures and mail. Returns an exit code.
 */
int admin_purge(struct store *st, const char *date);

/*
 * `remind`: for every request whose step has waited longer than
 * remind_after_days, a reminder to whoever acts next and a notice to the
 * SO-loket; at most one per period. Returns an exit code.
 */
int admin_remind(struct store *st, const struct config *cfg, const unsigned char secret[32]);

/*
 * `check`: the configuration was read; the database opens; the form schema
 * compiles; every template renders with every placeholder. Prints each
 * problem; returns 0, or 78 when something is wrong.
 */
int admin_check(struct store *st, const struct config *cfg);

#endif
