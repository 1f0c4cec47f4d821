/* intake.c: records each incoming message once, sorts it and hands it on. */
#include <errno.h>
#include <sys/stat.h>
#include <time.h>

#include "act.h"
#include "address.h"
#include "autoreply.h"
#include "config.h"
#include "form.h"
#include "hash.h"
#include "intake.h"
#include "outbox.h"
#include "maildir.h"
#include "job.h"
#include "maillog.h"
#include "message.h"
#include "poison.h"
#include "sender.h"
#include "quote.h"
#include "request.h"
#include "sandbox.h"
#include "store.h"
#include "submit.h"
#include "token.h"
#include "util.h"




static void hash_span(void *h, const char *p, size_t n)
{
	hasher_add(h, p, n);
}

/* SHA-256 of the message without its trace fields (the same message, whatever the route: README, What bpomail guarantees). */
static void content_sha256(const char *raw, size_t len, char out[SHA256_HEX_LEN + 1])
{
	struct hasher h;

	hasher_init(&h);
	mailparse_content_spans(raw, len, hash_span, &h);
	hasher_hex(&h, out);
}

/*
 * The key a message is recorded under: its Message-ID, or the hash of its
 * content when it has none. The same id with other content is a reused
 * Message-ID (a broken client, or someone suppressing another's mail): it is
 * recorded under "<id>#<hash>". Returns NULL when this message was recorded
 * before. Databases from before trace fields were left out hold the hash of
 * the whole message: raw/len are hashed too when that may be the one.
 */
static char *message_key(struct store *st, const char *id, const char *sha, const char *raw,
			 size_t len)
{
	char *key = id ? xasprintf("<%s>", id) : xasprintf("sha256:%s", sha);

	for (int round = 0; round < 2 && !store_failed(st); round++) {
		char *stored = message_stored_sha(st, key);
		if (!stored)
			return key;
		bool same = strcmp(stored, sha) == 0;
		if (!same) {
			char whole[SHA256_HEX_LEN + 1];
			sha256_hex(raw, len, whole);
			same = strcmp(stored, whole) == 0;
		}
		free(stored);
		if (same || !id)
			break;
		free(key);
		key = xasprintf("<%s>#%s", id, sha);
	}
	free(key);
	return NULL;
}

/* RFC 3834 and bpomail(1), WHO MAY DO WHAT: mail that must never get an automatic answer. */
static const char *automatic_reason(const struct inmail *m)
{
	if (m->our_loop)
		return "draagt de eigen loop-header van bpomail";
	if (m->auto_submitted && !str_eq_nocase(m->auto_submitted, "no"))
		return "Auto-Submitted: automatisch bericht";
	if (m->precedence && (str_eq_nocase(m->precedence, "bulk") ||
			      str_eq_nocase(m->precedence, "list") ||
			      str_eq_nocase(m->precedence, "junk") ||
			      str_eq_nocase(m->precedence, "auto_reply")))
		return "Precedence: bulk, list of junk";
	if (m->list_mail)
		return "bericht van een mailinglijst";
	if (m->x_autoreply)
		return "automatisch antwoord (X-Autoreply)";
	if (m->return_path && !*m->return_path)
		return "lege afzender (bounce)";
	if (m->is_report)
		return "afleverbericht (multipart/report)";
	if (m->from_addr && (str_starts_with(m->from_addr, "mailer-daemon@") ||
			     str_starts_with(m->from_addr, "postmaster@")))
		return "afzender is een mailserver";
	return NULL;
}

/* "(antwoordcode TOKEN)" in the subject of a mail made by a one-click action. */
static char *subject_token(const char *subject)
{
	static const char mark[] = "antwoordcode ";
	static const char base32[] = "abcdefghijklmnopqrstuvwxyz234567";

	for (const char *p = strstr(subject, mark); p; p = strstr(p + 1, mark)) {
		const char *t = p + sizeof mark - 1;
		if (strspn(t, base32) == TOKEN_LEN)
			return xstrndup(t, TOKEN_LEN);
	}
	return NULL;
}

