/* message.c: the incoming messages as stored: one row each, recorded once under its key. */
#include "message.h"
#include "store.h"

char *message_stored_sha(struct store *st, const char *key)
{
	return store_text(st, "SELECT raw_sha256 FROM message WHERE msgkey = ?", "s", key);
}

int64_t message_record(struct store *st, const char *key, const char *sha, const char *at)
{
	store_run(st, "INSERT INTO message (msgkey, raw_sha256, received_at, outcome)"
		  " VALUES (?, ?, ?, 'in behandeling')", "sss", key, sha, at);
	return store_last_id(st);
}

void message_finish(struct store *st, int64_t id, const char *sender, const char *subject,
		    const char *outcome, const char *reason, const char *raw, size_t len)
{
	int64_t request_id = store_int(st, "SELECT request_id FROM event WHERE message_id = ? LIMIT 1",
				       0, "i", id);

	store_run(st, "UPDATE message SET sender = ?, subject = ?, outcome = ?, reason = ?,"
		  " request_id = ?, raw = ? WHERE id = ?", "ssssIbi", sender, subject, outcome, reason,
		  request_id, raw, raw ? len : (size_t)0, id);
}

void message_each_quarantined(struct store *st,
			      void (*fn)(const char *at, const char *key, const char *sender,
					 const char *subject, const char *reason, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st, "SELECT received_at, msgkey, coalesce(sender, ''),"
				      " coalesce(subject, ''), coalesce(reason, '') FROM message"
				      " WHERE outcome = 'quarantaine' ORDER BY id", "");

	while (store_row(st, q))
		fn(store_col_str(q, 0), store_col_str(q, 1), store_col_str(q, 2), store_col_str(q, 3),
		   store_col_str(q, 4), arg);
	store_end(q);
}

void message_quarantine(struct store *st, const char *key, const char *sha, const char *at,
			const char *why, const char *raw, size_t len)
{
	store_run(st, "INSERT INTO message (msgkey, raw_sha256, received_at, outcome, reason, raw)"
		  " VALUES (?, ?, ?, 'quarantaine', ?, ?)", "ssssb", key, sha, at, why, raw, len);
}
