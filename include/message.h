/* message.h: the incoming messages as stored: one row each, recorded once under its key. */
#ifndef BPOMAIL_MESSAGE_H
#define BPOMAIL_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* The content hash a message was recorded with under key (caller frees), or NULL when none was. */
char *message_stored_sha(struct store *st, const char *key);

/* Records a message being handled; returns its id (events, documents and replies refer to it). */
int64_t message_record(struct store *st, const char *key, const char *sha, const char *at);

/*
 * What became of message id: its sender, subject (NULL: not kept), outcome
 * and reason, the request its events belong to, and its bytes (raw NULL:
 * not kept).
 */
void message_finish(struct store *st, int64_t id, const char *sender, const char *subject,
		    const char *outcome, const char *reason, const char *raw, size_t len);

/* Records a message that could not be handled at all, with its bytes, in the quarantine. */
void message_quarantine(struct store *st, const char *key, const char *sha, const char *at,
			const char *why, const char *raw, size_t len);

/* Every message in the quarantine, oldest first: when, its key, sender, subject and why ("" when unknown). */
void message_each_quarantined(struct store *st,
			      void (*fn)(const char *at, const char *key, const char *sender,
					 const char *subject, const char *reason, void *arg), void *arg);

#endif
