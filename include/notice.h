/* notice.h: which template each person gets when a request changes; pure tables. */
#ifndef BPOMAIL_NOTICE_H
#define BPOMAIL_NOTICE_H

#include "workflow.h"

/* The template a participant in a role gets when the request enters status; NULL: none. */
const char *notice_for_status(enum status entered, enum role recipient);

/* The confirmation to the person whose command was carried out (event: what it recorded). */
const char *notice_confirmation(enum cmd c, const char *event);

/* True for the answers to mail that could not be carried out (capped per day, bpomail(1)). */
bool notice_is_error(const char *template);
const char *const *notice_error_templates(void);   /* NULL-terminated */

/* The exact line a role replies with to give command c ("AFGEWEZEN: de reden"). */
const char *notice_usage(enum cmd c, enum role r);

/* Every template name the tables use, NULL-terminated (for tests). */
const char *const *notice_all_templates(void);

#endif
