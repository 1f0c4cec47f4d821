/* outbox.h: outgoing mail: queued with the change it reports, sent afterwards. */
#ifndef BPOMAIL_OUTBOX_H
#define BPOMAIL_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>

struct config;
struct mail_out;
struct store;

/*
 * Composes m and queues it in the current transaction. Returns the new
 * outmail id; 0 when no mail can go to m's address (nothing queued, said on
 * stderr); -1 when the store failed.
 */
int64_t outbox_queue(struct store *st, const struct mail_out *m, int64_t request_id,
		     int64_t cause, const char *template);

/* The outmail with this Message-ID (without <>): its id, 0 when bpomail sent none. */
int64_t outbox_find(struct store *st, const char *message_id);

/* The request and the recipient of outmail id (recipient: caller frees); false when unknown. */
bool outbox_sent_to(struct store *st, int64_t id, int64_t *request_id, char **recipient);

/* How many mails made from one of templates (NULL-terminated) went to to in the last day. */
int64_t outbox_count_day(struct store *st, const char *to, const char *const *templates);

/*
 * How many mails made from template were queued about request_id at or
 * after since (ISO 8601 UTC), to recipient (NULL: to anyone); last gets the
 * newest one's time, "" when there is none.
 */
int64_t outbox_count_since(struct store *st, int64_t request_id, const char *template,
			   const char *recipient, const char *since, char last[21]);

/* When the newest mail made from template was queued (ISO 8601 UTC); "" when never. */
void outbox_last_made(struct store *st, const char *template, char last[21]);

/* Every mail about request_id, oldest first: when, to whom, which template, when sent (NULL: queued). */
void outbox_each_for_request(struct store *st, int64_t request_id,
			     void (*fn)(const char *created, const char *recipient, const char *template,
					const char *sent_at, void *arg), void *arg);

/* Every mail queued at or after since (for one request when kenmerk is set), oldest first; sent_at NULL while queued. */
void outbox_each_since(struct store *st, const char *since, const char *kenmerk,
		       void (*fn)(int64_t id, const char *created, const char *template,
				  const char *sent_at, int64_t attempts, const char *last_error,
				  const char *kenmerk, void *arg), void *arg);

struct flush_result {
	unsigned sent;
	unsigned failed;
};

/*
 * Sends every queued mail, oldest first: into the outbox Maildir or through
 * the sendmail command (fork and exec with an argument vector, no shell,
 * killed after sendmail_timeout). A mail is marked sent only after it went;
 * one that fails stays queued for the next flush. Flushes run one at a time.
 * Returns 0, or -1 when the queue could not be read at all.
 */
int outbox_flush(struct store *st, const struct config *cfg, struct flush_result *res);

/*
 * Counts a first attempt to send the unsent mail caused by message row
 * cause, in the caller's transaction: deliver does so in the commit that
 * records the message, and then sends with outbox_flush_cause(..., true)
 * without a commit of its own for the count (issue 12: one sync fewer).
 * Should deliver then not get to send within its budget (a running flush
 * holds the queue), the count is one more than the attempts made.
 */
void outbox_count_attempts(struct store *st, int64_t cause);

/*
 * What deliver sends before it exits: only the mail caused by message row
 * cause, and only within budget seconds (waiting for a running flush, each
 * sendmail run and the sending itself), so the MTA's time limit never kills
 * a delivery that was recorded. counted: outbox_count_attempts() counted
 * this attempt already. Returns 0 when all of it went, 1 when some is left
 * to the next flush, -1 when the queue could not be used at all.
 */
int outbox_flush_cause(struct store *st, const struct config *cfg, int64_t cause, unsigned budget,
		       bool counted, struct flush_result *res);

/*
 * What scan sends after each batch it committed: the unsent mail caused by
 * the message rows causes[0..n), waiting for a running flush (no budget).
 * counted as above. Returns 0, 1 when some is left, -1 as outbox_flush.
 */
int outbox_flush_causes(struct store *st, const struct config *cfg, const int64_t *causes,
			size_t n, bool counted, struct flush_result *res);

#endif