/* The reply token: in the envelope or a header recipient, the subject, else in the ids it answers. */
static char *find_token(const struct job *j)
{
	const char *sys = j->cfg->address;
	char *t;
	char buf[TOKEN_LEN + 1];

	if (j->ix->recipient && (t = addr_token(j->ix->recipient, sys)) != NULL)
		return t;
	for (size_t i = 0; i < j->in.recipients.n; i++)
		if ((t = addr_token(j->in.recipients.item[i], sys)) != NULL)
			return t;
	if ((t = subject_token(j->in.subject)) != NULL)
		return t;
	if (j->in.in_reply_to && token_from_message_id(j->in.in_reply_to, buf))
		return xstrdup(buf);
	for (size_t i = j->in.references.n; i > 0; i--)
		if (token_from_message_id(j->in.references.item[i - 1], buf))
			return xstrdup(buf);
	return NULL;
}

/* "[BPO-2027-0042]" anywhere in the subject. */
static char *subject_kenmerk(const char *subject)
{
	for (const char *p = strstr(subject, "[BPO-"); p; p = strstr(p + 1, "[BPO-")) {
		const char *q = p + 5;
		size_t y = strspn(q, "0123456789");
		if (y != 4 || q[4] != '-')
			continue;
		size_t n = strspn(q + 5, "0123456789");
		if (n >= 4 && n <= 6 && q[5 + n] == ']')
			return xstrndup(p + 1, 4 + 5 + n);
	}
	return NULL;
}

static void route(struct job *j, const char *automatic)
{
	char *kenmerk = j->subject_kenmerk = subject_kenmerk(j->in.subject);
	char *token = find_token(j);
	struct request rq = { 0 };
	int64_t rid;
	enum role role;
	bool found = false;

	if (token && token_parse(token, &rid, &role))
		found = request_load(j->st, rid, &rq) == 0;
	if (!found && kenmerk)
		found = request_load_kenmerk(j->st, kenmerk, &rq) == 0;
	if (automatic) {
		autoreply_handle(j, found ? &rq : NULL, automatic);
	} else if (found) {
		act_handle(j, &rq, token);
	} else if (kenmerk) {
		struct letters L;
		struct tvars extra = TVARS_INIT;
		if (j->n_dir == 0) {
			job_outcome(j, "quarantaine", "onbekende afzender, onbekend kenmerk");
		} else {
			letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, NULL);
			tvars_set(&extra, "kenmerk", kenmerk);
			letter_send(&L, "onbekend-kenmerk", ROLE_NONE, j->dir[0].name, j->dir[0].email,
				    &extra, NULL, 0);
			letters_free(&L);
			tvars_free(&extra);
			job_outcome(j, "geweigerd", "onbekend kenmerk");
		}
	} else {
		submit_handle(j, NULL);
	}
	request_clear(&rq);
	free(token);
}

/* The message row comes first: events, documents and replies refer to it. */
static void record(struct job *j, const char *key, const char *sha)
{
	j->msg_id = message_record(j->st, key, sha, j->at);
}

/* What is kept of the message itself: no BSN anywhere (bpomail(1), PRIVACY), so neither its subject nor its bytes then. */
static void finish(struct job *j, const char *raw, size_t len)
{
	bool bsn = job_has_bsn(j) || (j->in.text && form_has_bsn(j->in.text));
	bool keep_raw = strcmp(j->outcome, "quarantaine") == 0 && !bsn;

	message_finish(j->st, j->msg_id, j->in.from_addr,
		       bsn ? "(niet bewaard: bevatte een BSN of onderwijsnummer)" : j->in.subject,
		       j->outcome, j->reason, keep_raw ? raw : NULL, len);
}

