/* store.h: the SQLite database: opening, schema migrations, transactions, queries. */
#ifndef BPOMAIL_STORE_H
#define BPOMAIL_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A connection with a sticky error: the first failing call records its
 * message and every later call does nothing, so a unit of work runs its
 * statements and checks once, at store_commit(). Any failure means nothing
 * was recorded and a retry may help (exit 75).
 */
struct store {
	sqlite3 *db;
	int err;                 /* first SQLite result code that failed, 0 when none */
	char errmsg[256];
	bool in_tx;
	struct sql_log *sql_log; /* BPOMAIL_SQL_LOG: statements prepared (tests only), else NULL */
	struct stmt_cache *cache; /* prepared statements kept for reuse, by SQL text */
	unsigned busy_ms;         /* store_busy_poll: how long to wait for the lock, in ms */
};

#define STORE_SCHEMA_VERSION 4

/*
 * Opens path (created with its schema when create is set), configures WAL,
 * synchronous=FULL, foreign keys and the busy timeout, and brings the schema
 * up to date. Returns NULL after printing why.
 */
struct store *store_open(const char *path, unsigned busy_timeout_s, bool create);
void store_close(struct store *st);

int store_begin(struct store *st);     /* BEGIN IMMEDIATE */
/* Reads under one snapshot (BEGIN): one lock taken for them all, not one per statement (-1: each its own). */
int store_begin_read(struct store *st);
void store_end_read(struct store *st);
int store_commit(struct store *st);    /* 0, or -1 after a rollback: nothing was recorded */
void store_rollback(struct store *st);
/*
 * Inside a transaction: one unit of work (a message of a batch) that can be
 * undone alone. store_savepoint clears the sticky error, as store_begin does;
 * store_release keeps the unit (0) or, after a failure in it, undoes it and
 * returns -1 with the failure kept; store_undo undoes it. When SQLite has
 * ended the whole transaction (a full disk, an I/O error), store_release and
 * store_undo return -1 with st->in_tx false: every unit since store_begin is
 * gone.
 */
int store_savepoint(struct store *st);
int store_release(struct store *st);
int store_undo(struct store *st);
bool store_failed(const struct store *st);
void store_fail(struct store *st, const char *why);  /* a failure found outside SQLite */
/* True when the failure lies in what was written (a constraint, a value too big), not the moment: no retry cures it. */
bool store_failed_for_good(const struct store *st);

/*
 * Every statement bpomail runs is prepared here (store_query and the helpers
 * below use it; no other file calls sqlite3_prepare). When the environment
 * variable BPOMAIL_SQL_LOG names a file at store_open(), each distinct SQL
 * text is appended to it, one line each, for the query-plan test
 * (tests/t/0501-query-plan.t); unset, it costs one NULL test. NULL after a
 * failure (recorded in st).
 */
sqlite3_stmt *store_prepare(struct store *st, const char *sql);

/*
 * Statements with their arguments bound from fmt, one letter each:
 * 's' const char * (NULL binds NULL), 'i' int64_t, 'I' int64_t id (0 or
 * less binds NULL), 'u' unsigned,
 * 'b' const void * then size_t (a blob; not copied: it must stay as it is
 * until the statement has run, as it does with store_run()).
 */
sqlite3_stmt *store_query(struct store *st, const char *sql, const char *fmt, ...);
bool store_row(struct store *st, sqlite3_stmt *q);   /* true while a row is there */
void store_end(struct store *st, sqlite3_stmt *q);    /* reset for reuse or finalize; NULL is fine */
/* Runs a statement that returns no rows; the number of rows changed, or -1. */
int64_t store_run(struct store *st, const char *sql, const char *fmt, ...);
/* First column of the first row as a new string (caller frees), or NULL. */
char *store_text(struct store *st, const char *sql, const char *fmt, ...);
/* First column of the first row as an integer, or fallback. */
int64_t store_int(struct store *st, const char *sql, int64_t fallback, const char *fmt, ...);
int64_t store_last_id(struct store *st);

/* Column helpers: text as a new string ("" for NULL when empty_ok, else NULL). */
char *store_col_text(sqlite3_stmt *q, int col);
const char *store_col_str(sqlite3_stmt *q, int col);  /* borrowed, "" for NULL */

/* The server secret of the reply tokens (bpomail(1), WHO MAY DO WHAT), created by store_open(create). */
int store_secret(struct store *st, unsigned char out[32]);

/* Deleted pages are overwritten from now on (purge). */
void store_secure_delete(struct store *st);
/* Folds the write-ahead log into the database file and empties it. */
void store_checkpoint(struct store *st);
/*
 * The WAL is folded into the database once it holds pages pages (SQLite's
 * default: 1,000). Every process that opens the database first reads the
 * whole WAL back (there is no other connection to keep its index), so deliver
 * keeps it shorter (STORE_DELIVER_WAL_PAGES) than scan, which opens it once.
 */
void store_wal_limit(struct store *st, unsigned pages);
#define STORE_DELIVER_WAL_PAGES 200
/*
 * Waits for the write lock by trying every millisecond (as long as the busy
 * timeout) instead of SQLite's growing sleeps of up to 100 ms: for scan's
 * sending process, whose lock is free only for moments between the
 * recording's batches.
 */
void store_busy_poll(struct store *st, unsigned timeout_s);

#endif
