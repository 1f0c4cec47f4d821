/* report.h: what the operator reads: list, show, quarantine. */
#ifndef BPOMAIL_REPORT_H
#define BPOMAIL_REPORT_H

#include <stdbool.h>

struct store;

/* Each prints to stdout and returns an exit code. */
int report_list(struct store *st, const char *status, bool json);
int report_show(struct store *st, const char *kenmerk, bool json);
int report_quarantine(struct store *st, bool json);
/* `directory list`: everyone in the directory, by name: role, address, name (organisation). */
int report_directory(struct store *st, bool json);

#endif
