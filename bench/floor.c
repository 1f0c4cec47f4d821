/* bench/floor.c: "the floor" of issue 12 for one delivered message: one
 * process start, one durable SQLite commit and one Maildir delivery.
 *
 *   floor DATABASE MAILDIR < message
 *
 * Reads the message, inserts it (key, time, bytes) in DATABASE in one
 * BEGIN IMMEDIATE ... COMMIT with journal_mode=WAL and synchronous=FULL
 * (as bpomail opens its database), then writes it into MAILDIR the
 * durable way: tmp/NAME written and fsync'd, renamed into new/, new/
 * fsync'd. Dynamically linked against Debian's libsqlite3, like bpomail.
 * `floor --init DATABASE MAILDIR` creates both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "floor: %s: %s\n", what, detail);
	exit(75);
}

static void exec_or_die(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
}

static void mkdirs(const char *maildir)
{
	char p[4096];

	mkdir(maildir, 0700);
	for (const char *const *s = (const char *const[]){ "tmp", "new", "cur", NULL }; *s; s++) {
		snprintf(p, sizeof p, "%s/%s", maildir, *s);
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			die(p, strerror(errno));
	}
}

int main(int argc, char **argv)
{
	int init = argc == 4 && strcmp(argv[1], "--init") == 0;
	const char *dbpath, *maildir;
	char *buf = NULL, key[64], tmp[4096], new[4096], host[256];
	size_t len = 0, cap = 0;
	unsigned char rnd[8];
	sqlite3 *db;
	sqlite3_stmt *q;
	ssize_t n;
	int fd;

	if (argc != 3 && !init) {
		fputs("usage: floor [--init] DATABASE MAILDIR < message\n", stderr);
		return 64;
	}
	dbpath = argv[argc - 2];
	maildir = argv[argc - 1];
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE | (init ? SQLITE_OPEN_CREATE : 0),
			    NULL) != SQLITE_OK)
		die(dbpath, sqlite3_errmsg(db));
	if (init) {
		exec_or_die(db, "PRAGMA journal_mode = WAL");
		exec_or_die(db, "CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY,"
				" msgkey TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, raw BLOB)");
		mkdirs(maildir);
		sqlite3_close(db);
		return 0;
	}
	/* as bpomail: the last connection does not checkpoint and delete the WAL */
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	exec_or_die(db, "PRAGMA synchronous = FULL");
	for (;;) {
		if (len == cap && !(buf = realloc(buf, cap = cap ? 2 * cap : 65536)))
			die("read", "out of memory");
		n = read(0, buf + len, cap - len);
		if (n < 0)
			die("read", strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd)
		die("getrandom", strerror(errno));
	snprintf(key, sizeof key, "%ld.%d.%02x%02x%02x%02x%02x%02x%02x%02x", (long)time(NULL),
		 (int)getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);

	exec_or_die(db, "BEGIN IMMEDIATE");
	if (sqlite3_prepare_v2(db, "INSERT INTO message (msgkey, received_at, raw)"
				   " VALUES (?, datetime('now'), ?)", -1, &q, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(db));
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(q, 2, buf, len, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(db));
	sqlite3_finalize(q);
	exec_or_die(db, "COMMIT");
	sqlite3_close(db);

	gethostname(host, sizeof host);
	host[sizeof host - 1] = '\0';
	snprintf(tmp, sizeof tmp, "%s/tmp/%s.%s", maildir, key, host);
	snprintf(new, sizeof new, "%s/new/%s.%s", maildir, key, host);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		die(tmp, strerror(errno));
	for (size_t off = 0; off < len; off += (size_t)n)
		if ((n = write(fd, buf + off, len - off)) < 0)
			die(tmp, strerror(errno));
	if (fsync(fd) < 0 || close(fd) < 0)
		die(tmp, strerror(errno));
	if (rename(tmp, new) < 0)
		die(new, strerror(errno));
	snprintf(tmp, sizeof tmp, "%s/new", maildir);
	fd = open(tmp, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || fsync(fd) < 0)
		die(tmp, strerror(errno));
	close(fd);
	free(buf);
	return 0;
}
