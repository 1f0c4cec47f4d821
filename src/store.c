/* store.c: the SQLite connection, migrating it to the current schema, and query helpers. */
#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stmt_cache.h"
#include "store.h"
#include "store_schema.h"
#include "store_vfs.h"
#include "util.h"

static void record_error(struct store *st, int rc, const char *what)
{
	if (st->err)
		return;
	st->err = rc ? rc : SQLITE_ERROR;
	snprintf(st->errmsg, sizeof st->errmsg, "%s: %s (code %d)", what,
		 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc), st->err);
}

bool store_failed(const struct store *st)
{
	return st->err != 0;
}

bool store_failed_for_good(const struct store *st)
{
	switch (st->err & 0xff) {
	case SQLITE_CONSTRAINT:
	case SQLITE_TOOBIG:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE:
	case SQLITE_FORMAT:
		return true;
	default:
		return false;
	}
}

void store_fail(struct store *st, const char *why)
{
	if (!st->err) {
		st->err = SQLITE_ERROR;
		snprintf(st->errmsg, sizeof st->errmsg, "%s", why);
	}
}

static int exec_sql(struct store *st, const char *sql, const char *what)
{
	int rc;

	if (st->err)
		return -1;
	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		record_error(st, rc, what);
		return -1;
	}
	return 0;
}

static int pragma_int(struct store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *q = store_query(st, sql, "");
	bool row = store_row(st, q);

	if (row)
		*out = sqlite3_column_int64(q, 0);
	store_end(st, q);
	return row ? 0 : -1;
}

static int create_secret(struct store *st)
{
	unsigned char secret[32];

	if (store_int(st, "SELECT count(*) FROM meta WHERE key = 'secret'", 0, "") > 0)
		return 0;
	if (getrandom(secret, sizeof secret, 0) != (ssize_t)sizeof secret) {
		store_fail(st, "getrandom failed");
		return -1;
	}
	return store_run(st, "INSERT INTO meta (key, value) VALUES ('secret', ?)", "b",
			 secret, sizeof secret) < 0 ? -1 : 0;
}

static int migrate(struct store *st, bool create)
{
	int64_t version = 0;

	if (pragma_int(st, "PRAGMA user_version", &version) < 0)
		return -1;
	if (version == STORE_SCHEMA_VERSION && !create)
		return 0;
	if (version == 0 && !create) {
		store_fail(st, "the database has no schema: run 'bpomail init' first");
		return -1;
	}
	/* Migrations rebuild tables: foreign keys stay off until the check at the end. */
	exec_sql(st, "PRAGMA foreign_keys = OFF", "foreign_keys");
	if (store_begin(st) < 0)
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	pragma_int(st, "PRAGMA user_version", &version);
	if (version > STORE_SCHEMA_VERSION) {
		store_fail(st, "the database schema is newer than this program");
		store_rollback(st);
		return -1;
	}
	for (size_t v = (size_t)version; v < STORE_SCHEMA_VERSION && !st->err; v++) {
		char pragma[64];
		for (const char *const *sql = store_migration((unsigned)v + 1); *sql && !st->err; sql++)
			exec_sql(st, *sql, "schema migration");
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %zu", v + 1);
		exec_sql(st, pragma, "schema version");
	}
	if (create)
		create_secret(st);
	if (store_int(st, "SELECT count(*) FROM pragma_foreign_key_check", 0, "") != 0)
		store_fail(st, "foreign key check failed after migration");
	if (store_commit(st) < 0) {
		sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
		return -1;
	}
	return exec_sql(st, "PRAGMA foreign_keys = ON", "foreign_keys");
}

