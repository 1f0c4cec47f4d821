/* test_store_vfs.c: the database's VFS (src/store_vfs.c) gathers WAL writes; what it gathers never lands on another connection's commit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store_vfs.h"
#include "util.h"

static void run(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

static sqlite3 *open_db(const char *path, const char *vfs)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs), SQLITE_OK);
	run(db, "PRAGMA synchronous = FULL");
	return db;
}

/*
 * A spills pages of a transaction to the WAL (a small cache), gathered and
 * not written yet, and rolls it back; B then commits frames at the same
 * offsets. A's gathered bytes must be written before its write lock went,
 * not later over B's commit (the review of stop 17 found they were).
 */
static void test_rolled_back_spill(void **state)
{
	char dir[] = "/tmp/bpomail-vfs.XXXXXX", *path;
	sqlite3 *a, *b, *c;
	sqlite3_stmt *q;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/t.db", dir);
	a = open_db(path, store_vfs());
	run(a, "PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES ('before')");
	b = open_db(path, store_vfs());
	sqlite3_db_config(a, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	run(a, "PRAGMA cache_size = 5");
	run(a, "BEGIN IMMEDIATE; INSERT INTO t SELECT randomblob(3000) FROM (WITH RECURSIVE s(v) AS"
	       " (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 20) SELECT v FROM s)");
	run(a, "ROLLBACK");
	run(b, "BEGIN IMMEDIATE; INSERT INTO t SELECT 'B-' || v || hex(zeroblob(1000)) FROM (WITH RECURSIVE"
	       " s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 20) SELECT v FROM s); COMMIT");
	sqlite3_close(a);
	sqlite3_close(b);

	c = open_db(path, "unix");
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT count(*), sum(x LIKE 'B-%') FROM t", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 21);
	assert_int_equal(sqlite3_column_int(q, 1), 20);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(c, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
	sqlite3_finalize(q);
	sqlite3_close(c);

	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	rmdir(dir);
	free(wal);
	free(shm);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rolled_back_spill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
