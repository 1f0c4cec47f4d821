/* outbox.c: the queue of outgoing mail and its delivery to a Maildir or sendmail. */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <syslog.h>
#include <unistd.h>

#include "compose.h"
#include "composed.h"
#include "config.h"
#include "maildir.h"
#include "maillog.h"
#include "outbox.h"
#include "queued.h"
#include "store.h"
#include "util.h"

int64_t outbox_find(struct store *st, const char *message_id)
{
	return store_int(st, "SELECT id FROM outmail WHERE message_id = ?", 0, "s", message_id);
}

bool outbox_sent_to(struct store *st, int64_t id, int64_t *request_id, char **recipient)
{
	sqlite3_stmt *q = store_query(st, "SELECT request_id, recipient FROM outmail WHERE id = ?", "i",
				      id);
	bool found = store_row(st, q) && sqlite3_column_type(q, 0) != SQLITE_NULL;

	if (found) {
		*request_id = sqlite3_column_int64(q, 0);
		*recipient = store_col_text(q, 1);
	}
	store_end(st, q);
	return found;
}

void outbox_each_for_request(struct store *st, int64_t request_id,
			     void (*fn)(const char *created, const char *recipient, const char *template,
					const char *sent_at, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st, "SELECT created_at, recipient, template, sent_at FROM outmail"
				      " WHERE request_id = ? ORDER BY id", "i", request_id);

	while (store_row(st, q))
		fn(store_col_str(q, 0), store_col_str(q, 1), store_col_str(q, 2),
		   sqlite3_column_type(q, 3) == SQLITE_NULL ? NULL : store_col_str(q, 3), arg);
	store_end(st, q);
}

int64_t outbox_count_day(struct store *st, const char *to, const char *const *templates)
{
	struct buf sql = BUF_INIT;
	int64_t n;

	buf_adds(&sql, "SELECT count(*) FROM outmail WHERE recipient = ? AND created_at >"
		 " strftime('%Y-%m-%dT%H:%M:%SZ', ?, 'unixepoch', '-1 day') AND template IN (");
	for (size_t i = 0; templates[i]; i++)
		buf_addf(&sql, "%s'%s'", i ? ", " : "", templates[i]);
	buf_adds(&sql, ")");
	n = store_int(st, buf_str(&sql), 0, "si", to, (int64_t)now());
	buf_free(&sql);
	return n;
}

int64_t outbox_count_since(struct store *st, int64_t request_id, const char *template,
			   const char *recipient, const char *since, char last[21])
{
	sqlite3_stmt *q = store_query(st,
		"SELECT count(*), coalesce(max(created_at), '') FROM outmail WHERE request_id = ?"
		" AND template = ? AND (?3 IS NULL OR recipient = ?3 COLLATE NOCASE)"
		" AND created_at >= ?4", "isss", request_id, template, recipient, since ? since : "");
	int64_t n = 0;

	last[0] = '\0';
	if (store_row(st, q)) {
		n = sqlite3_column_int64(q, 0);
		snprintf(last, 21, "%s", store_col_str(q, 1));
	}
	store_end(st, q);
	return n;
}

void outbox_last_made(struct store *st, const char *template, char last[21])
{
	char *at = store_text(st, "SELECT max(created_at) FROM outmail WHERE template = ?", "s",
			      template);

	snprintf(last, 21, "%s", at ? at : "");
	free(at);
}

/* Where composed_write() puts the mail: its row's blob, at off. */
struct blob_sink {
	sqlite3_blob *b;
	int off;
};

static int to_blob(void *arg, const char *p, size_t n)
{
	struct blob_sink *w = arg;
	int rc = sqlite3_blob_write(w->b, p, (int)n, w->off);

	w->off += (int)n;
	return rc;
}

/*
 * Issue 12, peak memory: the mail is written into the row it was inserted
 * with (zeroblob) through SQLite's incremental blob I/O, a piece at a time,
 * its documents base64-encoded on the way. Composed whole and bound to the
 * INSERT, it would be in memory twice (once more in SQLite's record), beside
 * the documents it carries. The fields after raw are NULL or 0 and take no
 * bytes, so SQLite does not write the zeros out in a record either.
 */
