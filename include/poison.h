/* poison.h: messages that crash bpomail end in the quarantine instead of crashing every retry. */
#ifndef BPOMAIL_POISON_H
#define BPOMAIL_POISON_H

#include <stdbool.h>

/* After this many crashes on one message, its next try only records it in the quarantine. */
#define POISON_CRASHES 2

/* The most messages a batch holds for its commit (poison_hold). */
#define POISON_HELD 128

/*
 * Starts processing the message whose content hash is sha: returns how
 * often bpomail crashed on it before (a marker file "DATABASE.crashed-SHA"
 * beside the database), and arms a handler for fatal signals that counts
 * this try if it crashes too. Costs one failed open() per message.
 */
int poison_begin(const char *database, const char *sha);

/* The message is recorded (or known a duplicate): its marker goes. */
void poison_end(void);

/*
 * In a batch (scan): the message is processed but its writes wait for the
 * batch's commit, so a crash in that commit counts against it too (and
 * against every other message held with it: a message that crashed before
 * is committed at once, its batch held with it). -1 when POISON_HELD are
 * held already: commit first.
 */
int poison_hold(void);
/* The batch's commit starts (poison_commit_begin) and ends; committed: the held messages' markers go. */
void poison_commit_begin(void);
void poison_commit_end(bool committed);

#endif
