/* mail_raw.h: the message as bytes, before libetpan reads it (for mailparse.c). */
#ifndef BPOMAIL_MAIL_RAW_H
#define BPOMAIL_MAIL_RAW_H

#include <stdbool.h>
#include <stddef.h>

/* Why libetpan must not be given this message (too many parts, a bad boundary), or NULL. */
const char *raw_refusal(const char *raw, size_t len);

/* Whether the line at p (up to end) starts with word, ignoring case. */
bool raw_line_starts_ci(const char *p, const char *end, const char *word);

#endif