static void fill_raw(struct store *st, int64_t id, const struct composed *plan)
{
	struct blob_sink w = { NULL, 0 };
	int rc = sqlite3_blob_open(st->db, "main", "outmail", "raw", id, 1, &w.b);

	if (rc == SQLITE_OK)
		rc = composed_write_kept(plan, to_blob, &w);
	if (rc != SQLITE_OK)
		store_fail(st, sqlite3_errmsg(st->db));
	sqlite3_blob_close(w.b);
}

int64_t outbox_queue(struct store *st, const struct mail_out *m, int64_t request_id,
		     int64_t cause, const char *template)
{
	struct composed *plan;
	char at[21];

	if (store_failed(st))
		return -1;
	/* An address no mail can go to depends on the message, not on the moment: a retry cannot help. */
	if (!(plan = compose_plan(m))) {
		warnx("no %s mail to '%.80s': not a usable address", template, m->to_addr);
		return 0;
	}
	/* Kept without the documents already stored (src/queued.c). */
	struct buf docs = BUF_INIT;
	size_t size = composed_kept(plan, &docs);
	iso_time(now(), at);
	if (size > INT_MAX)
		store_fail(st, "a mail over 2 GB");
	store_run(st, "INSERT INTO outmail (request_id, cause, created_at, recipient, template,"
		  " message_id, raw, docs) VALUES (?, ?, ?, ?, ?, ?, zeroblob(?), ?)", "IIssssis",
		  request_id, cause, at, m->to_addr, template, m->message_id, (int64_t)size,
		  docs.len ? docs.data : NULL);
	int64_t id = store_failed(st) ? -1 : store_last_id(st);
	if (id > 0)
		fill_raw(st, id, plan);
	buf_free(&docs);
	composed_free(plan);
	return store_failed(st) ? -1 : id;
}

/*
 * Splits the configured command on blanks: an argument vector, never a
 * shell. Without a "-f" of its own it gets "-f ADDRESS": the envelope
 * sender is then bpomail's own address, so bounces of its mail come back to
 * bpomail (and are recorded) instead of to the local user it runs as.
 */
static char **split_command(const char *cmd, const char *sender)
{
	char *copy = xstrdup(cmd), *save = NULL;
	char **argv = xcalloc(64, sizeof *argv);
	size_t n = 0;
	bool has_f = false;

	for (char *w = strtok_r(copy, " \t", &save); w && n < 60; w = strtok_r(NULL, " \t", &save)) {
		has_f |= n > 0 && strncmp(w, "-f", 2) == 0;
		argv[n++] = xstrdup(w);
	}
	if (n && !has_f && sender) {
		argv[n++] = xstrdup("-f");
		argv[n++] = xstrdup(sender);
	}
	free(copy);
	return argv;
}

static void free_argv(char **argv)
{
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

static pid_t start_sendmail(char **argv, int *in)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		static char *const env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
		int devnull = open("/dev/null", O_WRONLY);
		dup2(fds[0], STDIN_FILENO);
		if (devnull >= 0)
			dup2(devnull, STDOUT_FILENO);
		signal(SIGPIPE, SIG_DFL);
		execve(argv[0], argv, env);
		_exit(127);
	}
	close(fds[0]);
	*in = fds[1];
	return pid;
}