/* The scan's (or deliver's) child when there is one, else a child for this message alone. */
static int parse(struct intake *ix, const char *raw, size_t len, struct inmail *m, char **why)
{
	if (!ix->sandbox)
		return sandbox_parse(raw, len, m, why);
	int r = sandbox_ask(ix->sandbox, raw, len, m, why);
	/* scan: the child parses the next message while this one is recorded. */
	if (ix->ahead) {
		sandbox_send_ahead(ix->sandbox, ix->ahead, ix->ahead_len);
		ix->ahead = NULL;
	}
	return r;
}

static void process(struct job *j, const char *raw, size_t len)
{
	char *why = NULL;
	const char *automatic;

	if (parse(j->ix, raw, len, &j->in, &why) < 0) {
		job_outcome(j, "quarantaine", why);
		free(why);
		return;
	}
	if (j->in.n_from != 1 || !j->in.from_addr || !addr_valid(j->in.from_addr)) {
		job_outcome(j, "quarantaine", "geen leesbare afzender (From)");
		return;
	}
	automatic = automatic_reason(&j->in);
	j->top = quote_strip(j->in.text);
	j->n_dir = directory_by_address(j->st, j->in.from_addr, j->dir, JOB_DIRECTORY_ROLES);
	route(j, automatic);
}

/* "64 kB", "25 MB": sizes as a sender reads them (caller frees). */
static char *size_text(size_t bytes)
{
	if (bytes < 1024 * 1024)
		return xasprintf("%zu kB", (bytes + 1023) / 1024);
	return xasprintf("%.1f MB", (double)bytes / (1024.0 * 1024.0));
}

/* Only the header block of a message that is too large is read. */
static void process_oversized(struct job *j, const char *head, size_t len, size_t total)
{
	const char *end = head;
	char *why = NULL;

	/* The header block ends at the first empty line. */
	while ((end = memchr(end, '\n', len - (size_t)(end - head))) != NULL) {
		end++;
		if ((size_t)(end - head) >= len || *end == '\n' || (*end == '\r' && end[1] == '\n'))
			break;
	}
	size_t hlen = end ? (size_t)(end - head) : len;
	char *size = size_text(total), *limit = size_text(j->cfg->max_message_size);
	char *reason = xasprintf("het bericht is %s; de grens is %s", size, limit);
	job_outcome(j, "te-groot", reason);
	if (parse(j->ix, head, hlen, &j->in, &why) == 0 && j->in.n_from == 1 && j->in.from_addr &&
	    !automatic_reason(&j->in)) {
		j->n_dir = directory_by_address(j->st, j->in.from_addr, j->dir, JOB_DIRECTORY_ROLES);
		if (j->n_dir) {
			struct letters L;
			struct tvars v = TVARS_INIT;
			tvars_set(&v, "reden", reason);
			tvars_set(&v, "grens", limit);
			letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, NULL);
			letter_send(&L, "te-groot", j->dir[0].role, j->dir[0].name, j->in.from_addr, &v,
				    NULL, 0);
			letters_free(&L);
			tvars_free(&v);
		}
	}
	free(why);
	free(reason);
	free(size);
	free(limit);
}

static void job_free(struct job *j)
{
	free(j->top);
	free(j->reason);
	free(j->subject_kenmerk);
	free(j->form_found);
	free(j->note);
	for (size_t i = 0; i < j->n_dir; i++)
		person_clear(&j->dir[i]);
	inmail_free(&j->in);
}

/*
 * A message's transaction: its own, or in a batch (intake_maildir) a
 * savepoint in the batch's transaction, committed with the batch.
 */
static int unit_begin(struct intake *ix)
{
	if (!ix->batch)
		return store_begin(ix->st);
	if (!ix->st->in_tx && store_begin(ix->st) < 0)
		return -1;
	ix->batch_size++;
	return store_savepoint(ix->st);
}

/* -1: the message is not recorded; in a batch, batch_lost says whether the batch so far went with it. */
static int unit_end(struct intake *ix)
{
	if (!ix->batch)
		return store_commit(ix->st);
	if (store_release(ix->st) < 0) {
		ix->batch_lost = !ix->st->in_tx;
		return -1;
	}
	return 0;
}

