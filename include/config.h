/* config.h: the INI configuration file (bpomail.conf(5)). */
#ifndef BPOMAIL_CONFIG_H
#define BPOMAIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