static int configure(struct store *st, unsigned busy_timeout_s)
{
	char *mode;
	int64_t fk = 0;

	sqlite3_busy_timeout(st->db, (int)(busy_timeout_s * 1000));
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	exec_sql(st, "PRAGMA trusted_schema = OFF", "trusted_schema");
	mode = store_text(st, "PRAGMA journal_mode", "");
	if (mode && strcmp(mode, "wal") != 0) {
		free(mode);
		mode = store_text(st, "PRAGMA journal_mode = WAL", "");
		if (mode && strcmp(mode, "wal") != 0)
			store_fail(st, "the database cannot use WAL mode (network file system?)");
	}
	free(mode);
	exec_sql(st, "PRAGMA synchronous = FULL", "synchronous");
	/*
	 * A scan keeps each message in a savepoint of its batch; the pages a
	 * savepoint changes are copied to a statement journal, which SQLite
	 * otherwise spills to a temporary file past 64 KB (55 MB written for a
	 * scan of 400 messages). Never synced, so memory loses nothing.
	 */
	exec_sql(st, "PRAGMA temp_store = MEMORY", "temp_store");
	exec_sql(st, "PRAGMA foreign_keys = ON", "foreign_keys");
	if (pragma_int(st, "PRAGMA foreign_keys", &fk) == 0 && fk != 1)
		store_fail(st, "foreign keys cannot be enabled");
	return st->err ? -1 : 0;
}

/*
 * SQLite makes -wal and -shm with the database's mode at that moment: after a
 * moment the database was read-only they stay read-only for good, and every
 * later delivery fails. When they are ours and the database is writable again,
 * they get its mode back.
 */
static void repair_side_files(const char *path)
{
	static const char *const sides[] = { "-wal", "-shm" };
	struct stat db, side;

	if (stat(path, &db) != 0 || !(db.st_mode & S_IWUSR))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++) {
		char *name = xasprintf("%s%s", path, sides[i]);
		if (stat(name, &side) == 0 && side.st_uid == geteuid() &&
		    (side.st_mode & 0777) != (db.st_mode & 0777)) {
			if (chmod(name, db.st_mode & 0777) == 0)
				warnx("%s: mode set back to %o, as the database's", name, db.st_mode & 0777);
		} else if (stat(name, &side) == 0 && side.st_uid != geteuid() &&
			   access(name, R_OK | W_OK) != 0) {
			/* Another user's (root ran a command): not ours to change; say what to do. */
			warnx("%s: owned by uid %u with mode %03o, so this user (uid %u) cannot write it: "
			      "chown it to the delivery user (bpomail setup does)", name,
			      (unsigned)side.st_uid, (unsigned)(side.st_mode & 0777), (unsigned)geteuid());
		}
		free(name);
	}
}

/*
 * BPOMAIL_SQL_LOG: the SQL texts this process prepared, each written once
 * (a line, newlines made blanks) to a file opened for appending; several
 * processes may share the file, so a reader removes duplicates.
 */
#define SQL_LOG_SLOTS 1024
struct sql_log {
	int fd;
	size_t used;
	uint64_t seen[SQL_LOG_SLOTS];  /* FNV-1a hashes of the texts written, 0 = free */
};

static struct sql_log *sql_log_open(void)
{
	const char *path = getenv("BPOMAIL_SQL_LOG");
	struct sql_log *log;
	int fd;

	if (!path || !*path)
		return NULL;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		warnx("BPOMAIL_SQL_LOG %s: %s", path, strerror(errno));
		return NULL;
	}
	log = xcalloc(1, sizeof *log);
	log->fd = fd;
	return log;
}

static void sql_log_add(struct sql_log *log, const char *sql)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t n = strlen(sql), i;
	char *line;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)sql[i]) * 0x100000001b3u;
	h |= 1;
	if (log->used >= SQL_LOG_SLOTS / 2) {   /* forget all: a reader removes duplicates */
		memset(log->seen, 0, sizeof log->seen);
		log->used = 0;
	}
	for (i = h % SQL_LOG_SLOTS; log->seen[i]; i = (i + 1) % SQL_LOG_SLOTS)
		if (log->seen[i] == h)
			return;
	log->seen[i] = h;
	log->used++;
	line = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		line[i] = sql[i] == '\n' || sql[i] == '\r' ? ' ' : sql[i];
	line[n] = '\n';
	if (write(log->fd, line, n + 1) != (ssize_t)(n + 1))
		warnx("BPOMAIL_SQL_LOG: %s", strerror(errno));
	free(line);
}

