/* intake.h: one incoming message, recorded exactly once and answered. */
#ifndef BPOMAIL_INTAKE_H
#define BPOMAIL_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;
struct sandbox;
struct sender;
struct store;
struct strlist;

/*
 * A scan commits its messages in batches of at most this many, or this long.
 * 50 ms amortises a commit's sync over many messages when they are quick, and
 * costs little when they are slow; a scan killed early loses at most 50 ms of
 * work (tests/t/0202-kill-scan.t kills it 0-300 ms after it starts).
 */
#define INTAKE_BATCH_MESSAGES 100
#define INTAKE_BATCH_MS 50

struct intake {
	const struct config *cfg;
	struct store *st;
	unsigned char secret[32];
	const char *recipient;      /* the envelope recipient (--recipient), or NULL */
	int64_t release_id;         /* quarantine release: this message row is replaced in the same transaction */
	char outcome[32];           /* after a message was recorded: what became of it */
	char kenmerk[32];           /* and its request ("" when none) */
	int64_t message_row;        /* and its row: the cause of its answers (0 when none) */
	struct sandbox *sandbox;    /* borrowed: the parsing child to use, or NULL for one per message */
	bool count_attempts;        /* the first attempt to send the answers is counted in the recording's commit */
	bool send_batches;          /* intake_maildir sends each batch's answers after its commit (scan) */
	struct sender *sender;      /* borrowed: the process that sends them, or NULL to send here */
	const char *ahead;          /* intake_maildir: the next message, sent to the parsing child once this one is parsed */
	size_t ahead_len;
	/* intake_maildir's batch: messages share one transaction, each in a savepoint */
	bool batch;
	bool batch_lost;            /* the transaction ended with a failure: none of the batch is recorded */
	bool commit_now;            /* a message that crashed bpomail before: its count goes at the commit */
	size_t batch_size;          /* messages begun in the batch's transaction */
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

/*
 * scan: every message of names (in dir/new) through intake_message or
 * intake_oversized, in batches (INTAKE_BATCH_MESSAGES, INTAKE_BATCH_MS):
 * one transaction and one commit per batch, each message in a savepoint of
 * its own, so a failing one is undone alone. A batch's messages move to cur/
 * only after its commit: a kill at any moment leaves every message recorded
 * once, or in new/ for the next scan, which finds the recorded ones seen
 * before. A crash in a batch's commit counts against each of its messages
 * (poison_hold). With ix->send_batches, each batch's answers are sent after
 * its commit (outbox_flush_causes), by ix->sender when there is one. The messages are parsed by one sandbox child in turn, unless
 * ix->sandbox names one; a message that crashes it, or runs out of its
 * limits, fails alone and the next gets a fresh child (sandbox.h).
 * Stops at the first message a retry may help (EXIT_TEMPFAIL), after
 * committing the ones before it; EXIT_OK otherwise. done and dup count the
 * messages recorded now and seen before.
 */
int intake_maildir(struct intake *ix, const char *dir, const struct strlist *names,
		   unsigned *done, unsigned *dup);

#endif
