/* quarantine.c: the operator's hands on quarantined mail: release, delete, retention, the daily report. */
#include <syslog.h>

#include "config.h"
#include "directory.h"
#include "intake.h"
#include "letter.h"
#include "message.h"
#include "quarantine.h"
#include "store.h"
#include "util.h"

/* The meta key: the last quarantined message the beheer role was told about. */
#define REPORTED_MARK "quarantine_reported"

static bool parse_id(const char *text, int64_t *id)
{
	unsigned long v;

	if (!text || !parse_uint(text, 1, 0x7fffffffUL, &v)) {
		warnx("'%s' is not a quarantine number (the first column of 'bpomail quarantine')",
		      text ? text : "");
		return false;
	}
	*id = (int64_t)v;
	return true;
}

int quarantine_release(struct intake *ix, const char *text)
{
	char *raw;
	size_t len;
	int64_t id;
	enum intake_result r;

	if (!parse_id(text, &id))
		return EXIT_USAGE;
	if (message_quarantined(ix->st, id, &raw, &len) < 0) {
		if (store_failed(ix->st)) {
			warnx("%s", ix->st->errmsg);
			return EXIT_TEMPFAIL;
		}
		warnx("no message %lld in the quarantine", (long long)id);
		return EXIT_DATAERR;
	}
	if (len == 0) {
		free(raw);
		warnx("message %lld was not kept (it held a BSN or onderwijsnummer): delete it",
		      (long long)id);
		return EXIT_DATAERR;
	}
	ix->release_id = id;
	r = intake_message(ix, raw, len);
	ix->release_id = 0;
	free(raw);
	if (r == INTAKE_RETRY)
		return EXIT_TEMPFAIL;
	if (r == INTAKE_DUPLICATE) {
		warnx("message %lld is the same as one recorded before: nothing done", (long long)id);
		return EXIT_DATAERR;
	}
	printf("message %lld released: %s%s%s\n", (long long)id, ix->outcome,
	       *ix->kenmerk ? ", request " : "", ix->kenmerk);
	syslog(LOG_INFO, "quarantine: message %lld released by the operator: %s", (long long)id,
	       ix->outcome);
	return EXIT_OK;
}

int quarantine_delete(struct store *st, const char *text)
{
	int64_t id, n;

	if (!parse_id(text, &id))
		return EXIT_USAGE;
	store_secure_delete(st);
	if (store_begin(st) < 0) {
		warnx("%s", st->errmsg);
		return EXIT_TEMPFAIL;
	}
	n = message_delete_quarantined(st, id);
	if (store_commit(st) < 0) {
		warnx("nothing deleted: %s", st->errmsg);
		return EXIT_TEMPFAIL;
	}
	if (n <= 0) {
		warnx("no message %lld in the quarantine", (long long)id);
		return EXIT_DATAERR;
	}
	printf("message %lld deleted from the quarantine\n", (long long)id);
	syslog(LOG_INFO, "quarantine: message %lld deleted by the operator", (long long)id);
	return EXIT_OK;
}

struct report {
	struct buf lines;
	unsigned n;
	int64_t last;
};

/* One line per message for the beheer role: when, from whom, why; never its subject (PRIVACY). */
static void report_one(int64_t id, const char *at, const char *key, const char *sender,
		       const char *subject, const char *reason, void *arg)
{
	struct report *r = arg;

	(void)key;
	(void)subject;
	if (r->n < 100)
		buf_addf(&r->lines, "- nr. %lld, %.10s %.5s: %s (%s)\n", (long long)id, at, at + 11,
			 *sender ? sender : "afzender onbekend", reason);
	else if (r->n == 100)
		buf_adds(&r->lines, "- en meer: zie 'bpomail quarantine'\n");
	r->n++;
	r->last = id;
}

static void send_report(struct store *st, const struct config *cfg, const unsigned char secret[32],
			struct report *r, size_t *told)
{
	struct person beheer[32];
	size_t nb = directory_with_role(st, ROLE_BEHEER, beheer, ARRAY_SIZE(beheer));
	struct letters L;
	struct tvars v = TVARS_INIT;

	*told = nb;
	letters_init(&L, st, cfg, secret, NULL, 0, NULL);
	tvars_setf(&v, "aantal", "%u", r->n);
	tvars_setf(&v, "dagen", "%u", cfg->quarantine_days);
	tvars_set(&v, "bericht", buf_str(&r->lines));
	for (size_t i = 0; i < nb; i++) {
		letter_send(&L, "quarantaine-beheer", ROLE_BEHEER, beheer[i].name, beheer[i].email, &v,
			    NULL, 0);
		person_clear(&beheer[i]);
	}
	letters_free(&L);
	tvars_free(&v);
}

int quarantine_upkeep(struct store *st, const struct config *cfg, const unsigned char secret[32])
{
	char before[21];
	int64_t purged;
	struct report r = { BUF_INIT, 0, 0 };
	size_t told = 0;

	iso_time(now() - (time_t)cfg->quarantine_days * 86400, before);
	store_secure_delete(st);
	if (store_begin(st) < 0) {
		warnx("%s", st->errmsg);
		return EXIT_TEMPFAIL;
	}
	purged = message_purge_quarantined(st, before);
	message_each_quarantined(st, message_mark(st, REPORTED_MARK), report_one, &r);
	if (r.n) {
		send_report(st, cfg, secret, &r, &told);
		if (told)
			message_set_mark(st, REPORTED_MARK, r.last);
	}
	if (store_commit(st) < 0) {
		warnx("upkeep not done: %s", st->errmsg);
		buf_free(&r.lines);
		return EXIT_TEMPFAIL;
	}
	buf_free(&r.lines);
	if (purged > 0)
		syslog(LOG_INFO, "quarantine: %lld message%s older than %u days deleted",
		       (long long)purged, purged == 1 ? "" : "s", cfg->quarantine_days);
	if (r.n && told)
		syslog(LOG_INFO, "quarantine: %u new message%s reported to beheer", r.n,
		       r.n == 1 ? "" : "s");
	if (r.n && !told)
		warnx("%u new message%s in the quarantine, and nobody in the directory has the role "
		      "beheer to tell", r.n, r.n == 1 ? "" : "s");
	printf("%lld quarantined message%s older than %u days deleted; ", (long long)purged,
	       purged == 1 ? "" : "s", cfg->quarantine_days);
	if (!r.n)
		printf("nothing new in the quarantine\n");
	else if (told)
		printf("%u new reported to beheer (%zu %s)\n", r.n, told, told == 1 ? "person" : "people");
	else
		printf("%u new, not reported: nobody has the role beheer\n", r.n);
	return EXIT_OK;
}