/* Waits for the child at most timeout seconds, then kills it. Returns its exit status or -1. */
static int wait_child(pid_t pid, unsigned timeout)
{
	int status;

	for (unsigned waited = 0; waited <= timeout * 10; waited++) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (r < 0 && errno != EINTR)
			return -1;
		usleep(100 * 1000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static int send_sendmail(const struct config *cfg, const char *raw, size_t len, char **err)
{
	char **argv = split_command(cfg->sendmail, cfg->address);
	int in = -1, status;
	pid_t pid;

	if (!argv[0] || argv[0][0] != '/') {
		*err = xasprintf("sendmail must be an absolute path: %s", cfg->sendmail);
		free_argv(argv);
		return -1;
	}
	pid = start_sendmail(argv, &in);
	free_argv(argv);
	if (pid < 0) {
		*err = xasprintf("cannot start sendmail: %s", strerror(errno));
		return -1;
	}
	int wrc = write_all(in, raw, len);
	close(in);
	status = wait_child(pid, cfg->sendmail_timeout);
	if (wrc < 0 || status != 0) {
		*err = status < 0 ? xstrdup("sendmail was killed or timed out")
				  : xasprintf("sendmail exited with %d", status);
		return -1;
	}
	return 0;
}

/*
 * A queued mail's name in the outbox: its row (key) and the digits of the
 * moment it was queued (the return value). Fixed per queued mail, so a mail
 * delivered before a crash is seen again.
 */
static long long outbox_name(int64_t id, const char *created, char key[32])
{
	long long when = 0;

	for (const char *p = created; *p; p++)
		if (*p >= '0' && *p <= '9')
			when = when * 10 + (*p - '0');
	snprintf(key, 32, "%lld", (long long)id);
	return when;
}

/* first: this is the mail's first attempt, so no earlier one can have left it in the outbox. */
static int send_outbox(const struct config *cfg, int64_t id, const char *created, const char *raw,
		       size_t len, bool first, char **err)
{
	char key[32];
	long long when = outbox_name(id, created, key);

	if (maildir_make(cfg->outbox) < 0) {
		*err = xasprintf("%s: %s", cfg->outbox, strerror(errno));
		return -1;
	}
	if (!first && maildir_has(cfg->outbox, key, when))
		return 0;
	if (maildir_deliver(cfg->outbox, raw, len, key, when) < 0) {
		*err = xasprintf("%s: %s", cfg->outbox, strerror(errno));
		return -1;
	}
	return 0;
}

/* A lock another user (root's cron) left behind: say whose it is and what to do. */
static void explain_lock(const char *path)
{
	struct stat sb;
	int saved = errno;

	if (saved == EACCES && stat(path, &sb) == 0)
		warnx("%s: owned by uid %u with mode %03o, so this user (uid %u) cannot send: "
		      "chown it to the delivery user (bpomail setup does)", path, (unsigned)sb.st_uid,
		      (unsigned)(sb.st_mode & 0777), (unsigned)geteuid());
	errno = saved;
}

/* The queue's lock, waited for; -1 after saying why not. */
static int lock_queue(const struct config *cfg)
{
	char *path = xasprintf("%s.flush-lock", cfg->database);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		explain_lock(path);
	free(path);
	if (fd >= 0 && flock(fd, LOCK_EX) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		warnx("%s.flush-lock: %s", cfg->database, strerror(errno));
	return fd;
}

/* Lets the queue go; -1 when the database failed meanwhile (what was not sent stays queued). */
static int unlock_queue(struct store *st, int lock)
{
	close(lock);
	if (!store_failed(st))
		return 0;
	warnx("outgoing mail stays queued: %s", st->errmsg);
	st->err = 0;
	return -1;
}

/* Marks a sent mail; the database may be busy for a moment, so it tries a few times. */
static void mark_sent(struct store *st, int64_t id)
{
	char at[21];

	iso_time(now(), at);
	for (int attempt = 0; attempt < 3; attempt++) {
		st->err = 0;
		/* Once sent, its bytes are not kept (the disclosure log says what went where). */
		if (store_run(st, "UPDATE outmail SET sent_at = ?, last_error = NULL, raw = NULL, docs = NULL"
			      " WHERE id = ?", "si", at, id) >= 0)
			return;
	}
}

/* The syslog line of a send: its Message-ID, template and request, never an address (bpomail(1), LOGGING). */
static void log_send(struct store *st, int64_t id, bool sent)
{
	sqlite3_stmt *q = store_query(st, "SELECT o.message_id, o.template, r.kenmerk FROM outmail o"
				      " LEFT JOIN request r ON r.id = o.request_id WHERE o.id = ?",
				      "i", id);

	if (store_row(st, q)) {
		if (sent)
			maillog_sent(id, store_col_str(q, 0), store_col_str(q, 1), store_col_str(q, 2));
		else
			syslog(LOG_WARNING, "mail %lld <%s> (%s) not sent: kept for the next flush",
			       (long long)id, store_col_str(q, 0), store_col_str(q, 1));
	}
	store_end(st, q);
}

/*
 * The bytes of the queued mail in q's row (raw, created_at, attempts, docs):
 * its kept bytes as they are, or with its stored documents encoded in
 * (src/queued.c) into whole. -1 with *err, or with the store failed.
 */
static int mail_bytes(struct store *st, sqlite3_stmt *q, struct buf *whole, const char **p,
		      size_t *len, char **err)
{
	const char *raw = sqlite3_column_blob(q, 0);
	size_t n = (size_t)sqlite3_column_bytes(q, 0);

	if (sqlite3_column_type(q, 3) == SQLITE_NULL) {
		*p = raw ? raw : "";
		*len = n;
		return 0;
	}
	if (queued_bytes(st, raw ? raw : "", n, store_col_str(q, 3), whole, err) < 0)
		return -1;
	*p = whole->data;
	*len = whole->len;
	return 0;
}

static void send_one(struct store *st, const struct config *cfg, int64_t id, bool precounted,
		     struct flush_result *res)
{
	char *err = NULL;
	int rc;

	/*
	 * Count the attempt first, in its own commit (or, precounted, in the one
	 * that recorded the mail's cause): when the database cannot be written
	 * now (locked, disk full), nothing is sent, so a mail never goes out
	 * without its "sent" mark being likely to follow.
	 */
	if (!precounted && store_run(st, "UPDATE outmail SET attempts = attempts + 1 WHERE id = ?"
				     " AND sent_at IS NULL", "i", id) <= 0)
		return;   /* sent meanwhile, or the database failed: the flush stops */
	sqlite3_stmt *q = store_query(st, "SELECT raw, created_at, attempts, docs FROM outmail"
				      " WHERE id = ?", "i", id);
	if (!store_row(st, q)) {
		store_end(st, q);
		return;
	}
	struct buf whole = BUF_INIT;
	const char *raw;
	size_t len;
	rc = mail_bytes(st, q, &whole, &raw, &len, &err);
	if (rc == 0 && cfg->outbox)
		rc = send_outbox(cfg, id, store_col_str(q, 1), raw, len,
				 sqlite3_column_int64(q, 2) == 1, &err);
	else if (rc == 0)
		rc = send_sendmail(cfg, raw, len, &err);
	store_end(st, q);
	buf_free(&whole);
	if (store_failed(st)) {
		free(err);
		return;   /* the database failed: the flush stops */
	}
	if (rc == 0) {
		mark_sent(st, id);
		res->sent++;
		log_send(st, id, true);
	} else {
		log_send(st, id, false);
		warnx("outgoing mail %lld not sent (kept for the next flush): %s", (long long)id, err);
		store_run(st, "UPDATE outmail SET last_error = ? WHERE id = ?", "si", err, id);
		res->failed++;
	}
	free(err);
}

/*
 * The outbox Maildir takes a batch with three syncs in all: the attempts
 * counted in one commit, the mails written into tmp/ and made durable
 * together (maildir_publish), the sent marks in one commit. A crash between
 * the two commits leaves mails whose attempt was counted: those are looked
 * for in the outbox (maildir_has) before they are written again.
 */
static void send_outbox_batch(struct store *st, const struct config *cfg, const int64_t *ids,
			      size_t n, bool precounted, struct flush_result *res)
{
	char **names = xcalloc(n, sizeof *names), **err = xcalloc(n, sizeof *err);
	size_t *slot = xcalloc(n, sizeof *slot), m = 0;
	bool *counted = xcalloc(n, sizeof *counted), *sent = xcalloc(n, sizeof *sent);
	bool *ok = xcalloc(n, sizeof *ok);

	if (precounted) {
		for (size_t i = 0; i < n; i++)
			counted[i] = true;   /* in the commit that recorded their cause, a moment ago */
	} else {
		if (store_begin(st) < 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			counted[i] = store_run(st, "UPDATE outmail SET attempts = attempts + 1"
					       " WHERE id = ? AND sent_at IS NULL", "i", ids[i]) > 0;
		if (store_commit(st) < 0)
			goto out;   /* nothing is sent when the database cannot be written now */
	}
	if (maildir_make(cfg->outbox) < 0) {
		for (size_t i = 0; i < n; i++)
			if (counted[i])
				err[i] = xasprintf("%s: %s", cfg->outbox, strerror(errno));
	}
	store_begin_read(st);
	for (size_t i = 0; i < n && !store_failed(st); i++) {
		if (!counted[i] || err[i])
			continue;
		sqlite3_stmt *q = store_query(st, "SELECT raw, created_at, attempts, docs FROM outmail"
					      " WHERE id = ?", "i", ids[i]);
		if (store_row(st, q)) {
			char key[32];
			long long when = outbox_name(ids[i], store_col_str(q, 1), key);
			struct buf whole = BUF_INIT;
			const char *raw;
			size_t len;
			if (sqlite3_column_int64(q, 2) > 1 && maildir_has(cfg->outbox, key, when))
				sent[i] = true;
			else if (mail_bytes(st, q, &whole, &raw, &len, &err[i]) < 0)
				;   /* err[i] says why, or the database failed and the batch stops */
			else if ((names[m] = maildir_put(cfg->outbox, raw, len, key, when)))
				slot[m++] = i;
			else
				err[i] = xasprintf("%s: %s", cfg->outbox, strerror(errno));
			buf_free(&whole);
		}
		store_end(st, q);
	}
	store_end_read(st);
	if (m && maildir_publish(cfg->outbox, names, m, ok) < 0) {
		for (size_t k = 0; k < m; k++)
			ok[k] = false;
		for (size_t k = 0; k < m; k++)
			err[slot[k]] = xasprintf("%s: %s", cfg->outbox, strerror(errno));
	}
	for (size_t k = 0; k < m; k++)
		sent[slot[k]] = ok[k];
	for (size_t k = 0; k < m; k++)
		if (!ok[k] && !err[slot[k]])
			err[slot[k]] = xasprintf("%s: cannot move into new/", cfg->outbox);
	if (store_failed(st) || store_begin(st) < 0)
		goto out;
	char at[21];
	iso_time(now(), at);
	for (size_t i = 0; i < n; i++) {
		if (sent[i]) {
			/* Once sent, its bytes are not kept (the disclosure log says what went where). */
			store_run(st, "UPDATE outmail SET sent_at = ?, last_error = NULL, raw = NULL, docs = NULL"
				  " WHERE id = ?", "si", at, ids[i]);
		} else if (err[i]) {
			warnx("outgoing mail %lld not sent (kept for the next flush): %s",
			      (long long)ids[i], err[i]);
			store_run(st, "UPDATE outmail SET last_error = ? WHERE id = ?", "si", err[i], ids[i]);
		}
	}
	if (store_commit(st) == 0) {
		store_begin_read(st);
		for (size_t i = 0; i < n; i++) {
			res->sent += sent[i];
			res->failed += err[i] != NULL;
			if (sent[i] || err[i])
				log_send(st, ids[i], sent[i]);
		}
		store_end_read(st);
	}
out:
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(err[i]);
	}
	free(names);
	free(err);
	free(slot);
	free(counted);
	free(sent);
	free(ok);
}

/* Sends the queued mails ids[0..n): into the outbox Maildir as a batch, or one sendmail each. */
static void send_ids(struct store *st, const struct config *cfg, const int64_t *ids, size_t n,
		     bool counted, struct flush_result *res)
{
	if (cfg->outbox)
		send_outbox_batch(st, cfg, ids, n, counted, res);
	else
		for (size_t i = 0; i < n && !store_failed(st); i++)
			send_one(st, cfg, ids[i], counted, res);
}

int outbox_flush(struct store *st, const struct config *cfg, struct flush_result *res)
{
	int64_t ids[256];
	size_t n;
	int lock = lock_queue(cfg);

	memset(res, 0, sizeof *res);
	if (lock < 0)
		return -1;
	st->err = 0;
	int64_t after = 0;
	for (;;) {
		sqlite3_stmt *q = store_query(st, "SELECT id FROM outmail WHERE sent_at IS NULL"
					      " AND id > ? ORDER BY id LIMIT 256", "i", after);
		n = 0;
		while (n < ARRAY_SIZE(ids) && store_row(st, q))
			ids[n++] = sqlite3_column_int64(q, 0);
		store_end(st, q);
		send_ids(st, cfg, ids, n, false, res);
		if (n < ARRAY_SIZE(ids) || store_failed(st))
			break;
		after = ids[n - 1];
	}
	return unlock_queue(st, lock);
}

void outbox_each_since(struct store *st, const char *since, const char *kenmerk,
		       void (*fn)(int64_t id, const char *created, const char *template,
				  const char *sent_at, int64_t attempts, const char *last_error,
				  const char *kenmerk, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st, "SELECT o.id, o.created_at, o.template, o.sent_at,"
				      " o.attempts, coalesce(o.last_error, ''), coalesce(r.kenmerk, '')"
				      " FROM outmail o LEFT JOIN request r ON r.id = o.request_id"
				      " WHERE o.created_at >= ? AND (? IS NULL OR r.kenmerk = ?)"
				      " ORDER BY o.created_at, o.id", "sss", since, kenmerk, kenmerk);

	while (store_row(st, q))
		fn(sqlite3_column_int64(q, 0), store_col_str(q, 1), store_col_str(q, 2),
		   sqlite3_column_type(q, 3) == SQLITE_NULL ? NULL : store_col_str(q, 3),
		   sqlite3_column_int64(q, 4), store_col_str(q, 5), store_col_str(q, 6), arg);
	store_end(st, q);
}

static double monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void outbox_count_attempts(struct store *st, int64_t cause)
{
	store_run(st, "UPDATE outmail SET attempts = attempts + 1 WHERE cause = ? AND sent_at IS NULL",
		  "i", cause);
}

int outbox_flush_cause(struct store *st, const struct config *cfg, int64_t cause, unsigned budget,
		       bool counted, struct flush_result *res)
{
	double deadline = monotonic() + budget;
	int64_t ids[256];
	size_t n = 0;
	int lock = -1;
	char *path = xasprintf("%s.flush-lock", cfg->database);

	memset(res, 0, sizeof *res);
	/* A flush from cron may hold the queue: wait for it only within the budget. */
	for (;;) {
		if (lock < 0) {
			lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
			if (lock < 0) {
				explain_lock(path);
				warnx("%s: %s", path, strerror(errno));
				free(path);
				return -1;
			}
		}
		if (flock(lock, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK || monotonic() >= deadline) {
			close(lock);
			free(path);
			return 1;
		}
		nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
	}
	free(path);
	st->err = 0;
	sqlite3_stmt *q = store_query(st, "SELECT id FROM outmail WHERE sent_at IS NULL AND cause = ?"
				      " ORDER BY id LIMIT 256", "i", cause);
	while (n < ARRAY_SIZE(ids) && store_row(st, q))
		ids[n++] = sqlite3_column_int64(q, 0);
	store_end(st, q);
	/* An outbox Maildir takes them as a batch: three syncs instead of four a mail. */
	if (cfg->outbox) {
		send_outbox_batch(st, cfg, ids, n, counted, res);
		n = 0;
	}
	for (size_t i = 0; i < n && !store_failed(st); i++) {
		double left = deadline - monotonic();
		struct config limited = *cfg;
		if (left < 1) {
			res->failed += (unsigned)(n - i);
			break;
		}
		/* No single sendmail may run past the budget either. */
		if (limited.sendmail_timeout > (unsigned)left)
			limited.sendmail_timeout = (unsigned)left;
		send_one(st, &limited, ids[i], counted, res);
	}
	if (unlock_queue(st, lock) < 0)
		return -1;
	return res->failed ? 1 : 0;
}

int outbox_flush_causes(struct store *st, const struct config *cfg, const int64_t *causes,
			size_t n_causes, bool counted, struct flush_result *res)
{
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int lock = lock_queue(cfg);

	memset(res, 0, sizeof *res);
	if (lock < 0)
		return -1;
	st->err = 0;
	store_begin_read(st);
	for (size_t c = 0; c < n_causes; c++) {
		sqlite3_stmt *q = store_query(st, "SELECT id FROM outmail WHERE sent_at IS NULL AND cause = ?"
					      " ORDER BY id", "i", causes[c]);
		while (store_row(st, q)) {
			if (n == cap)
				ids = xrealloc(ids, (cap = cap ? 2 * cap : 64) * sizeof *ids);
			ids[n++] = sqlite3_column_int64(q, 0);
		}
		store_end(st, q);
	}
	store_end_read(st);
	for (size_t at = 0; at < n && !store_failed(st); at += 256)
		send_ids(st, cfg, ids + at, n - at < 256 ? n - at : 256, counted, res);
	free(ids);
	if (unlock_queue(st, lock) < 0)
		return -1;
	return res->failed ? 1 : 0;
}