static void unit_undo(struct intake *ix)
{
	if (!ix->batch)
		store_rollback(ix->st);
	else if (store_undo(ix->st) < 0)
		ix->batch_lost = true;
}

/*
 * The last resort for a message whose processing failed for a reason no
 * retry cures (a constraint, a value too big): it is recorded in the
 * quarantine, with why, and nothing else happens. Every message ends
 * recorded (bpomail(1), EXIT STATUS).
 */
static enum intake_result quarantine_only(struct intake *ix, const char *raw, size_t len,
					  const char *sha, const char *why)
{
	char at[21], *id, *key;
	enum intake_result result = INTAKE_RECORDED;

	iso_time(now(), at);
	if (unit_begin(ix) < 0) {
		warnx("4.3.0 database unavailable: %s", ix->st->errmsg);
		return INTAKE_RETRY;
	}
	id = mailparse_message_id(raw, len);
	key = message_key(ix->st, id, sha, raw, len);
	free(id);
	if (!key && !store_failed(ix->st)) {
		unit_undo(ix);
		return INTAKE_DUPLICATE;
	}
	message_quarantine(ix->st, key, sha, at, why, raw, len);
	if (unit_end(ix) < 0) {
		warnx("4.3.0 not recorded, try again later: %s", ix->st->errmsg);
		result = INTAKE_RETRY;
	}
	free(key);
	return result;
}

static enum intake_result intake(struct intake *ix, const char *raw, size_t len, size_t total)
{
	struct job j = { .ix = ix, .st = ix->st, .cfg = ix->cfg, .outcome = "verwerkt" };
	char sha[65], *id, *key;
	enum intake_result result = INTAKE_RECORDED;
	int crashed;

	content_sha256(raw, len, sha);
	crashed = poison_begin(ix->cfg->database, sha);
	iso_time(now(), j.at);
	if (unit_begin(ix) < 0) {
		warnx("4.3.0 database unavailable: %s", ix->st->errmsg);
		return INTAKE_RETRY;
	}
	if (ix->release_id)
		message_delete_quarantined(ix->st, ix->release_id);
	id = mailparse_message_id(raw, len);
	key = message_key(ix->st, id, sha, raw, len);
	if (!key && !store_failed(ix->st)) {
		unit_undo(ix);
		poison_end();
		key = id ? xasprintf("<%s>", id) : xasprintf("sha256:%s", sha);
		maillog_message(key, "seen before", NULL);
		free(key);
		free(id);
		return INTAKE_DUPLICATE;
	}
	free(id);
	record(&j, key, sha);
	if (crashed >= POISON_CRASHES) {
		char *why = xasprintf("bpomail brak %d keer af op dit bericht; het is niet verwerkt",
				      crashed);
		job_outcome(&j, "quarantaine", why);
		free(why);
	} else if (total > len) {
		process_oversized(&j, raw, len, total);
	} else {
		process(&j, raw, len);
	}
	finish(&j, raw, len);
	char *kenmerk = message_kenmerk(ix->st, j.msg_id);
	snprintf(ix->outcome, sizeof ix->outcome, "%s", j.outcome);
	snprintf(ix->kenmerk, sizeof ix->kenmerk, "%s", kenmerk ? kenmerk : "");
	free(kenmerk);
	/* The answers are sent next: their attempt counts in this commit (outbox_count_attempts). */
	if (ix->count_attempts && strcmp(j.outcome, "quarantaine") != 0)
		outbox_count_attempts(ix->st, j.msg_id);
	if (store_failed(ix->st) && store_failed_for_good(ix->st)) {
		char *why = xasprintf("bpomail kon dit bericht niet verwerken (%s); het is niet "
				      "beantwoord", ix->st->errmsg);
		warnx("%s", why);
		unit_undo(ix);
		result = ix->batch_lost ? INTAKE_RETRY : quarantine_only(ix, raw, len, sha, why);
		free(why);
		snprintf(ix->outcome, sizeof ix->outcome, "quarantaine");
		ix->kenmerk[0] = '\0';
	} else if (unit_end(ix) < 0) {
		warnx("4.3.0 not recorded (or not for certain), try again later: %s", ix->st->errmsg);
		result = INTAKE_RETRY;
	}
	ix->message_row = result == INTAKE_RECORDED && strcmp(ix->outcome, "quarantaine") != 0 ? j.msg_id : 0;
	if (result == INTAKE_RECORDED)
		maillog_message(key, ix->outcome, *ix->kenmerk ? ix->kenmerk : NULL);
	/*
	 * In a batch the message's writes wait for the commit: a crash in it
	 * counts against the messages held for it. One that crashed bpomail
	 * before is committed at once, so it does not stay suspect for long.
	 */
	if (result != INTAKE_RETRY && !ix->batch)
		poison_end();
	else if (result != INTAKE_RETRY && (poison_hold() < 0 || crashed > 0))
		ix->commit_now = true;
	free(key);
	job_free(&j);
	return result;
}

