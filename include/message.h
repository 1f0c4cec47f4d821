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

/* Every message in the quarantine with an id above after, oldest first: id, when, its key, sender, subject and why ("" when unknown). */
void message_each_quarantined(struct store *st, int64_t after,
			      void (*fn)(int64_t id, const char *at, const char *key, const char *sender,
					 const char *subject, const char *reason, void *arg), void *arg);

/* The number of the request message id belongs to (caller frees), or NULL. */
char *message_kenmerk(struct store *st, int64_t id);

/* The bytes of quarantined message id (NUL-terminated; caller frees *raw): 0, or -1 when it is not in the quarantine. */
int message_quarantined(struct store *st, int64_t id, char **raw, size_t *len);

/* Removes quarantined message id; returns 1, 0 when it is not in the quarantine, or -1. */
int64_t message_delete_quarantined(struct store *st, int64_t id);

/* Removes every quarantined message received before the ISO time before; returns how many. */
int64_t message_purge_quarantined(struct store *st, const char *before);

/* A number kept in the database under name (0 when never set), and setting it. */
int64_t message_mark(struct store *st, const char *name);
void message_set_mark(struct store *st, const char *name, int64_t value);

/* Every message received at or after since (for one request when kenmerk is set), oldest first. */
void message_each_since(struct store *st, const char *since, const char *kenmerk,
			void (*fn)(const char *at, const char *key, const char *outcome,
				   const char *reason, const char *kenmerk, void *arg), void *arg);

#endif
