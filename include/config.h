/* config.h: the INI configuration file (bpomail.conf(5)). */
#ifndef BPOMAIL_CONFIG_H
#define BPOMAIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "date.h"

/* How the SO-loket hears of status changes that ask nothing of it (loket_notices). */
enum loket_notices {
	LOKET_EACH = 0,          /* one mail per change */
	LOKET_DIGEST,            /* only in the digest (bpomail digest); action mails still at once */
};

/* A school holiday: from and to are both part of it. */
struct period {
	struct date from, to;
};

struct config {
	char *address;           /* the system's address, bpo@swv.example */
	char *name;              /* its display name */
	char *database;          /* SQLite file */
	char *outbox;            /* Maildir for outgoing mail, or NULL */
	char *sendmail;          /* command line, or NULL */
	char *templates;         /* directory of message templates */
	size_t max_message_size; /* bytes */
	bool trust_from;         /* no reply token needed (bpomail(1), WHO MAY DO WHAT) */
	unsigned busy_timeout;   /* seconds to wait for the database lock */
	unsigned sendmail_timeout; /* seconds before a sendmail child is killed */
	unsigned error_replies;  /* error answers to one address per day */
	unsigned remind_after_days; /* a step waiting this long gets a reminder */
	unsigned loket_notices;  /* enum loket_notices */
	struct period vakanties[BOUND_HOLIDAYS]; /* no reminders on these days */
	size_t n_vakanties;
	char *syslog_facility;   /* mail, daemon, user, local0 ... local7 */
	unsigned quarantine_days; /* quarantined mail older than this is deleted by upkeep */
	unsigned deliver_time_limit; /* seconds deliver may spend sending its own answers */
	char *path;              /* the file it was read from */
};

/*
 * Reads the configuration: path, else $BPOMAIL_CONF, else ./bpomail.conf.
 * Every error is reported as "file:line: what is wrong" on stderr and the
 * whole file is refused: returns -1. Relative paths in the file are taken
 * relative to the file's directory. config_free() releases *c.
 */
int config_load(const char *path, struct config *c);
void config_free(struct config *c);

/* True when the date d falls in one of the school holidays of c (vakanties). */
bool config_holiday(const struct config *c, const struct date *d);

#endif
