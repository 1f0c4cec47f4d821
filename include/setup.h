/* setup.h: installing bpomail as a service, and checking that the delivery user can work. */
#ifndef BPOMAIL_SETUP_H
#define BPOMAIL_SETUP_H

#include <stdbool.h>

struct config;

/*
 * `setup` (once, as root): the delivery user (created when missing), the
 * database's directory (0750, the user's), the database (0600, with its
 * secret, made as that user), the configuration readable by that user
 * only, then the exact Postfix lines. With postfix_only, only the lines.
 * Returns an exit code.
 */
int setup_run(const struct config *cfg, const char *user, bool postfix_only);

/*
 * Part of `check`: the delivery user (the caller, or as root the owner of
 * the database) can write the database's directory, the database, its
 * -wal, -shm and flush lock; nobody else can read the database; the
 * sendmail command exists and is executable. Prints each problem; returns
 * 0 or 78.
 */
int check_access(const struct config *cfg);

#endif