static void sql_log_close(struct sql_log *log)
{
	if (log) {
		close(log->fd);
		free(log);
	}
}

/*
 * bpomail runs one thread: SQLite's mutexes and its count of the memory it
 * uses (a mutex taken at every allocation) cost a scan 2 % of its
 * instructions for nothing. Set before SQLite initialises, at the first open.
 */
static void configure_library(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct store *store_open(const char *path, unsigned busy_timeout_s, bool create)
{
	struct store *st = xcalloc(1, sizeof *st);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	int rc;

	if (create)
		flags |= SQLITE_OPEN_CREATE;
	configure_library();
	st->sql_log = sql_log_open();
	st->cache = stmt_cache_new();
	repair_side_files(path);
	rc = sqlite3_open_v2(path, &st->db, flags, store_vfs());
	if (rc != SQLITE_OK) {
		record_error(st, rc, path);
		if (!create && (rc & 0xff) == SQLITE_CANTOPEN)
			snprintf(st->errmsg, sizeof st->errmsg,
				 "%s: cannot open the database (run 'bpomail init' first?)", path);
	} else if (configure(st, busy_timeout_s) == 0) {
		migrate(st, create);
	}
	if (st->err) {
		warnx("%s", st->errmsg);
		store_close(st);
		return NULL;
	}
	return st;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	stmt_cache_free(st->cache);
	sqlite3_close(st->db);
	sql_log_close(st->sql_log);
	free(st);
}

int store_begin(struct store *st)
{
	st->err = 0;
	st->errmsg[0] = '\0';
	if (exec_sql(st, "BEGIN IMMEDIATE", "begin") < 0)
		return -1;
	st->in_tx = true;
	return 0;
}

int store_begin_read(struct store *st)
{
	/* Not needed for the reads to work, so a failure is not recorded: they run one by one. */
	return sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

void store_end_read(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

int store_commit(struct store *st)
{
	if (!st->err)
		exec_sql(st, "COMMIT", "commit");
	if (st->err) {
		store_rollback(st);
		return -1;
	}
	st->in_tx = false;
	return 0;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = false;
}

int store_savepoint(struct store *st)
{
	st->err = 0;
	st->errmsg[0] = '\0';
	return exec_sql(st, "SAVEPOINT unit", "savepoint");
}

int store_undo(struct store *st)
{
	if (sqlite3_get_autocommit(st->db)) {
		st->in_tx = false;
		return -1;
	}
	if (sqlite3_exec(st->db, "ROLLBACK TO unit; RELEASE unit", NULL, NULL, NULL) != SQLITE_OK) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int store_release(struct store *st)
{
	if (!st->err)
		exec_sql(st, "RELEASE unit", "release");
	if (st->err) {
		store_undo(st);
		return -1;
	}
	return 0;
}

static int bind_args(struct store *st, sqlite3_stmt *q, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;

	if ((int)strlen(fmt) != sqlite3_bind_parameter_count(q))
		die(EXIT_SOFTWARE, "store: %zu arguments for %d parameters in: %s", strlen(fmt),
		    sqlite3_bind_parameter_count(q), sqlite3_sql(q));
	for (int i = 1; *fmt && rc == SQLITE_OK; fmt++, i++) {
		const char *s;
		const void *p;
		size_t n;

		switch (*fmt) {
		case 's':
			s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(q, i);
			break;
		case 'i':
			rc = sqlite3_bind_int64(q, i, va_arg(ap, int64_t));
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			rc = v > 0 ? sqlite3_bind_int64(q, i, v) : sqlite3_bind_null(q, i);
			break;
		}
		case 'u':
			rc = sqlite3_bind_int64(q, i, va_arg(ap, unsigned));
			break;
		case 'b':
			p = va_arg(ap, const void *);
			n = va_arg(ap, size_t);
			rc = sqlite3_bind_blob64(q, i, p ? p : "", n, SQLITE_STATIC);
			break;
		default:
			die(EXIT_SOFTWARE, "store: bad argument format '%c'", *fmt);
		}
	}
	if (rc != SQLITE_OK)
		record_error(st, rc, "bind");
	return rc == SQLITE_OK ? 0 : -1;
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (st->err)
		return NULL;
	if (st->sql_log)
		sql_log_add(st->sql_log, sql);
	q = stmt_cache_take(st->cache, st->db, sql, &rc);
	if (!q && rc != SQLITE_OK)
		record_error(st, rc, "prepare");
	return q;
}

static sqlite3_stmt *vquery(struct store *st, const char *sql, const char *fmt, va_list ap)
{
	sqlite3_stmt *q = store_prepare(st, sql);

	if (!q)
		return NULL;
	if (bind_args(st, q, fmt, ap) < 0) {
		store_end(st, q);
		return NULL;
	}
	return q;
}

sqlite3_stmt *store_query(struct store *st, const char *sql, const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *q;

	va_start(ap, fmt);
	q = vquery(st, sql, fmt, ap);
	va_end(ap);
	return q;
}

bool store_row(struct store *st, sqlite3_stmt *q)
{
	int rc;

	if (!q || st->err)
		return false;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		return true;
	if (rc != SQLITE_DONE)
		record_error(st, rc, "step");
	return false;
}

void store_end(struct store *st, sqlite3_stmt *q)
{
	stmt_cache_give(st->cache, q);
}

int64_t store_run(struct store *st, const char *sql, const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *q;

	va_start(ap, fmt);
	q = vquery(st, sql, fmt, ap);
	va_end(ap);
	if (!q)
		return -1;
	while (store_row(st, q))
		;
	store_end(st, q);
	return st->err ? -1 : sqlite3_changes64(st->db);
}

char *store_text(struct store *st, const char *sql, const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *q;
	char *out = NULL;

	va_start(ap, fmt);
	q = vquery(st, sql, fmt, ap);
	va_end(ap);
	if (store_row(st, q))
		out = store_col_text(q, 0);
	store_end(st, q);
	return out;
}

int64_t store_int(struct store *st, const char *sql, int64_t fallback, const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *q;
	int64_t out = fallback;

	va_start(ap, fmt);
	q = vquery(st, sql, fmt, ap);
	va_end(ap);
	if (store_row(st, q) && sqlite3_column_type(q, 0) != SQLITE_NULL)
		out = sqlite3_column_int64(q, 0);
	store_end(st, q);
	return out;
}

int64_t store_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

char *store_col_text(sqlite3_stmt *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q, col);
	return t ? xstrdup((const char *)t) : NULL;
}

const char *store_col_str(sqlite3_stmt *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q, col);
	return t ? (const char *)t : "";
}

int store_secret(struct store *st, unsigned char out[32])
{
	sqlite3_stmt *q = store_query(st, "SELECT value FROM meta WHERE key = 'secret'", "");
	int rc = -1;

	if (store_row(st, q) && sqlite3_column_bytes(q, 0) == 32) {
		memcpy(out, sqlite3_column_blob(q, 0), 32);
		rc = 0;
	}
	store_end(st, q);
	if (rc < 0)
		store_fail(st, "the database has no secret: run 'bpomail init'");
	return rc;
}

void store_secure_delete(struct store *st)
{
	sqlite3_exec(st->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
}

void store_checkpoint(struct store *st)
{
	sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
}

void store_wal_limit(struct store *st, unsigned pages)
{
	sqlite3_wal_autocheckpoint(st->db, (int)pages);
}

static int busy_poll(void *arg, int tries)
{
	const struct store *st = arg;

	if ((unsigned)tries >= st->busy_ms)
		return 0;
	nanosleep(&(struct timespec){ 0, 1000 * 1000 }, NULL);
	return 1;
}

void store_busy_poll(struct store *st, unsigned timeout_s)
{
	st->busy_ms = timeout_s * 1000;
	sqlite3_busy_handler(st->db, busy_poll, st);
}