enum intake_result intake_message(struct intake *ix, const char *raw, size_t len)
{
	size_t from = mailparse_mbox_from_len(raw, len);

	return intake(ix, raw + from, len - from, len - from);
}

enum intake_result intake_oversized(struct intake *ix, const char *head, size_t len, size_t total)
{
	size_t from = mailparse_mbox_from_len(head, len);

	return intake(ix, head + from, len - from, total - from);
}

static long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Ends the batch: 0 when every message of it is recorded (or there was none). */
static int batch_commit(struct intake *ix)
{
	struct store *st = ix->st;
	int rc = 0;

	if (ix->batch_lost) {
		store_rollback(st);
		rc = -1;
	} else if (st->in_tx) {
		/* Every message in it was kept or undone: a failure seen since is not in it. */
		st->err = 0;
		poison_commit_begin();
		if (store_commit(st) < 0) {
			warnx("4.3.0 %zu messages not recorded (or not for certain), try again later: %s",
			      ix->batch_size, st->errmsg);
			rc = -1;
		}
	}
	poison_commit_end(rc == 0);
	if (ix->commit_now) {
		if (rc == 0)
			poison_end();   /* a message poison_hold had no room for */
		ix->commit_now = false;
	}
	ix->batch_lost = false;
	ix->batch_size = 0;
	return rc;
}

_Static_assert(INTAKE_BATCH_MESSAGES <= POISON_HELD, "a batch's messages are all held for its commit");

enum { GONE = -1 };   /* a file another scan took first */

/* A message file of new/, read. */
struct loaded {
	char *path;
	struct buf raw;
	int read;     /* read_file's: 0, -1 with err, -2 too large */
	int err;
};

static void load(struct intake *ix, const char *dir, const char *name, struct loaded *l)
{
	l->path = xasprintf("%s/new/%s", dir, name);
	l->raw = (struct buf)BUF_INIT;
	l->read = read_file(l->path, ix->cfg->max_message_size, &l->raw);
	l->err = errno;
}

static void unload(struct loaded *l)
{
	buf_free(&l->raw);
	free(l->path);
	l->path = NULL;
}

static int intake_loaded(struct intake *ix, struct loaded *l)
{
	struct stat sb;
	int r;

	if (l->read == -2) {
		r = intake_oversized(ix, buf_str(&l->raw), l->raw.len,
				     stat(l->path, &sb) == 0 ? (size_t)sb.st_size : l->raw.len + 1);
	} else if (l->read == -1) {
		r = l->err == ENOENT ? GONE : INTAKE_RETRY;
		if (r != GONE)
			warnx("%s: %s", l->path, strerror(l->err));
	} else {
		r = intake_message(ix, buf_str(&l->raw), l->raw.len);
	}
	return r;
}

/* The next message's bytes as intake_message will hand them to the parser, sent ahead. */
static void parse_ahead(struct intake *ix, const struct loaded *next)
{
	const char *raw = buf_str(&next->raw);
	size_t from = mailparse_mbox_from_len(raw, next->raw.len);

	ix->ahead = NULL;
	if (next->read == 0 && ix->sandbox) {
		ix->ahead = raw + from;
		ix->ahead_len = next->raw.len - from;
	}
}

