/* stmt_cache.h: prepared statements kept for reuse on one connection. */
#ifndef BPOMAIL_STMT_CACHE_H
#define BPOMAIL_STMT_CACHE_H

#include <sqlite3.h>
#include <stdbool.h>

struct stmt_cache;

struct stmt_cache *stmt_cache_new(void);
/* Finalizes every kept statement; call before sqlite3_close. NULL is fine. */
void stmt_cache_free(struct stmt_cache *c);

/*
 * A statement for sql, ready to bind: the kept one when it is idle, else a
 * new one (kept when there is room). SQLite's result code in *rc.
 */
sqlite3_stmt *stmt_cache_take(struct stmt_cache *c, sqlite3 *db, const char *sql, int *rc);

/* Gives q back: a kept statement is reset and its bindings cleared, any other finalized. */
void stmt_cache_give(struct stmt_cache *c, sqlite3_stmt *q);

#endif
