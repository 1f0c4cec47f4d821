/* words.h: statuses and history in the words people read in a mail (no codes); pure tables. */
#ifndef BPOMAIL_WORDS_H
#define BPOMAIL_WORDS_H

#include "workflow.h"

struct history_line;
struct buf;

/* Where the request stands, for a sentence "De aanvraag is ...": "ingediend bij het SO-loket". */
const char *words_status(enum status s);

/* What an event did, after its actor: "gaf akkoord"; NULL for an unknown code. */
const char *words_event(const char *event);

/* What a command does, after its actor's name: "gaf akkoord", "gaf toestemming". */
const char *words_command(enum cmd c);

/*
 * One history line as a sentence, with its moment in Dutch local time:
 * "maandag 11 januari 2027 om 10:00: Trajectbegeleider Bestuur
 * (trajectbegeleider) gaf akkoord." Appended to out with a line end.
 */
void words_history_line(const struct history_line *h, struct buf *out);

#endif
