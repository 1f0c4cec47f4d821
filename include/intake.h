/* intake.h: one incoming message, recorded exactly once and answered. */
#ifndef BPOMAIL_INTAKE_H
#define BPOMAIL_INTAKE_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct store;

struct intake {
	const struct config *cfg;
	struct store *st;
	unsigned char secret[32];
	const char *recipient;      /* the envelope recipient (--recipient), or NULL */
	int64_t release_id;         /* quarantine release: this message row is replaced in the same transaction */
	char outcome[32];           /* after a message was recorded: what became of it */
	char kenmerk[32];           /* and its request ("" when none) */
	int64_t message_row;        /* and its row: the cause of its answers (0 when none) */
};

enum intake_result {
	INTAKE_RECORDED,    /* recorded now, with its replies queued */
	INTAKE_DUPLICATE,   /* recorded before: nothing changed, nothing sent */
	INTAKE_RETRY,       /* nothing recorded; a retry may help (exit 75) */
};

/*
 * Processes one message in one transaction: records it under its
 * Message-ID (or a hash of its bytes), carries out what it asks, and queues
 * every reply. Prints why on a retry.
 */
enum intake_result intake_message(struct intake *ix, const char *raw, size_t len);

/*
 * A message over max_message_size: head holds its first bytes, total its
 * size. It is recorded (by its Message-ID) and its sender, when in the
 * directory, is told the limit; nothing else of it is kept.
 */
enum intake_result intake_oversized(struct intake *ix, const char *head, size_t len,
				    size_t total);

#endif
