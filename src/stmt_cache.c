/*
 * stmt_cache.c: prepared statements kept for reuse on one connection.
 *
 * A deliver runs some 40 statements and a scan the same ones per message;
 * preparing each anew (parsing SQL, planning) cost more than running it.
 * Statements are found by their SQL text, so a text built at run time is
 * as good a key as a literal. A statement still in use when its text is
 * asked for again (a nested query) is prepared fresh and finalized after.
 */
#include <stdint.h>
#include <string.h>

#include "stmt_cache.h"
#include "util.h"

/* More distinct statements than bpomail has (tests/t/0501-query-plan.t counts them). */
#define STMT_CACHE_SIZE 160

struct kept {
	sqlite3_stmt *stmt;
	uint32_t hash;
	bool busy;
};

struct stmt_cache {
	struct kept kept[STMT_CACHE_SIZE];
	size_t n;
};

static uint32_t sql_hash(const char *sql)
{
	uint32_t h = 2166136261u;   /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

struct stmt_cache *stmt_cache_new(void)
{
	return xcalloc(1, sizeof(struct stmt_cache));
}

void stmt_cache_free(struct stmt_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		sqlite3_finalize(c->kept[i].stmt);
	free(c);
}

static struct kept *find_text(struct stmt_cache *c, const char *sql, uint32_t h)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->kept[i].hash == h && strcmp(sqlite3_sql(c->kept[i].stmt), sql) == 0)
			return &c->kept[i];
	return NULL;
}

static struct kept *find_stmt(struct stmt_cache *c, const sqlite3_stmt *q)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->kept[i].stmt == q)
			return &c->kept[i];
	return NULL;
}

sqlite3_stmt *stmt_cache_take(struct stmt_cache *c, sqlite3 *db, const char *sql, int *rc)
{
	uint32_t h = sql_hash(sql);
	struct kept *k = find_text(c, sql, h);
	sqlite3_stmt *q = NULL;

	if (k && !k->busy) {
		k->busy = true;
		*rc = SQLITE_OK;
		return k->stmt;
	}
	*rc = sqlite3_prepare_v3(db, sql, -1, k ? 0 : SQLITE_PREPARE_PERSISTENT, &q, NULL);
	if (*rc != SQLITE_OK) {
		sqlite3_finalize(q);
		return NULL;
	}
	if (!k && q && c->n < STMT_CACHE_SIZE)
		c->kept[c->n++] = (struct kept){ q, h, true };
	return q;
}

void stmt_cache_give(struct stmt_cache *c, sqlite3_stmt *q)
{
	struct kept *k = q ? find_stmt(c, q) : NULL;

	if (!k) {
		sqlite3_finalize(q);
		return;
	}
	/* The step's error, if any, was recorded when it happened. */
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	k->busy = false;
}