/* The answers of a committed batch's messages (their rows in rows[0..n), 0 for none), sent now. */
static void send_batch(struct intake *ix, const int64_t *rows, size_t n)
{
	int64_t causes[INTAKE_BATCH_MESSAGES];
	size_t k = 0;
	struct flush_result sent;

	for (size_t i = 0; i < n && k < ARRAY_SIZE(causes); i++)
		if (rows[i])
			causes[k++] = rows[i];
	if (k && !(ix->sender && ix->count_attempts && sender_give(ix->sender, causes, k) == 0))
		outbox_flush_causes(ix->st, ix->cfg, causes, k, ix->count_attempts, &sent);
}

int intake_maildir(struct intake *ix, const char *dir, const struct strlist *names,
		   unsigned *done, unsigned *dup)
{
	int *res = xcalloc(names->n + 1, sizeof *res);
	int64_t *rows = xcalloc(names->n + 1, sizeof *rows);
	size_t first = 0;
	long long started = 0;
	int rc = EXIT_OK;
	struct sandbox sb = SANDBOX_INIT, *own = ix->sandbox ? NULL : &sb;

	/* One parsing child for the scan, not a fork per message (a crash still costs only its message). */
	if (own)
		ix->sandbox = own;
	ix->batch = true;
	struct loaded cur = { 0 }, next = { 0 };
	for (size_t i = 0; i < names->n && rc == EXIT_OK; i++) {
		if (i == first)
			started = monotonic_ms();
		if (next.path) {
			cur = next;
			next.path = NULL;
		} else {
			load(ix, dir, names->item[i], &cur);
		}
		/* Read one ahead, so the parsing child can start on it as soon as this one is parsed. */
		if (i + 1 < names->n) {
			load(ix, dir, names->item[i + 1], &next);
			parse_ahead(ix, &next);
		}
		res[i] = intake_loaded(ix, &cur);
		ix->ahead = NULL;
		if (ix->sandbox)
			sandbox_forget(ix->sandbox, cur.raw.data, cur.raw.len);
		unload(&cur);
		rows[i] = res[i] == INTAKE_RECORDED ? ix->message_row : 0;
		if (res[i] == INTAKE_RETRY || ix->batch_lost)
			rc = EXIT_TEMPFAIL;
		if (rc == EXIT_OK && i + 1 < names->n && !ix->commit_now &&
		    ix->batch_size < INTAKE_BATCH_MESSAGES &&
		    monotonic_ms() - started < INTAKE_BATCH_MS)
			continue;
		/* Recorded for good, then out of new/: a kill between the two leaves
		 * messages in new/ that the next scan finds recorded. */
		if (batch_commit(ix) < 0) {
			rc = EXIT_TEMPFAIL;
			break;
		}
		for (size_t k = first; k <= i; k++) {
			if (res[k] != INTAKE_RECORDED && res[k] != INTAKE_DUPLICATE)
				continue;
			if (maildir_move_to_cur(dir, names->item[k]) < 0 && errno != ENOENT)
				warnx("%s/new/%s: cannot move to cur: %s", dir, names->item[k],
				      strerror(errno));
			*done += res[k] == INTAKE_RECORDED;
			*dup += res[k] == INTAKE_DUPLICATE;
		}
		if (ix->send_batches)
			send_batch(ix, rows + first, i + 1 - first);
		first = i + 1;
	}
	if (next.path) {
		if (ix->sandbox)
			sandbox_forget(ix->sandbox, next.raw.data, next.raw.len);
		unload(&next);
	}
	if (ix->st->in_tx || ix->batch_lost)
		batch_commit(ix);   /* nothing is left in it: a message that failed was undone */
	ix->batch = false;
	if (own) {
		sandbox_stop(own);
		ix->sandbox = NULL;
	}
	free(res);
	free(rows);
	return rc;
}
