/* poison.h: messages that crash bpomail end in the quarantine instead of crashing every retry. */
#ifndef BPOMAIL_POISON_H
#define BPOMAIL_POISON_H

/* After this many crashes on one message, its next try only records it in the quarantine. */
#define POISON_CRASHES 2

/*
 * Starts processing the message whose content hash is sha: returns how
 * often bpomail crashed on it before (a marker file "DATABASE.crashed-SHA"
 * beside the database), and arms a handler for fatal signals that counts
 * this try if it crashes too. Costs one failed open() per message.
 */
int poison_begin(const char *database, const char *sha);

/* The message is recorded (or known a duplicate): its marker goes. */
void poison_end(void);

#endif
