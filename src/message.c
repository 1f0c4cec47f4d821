/* message.c: the incoming messages as stored: one row each, recorded once under its key. */
#include "message.h"
#include "store.h"
#include "util.h"

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

void message_each_quarantined(struct store *st, int64_t after,
			      void (*fn)(int64_t id, const char *at, const char *key, const char *sender,
					 const char *subject, const char *reason, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st, "SELECT id, received_at, msgkey, coalesce(sender, ''),"
				      " coalesce(subject, ''), coalesce(reason, '') FROM message"
				      " WHERE outcome = 'quarantaine' AND id > ? ORDER BY id", "i", after);

	while (store_row(st, q))
		fn(sqlite3_column_int64(q, 0), store_col_str(q, 1), store_col_str(q, 2),
		   store_col_str(q, 3), store_col_str(q, 4), store_col_str(q, 5), arg);
	store_end(st, q);
}

void message_quarantine(struct store *st, const char *key, const char *sha, const char *at,
			const char *why, const char *raw, size_t len)
{
	store_run(st, "INSERT INTO message (msgkey, raw_sha256, received_at, outcome, reason, raw)"
		  " VALUES (?, ?, ?, 'quarantaine', ?, ?)", "ssssb", key, sha, at, why, raw, len);
}

char *message_kenmerk(struct store *st, int64_t id)
{
	return store_text(st, "SELECT r.kenmerk FROM message m JOIN request r ON r.id = m.request_id"
			  " WHERE m.id = ?", "i", id);
}

int message_quarantined(struct store *st, int64_t id, char **raw, size_t *len)
{
	sqlite3_stmt *q = store_query(st, "SELECT raw FROM message WHERE id = ?"
				      " AND outcome = 'quarantaine'", "i", id);
	int rc = -1;

	*raw = NULL;
	*len = 0;
	if (store_row(st, q)) {
		const void *p = sqlite3_column_blob(q, 0);
		*len = (size_t)sqlite3_column_bytes(q, 0);
		*raw = xmalloc(*len + 1);
		if (p && *len)
			memcpy(*raw, p, *len);
		(*raw)[*len] = '\0';
		rc = 0;
	}
	store_end(st, q);
	return rc;
}

int64_t message_delete_quarantined(struct store *st, int64_t id)
{
	return store_run(st, "DELETE FROM message WHERE id = ? AND outcome = 'quarantaine'", "i", id);
}

int64_t message_purge_quarantined(struct store *st, const char *before)
{
	return store_run(st, "DELETE FROM message WHERE outcome = 'quarantaine' AND received_at < ?",
			 "s", before);
}

int64_t message_mark(struct store *st, const char *name)
{
	return store_int(st, "SELECT CAST(CAST(value AS TEXT) AS INTEGER) FROM meta WHERE key = ?", 0,
			 "s", name);
}

void message_set_mark(struct store *st, const char *name, int64_t value)
{
	char text[24];

	snprintf(text, sizeof text, "%lld", (long long)value);
	store_run(st, "INSERT INTO meta (key, value) VALUES (?, CAST(? AS BLOB))"
		  " ON CONFLICT (key) DO UPDATE SET value = excluded.value", "ss", name, text);
}

void message_each_since(struct store *st, const char *since, const char *kenmerk,
			void (*fn)(const char *at, const char *key, const char *outcome,
				   const char *reason, const char *kenmerk, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st, "SELECT m.received_at, m.msgkey, m.outcome,"
				      " coalesce(m.reason, ''), coalesce(r.kenmerk, '') FROM message m"
				      " LEFT JOIN request r ON r.id = m.request_id"
				      " WHERE m.received_at >= ? AND (? IS NULL OR r.kenmerk = ?)"
				      " ORDER BY m.received_at, m.id", "sss", since, kenmerk, kenmerk);

	while (store_row(st, q))
		fn(store_col_str(q, 0), store_col_str(q, 1), store_col_str(q, 2), store_col_str(q, 3),
		   store_col_str(q, 4), arg);
	store_end(st, q);
}
