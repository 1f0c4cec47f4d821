/* admin.c: upkeep for the operator: CSV export, purging ended requests, reminders. */
#include "admin.h"
#include "config.h"
#include "date.h"
#include "digest.h"
#include "directory.h"
#include "form_xml.h"
#include "notice.h"
#include "outbox.h"
#include "template.h"
#include "letter.h"
#include "request.h"
#include "store.h"
#include "util.h"

static void csv_field(struct buf *out, const char *s, bool last)
{
	s = s ? s : "";
	if (strpbrk(s, ",\"\r\n;")) {
		buf_addc(out, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_addc(out, '"');
			buf_addc(out, *s);
		}
		buf_addc(out, '"');
	} else {
		buf_adds(out, s);
	}
	buf_adds(out, last ? "\r\n" : ",");
}

static char *people_of(struct store *st, int64_t id, enum role role)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t n = participants_load(st, id, pp, BOUND_PARTICIPANTS);
	char *list = letter_people(pp, n, role);

	participants_clear(pp, n);
	return list;
}

struct export {
	struct store *st;
	struct buf out;
};

static void export_one(int64_t id, void *arg)
{
	struct export *e = arg;
	struct request r;
	char rh[16] = "", gh[16] = "";
	struct buf exp = BUF_INIT;

	if (request_load(e->st, id, &r) < 0)
		return;
	for (unsigned i = 0; i < EXPERTISE_COUNT; i++)
		if (r.expertise & (1u << i))
			buf_addf(&exp, "%s%s", exp.len ? " " : "", expertise_code(1u << i));
	hours_dot(r.req_hours_half, rh);
	if (r.granted_hours_half)
		hours_dot(r.granted_hours_half, gh);
	char *soco = people_of(e->st, r.id, ROLE_SOCO), *bpoer = people_of(e->st, r.id, ROLE_BPOER);
	const char *row[] = {
		r.kenmerk, status_name(r.status), niveau_name(r.niveau), r.school, r.brin,
		r.bestuur, r.groep, buf_str(&exp), rh, r.req_start, r.req_end, gh,
		r.granted_start, r.granted_end, soco, bpoer, r.created_at, r.updated_at,
	};
	for (size_t i = 0; i < ARRAY_SIZE(row); i++)
		csv_field(&e->out, row[i], i + 1 == ARRAY_SIZE(row));
	free(soco);
	free(bpoer);
	buf_free(&exp);
	request_clear(&r);
}

int admin_export_csv(struct store *st)
{
	static const char *const header[] = {
		"kenmerk", "status", "niveau", "school", "brin", "bestuur", "groep", "expertise",
		"gevraagd_uren", "gevraagd_start", "gevraagd_eind", "toegekend_uren",
		"toegekend_start", "toegekend_eind", "so_coordinator", "bpo_er", "aangemaakt",
		"bijgewerkt",
	};
	struct export e = { st, BUF_INIT };

	for (size_t i = 0; i < ARRAY_SIZE(header); i++)
		csv_field(&e.out, header[i], i + 1 == ARRAY_SIZE(header));
	request_each(st, ST_NONE, export_one, &e);
	fwrite(e.out.data, 1, e.out.len, stdout);
	buf_free(&e.out);
	return store_failed(st) ? EXIT_TEMPFAIL : EXIT_OK;
}

int admin_purge(struct store *st, const char *date)
{
	struct date d;
	char iso[11];
	int64_t n;

	if (!date || date_parse(date, &d) < 0) {
		warnx("purge --before needs a date, for example 2025-08-01");
		return EXIT_USAGE;
	}
	date_iso(&d, iso);
	/* Deleted pages are overwritten, not merely freed: "for good". */
	store_secure_delete(st);
	if (store_begin(st) < 0) {
		warnx("%s", st->errmsg);
		return EXIT_TEMPFAIL;
	}
	n = request_purge_before(st, iso);
	if (store_commit(st) < 0) {
		warnx("nothing purged: %s", st->errmsg);
		return EXIT_TEMPFAIL;
	}
	store_checkpoint(st);
	printf("%lld ended request%s from before %s removed for good\n", (long long)n,
	       n == 1 ? "" : "s", iso);
	return EXIT_OK;
}

/* Reminders (bpomail(1), remind): two per person and step, then the SO-loket is told once. */
#define REMINDERS_PER_STEP 2

/* The exact lines role may reply with now (notice_usage), indented, one per line. */
static char *reply_lines(const struct request *r, enum role role, const enum cmd *cmds, size_t n)
{
	struct state s = request_state(r);
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++)
		if (workflow_decide(s, role, cmds[i]).allowed)
			buf_addf(&b, "  %s\n", notice_usage(cmds[i], role));
	buf_truncate(&b, b.len ? b.len - 1 : 0);
	return buf_detach(&b);
}

/* The step's own commands, for the person reminded. */
static char *step_lines(const struct request *r, enum role role)
{
	static const enum cmd step[] = {
		CMD_AKKOORD, CMD_AFGEWEZEN, CMD_INCOMPLEET, CMD_TOESTEMMING, CMD_GEEN_TOESTEMMING,
		CMD_FORM, CMD_SOCO, CMD_BPOER, CMD_AFGEROND, CMD_TERUG, CMD_INTREKKEN,
	};
	return reply_lines(r, role, step, ARRAY_SIZE(step));
}

/* What the SO-loket can do about a step that stays open. */
static char *loket_lines(const struct request *r)
{
	static const enum cmd loket[] = {
		CMD_TB, CMD_AKKOORD, CMD_AFGEWEZEN, CMD_INCOMPLEET, CMD_SOCO, CMD_STOPPEN,
	};
	return reply_lines(r, ROLE_LOKET, loket, ARRAY_SIZE(loket));
}

/*
 * Whether the step r waits for is p's: a role next, or the ib for consent
 * when the form names no parent. The BPO-er's step is the work itself: it
 * is reminded only once the agreed end date has passed.
 */
static bool waits_for(const struct request *r, const struct participant *pp, size_t np,
		      const struct participant *p)
{
	enum role next[2];
	bool parents = false;
	struct date end, today = date_local((long long)now());

	if (r->status == ST_UITVOERING && r->granted_end && date_parse(r->granted_end, &end) == 0 &&
	    date_cmp(&today, &end) <= 0)
		return false;
	workflow_next_roles(r->status, r->gates, next);
	for (size_t i = 0; i < np; i++)
		parents |= pp[i].role == ROLE_OUDER;
	if (p->role == ROLE_IB && !parents && r->status == ST_VOORLOPIG &&
	    r->gates.consent == GATE_WAITING)
		return true;
	return p->role == next[0] || (next[1] && p->role == next[1]);
}

struct reminding {
	struct store *st;
	const struct config *cfg;
	struct request *r;
	char *since;                 /* when r entered its status */
	struct buf late;             /* who had their reminders, for the SO-loket */
	bool parents_late;           /* the parents are in late (by role only) */
	char late_at[21];            /* the newest of their last reminders */
	unsigned sent;
};

/* p had their reminders: on the SO-loket's list, parents by role only (no family data). */
static void note_late(struct reminding *rm, const struct participant *p, const char *last)
{
	if (p->role == ROLE_LOKET || (p->role == ROLE_OUDER && rm->parents_late))
		return;   /* the SO-loket itself: nobody to tell; the parents once */
	if (p->role == ROLE_OUDER)
		buf_addf(&rm->late, "%sde ouders/verzorgers", rm->late.len ? " en " : "");
	else
		buf_addf(&rm->late, "%sde %s (%s)", rm->late.len ? " en " : "", role_name(p->role),
			 p->name);
	rm->parents_late |= p->role == ROLE_OUDER;
	if (strcmp(last, rm->late_at) > 0)
		snprintf(rm->late_at, sizeof rm->late_at, "%s", last);
}

/* One person: a reminder with the exact lines, or, after two, on the SO-loket's list. */
static void remind_person(struct reminding *rm, struct letters *L, const struct participant *p)
{
	char last[21];
	int64_t n = outbox_count_since(rm->st, rm->r->id, "herinnering", p->email, rm->since, last);
	struct tvars v = TVARS_INIT;

	if (n >= REMINDERS_PER_STEP) {
		note_late(rm, p, last);
		return;
	}
	char *lines = step_lines(rm->r, p->role);
	tvars_setf(&v, "dagen", "%u", rm->cfg->remind_after_days);
	tvars_set(&v, "opties", lines);
	tvars_set(&v, "aantal", n == 0 ? "eerste" : "tweede");
	tvars_set(&v, "loket", p->role == ROLE_LOKET ? "" : "het SO-loket");
	if (p->role == ROLE_OUDER)
		tvars_set(&v, "status", "");   /* no status codes for parents */
	rm->sent += letter_send(L, "herinnering", p->role, p->name, p->email, &v, NULL, 0) > 0;
	free(lines);
	tvars_free(&v);
}

/* Tells every SO-loket coordinator, once, who did not act after their reminders. */
static void tell_loket(struct reminding *rm, struct letters *L)
{
	char last[21];
	struct person loket[BOUND_LOKET];
	size_t nl;
	struct tvars v = TVARS_INIT;
	char *lines;

	if (!rm->late.len ||
	    outbox_count_since(rm->st, rm->r->id, "herinnering-loket", NULL, rm->late_at, last) > 0)
		return;
	nl = directory_with_role(rm->st, ROLE_LOKET, loket, BOUND_LOKET);
	lines = loket_lines(rm->r);
	tvars_setf(&v, "dagen", "%u", rm->cfg->remind_after_days);
	tvars_set(&v, "volgende", buf_str(&rm->late));
	tvars_set(&v, "opties", lines);
	tvars_set(&v, "aantal", "twee");   /* REMINDERS_PER_STEP */
	for (size_t i = 0; i < nl; i++) {
		rm->sent += letter_send(L, "herinnering-loket", ROLE_LOKET, loket[i].name,
					loket[i].email, &v, NULL, 0) > 0;
		person_clear(&loket[i]);
	}
	free(lines);
	tvars_free(&v);
}

/* Reminds the people whose step r waits for; after two reminders the SO-loket is told instead. */
static bool remind_one(struct store *st, const struct config *cfg, const unsigned char secret[32],
		       struct request *r, const char *at)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(st, r->id, pp, BOUND_PARTICIPANTS);
	struct reminding rm = { st, cfg, r, request_status_since(st, r->id), BUF_INIT, false, "", 0 };
	struct letters L;

	letters_init(&L, st, cfg, secret, NULL, 0, r);
	letters_refresh(&L, pp, np);
	for (size_t i = 0; i < np; i++)
		if (waits_for(r, pp, np, &pp[i]))
			remind_person(&rm, &L, &pp[i]);
	tell_loket(&rm, &L);
	if (rm.sent)
		request_event(st, r, at, "herinnering", ROLE_NONE, NULL, NULL, NULL, 0);
	letters_free(&L);
	buf_free(&rm.late);
	free(rm.since);
	participants_clear(pp, np);
	return rm.sent > 0;
}

int admin_remind(struct store *st, const struct config *cfg, const unsigned char secret[32])
{
	char at[21];
	unsigned sent = 0;
	int64_t ids[BOUND_REMINDERS];
	size_t n = 0;
	struct date today = date_local((long long)now());

	if (config_holiday(cfg, &today))
		return EXIT_OK;   /* school holidays (vakanties): no reminders */
	iso_time(now(), at);
	n = request_waiting(st, cfg->remind_after_days, ids, ARRAY_SIZE(ids));
	for (size_t i = 0; i < n; i++) {
		struct request r;
		bool any = false;
		if (store_begin(st) < 0)
			break;
		if (request_load(st, ids[i], &r) == 0) {
			any = remind_one(st, cfg, secret, &r, at);
			request_clear(&r);
		}
		if (store_commit(st) < 0)
			break;
		sent += any;
	}
	if (store_failed(st)) {
		warnx("reminders stopped: %s", st->errmsg);
		return EXIT_TEMPFAIL;
	}
	printf("%u request%s reminded\n", sent, sent == 1 ? "" : "s");   /* shown with -v only */
	if (n == ARRAY_SIZE(ids))
		warnx("at most %d requests are reminded at a time: run remind again for the rest",
		      BOUND_REMINDERS);
	return EXIT_OK;
}

int admin_check(struct store *st, const struct config *cfg)
{
	const char *const *names = notice_all_templates();
	static const unsigned char no_secret[32];
	struct letters L;
	int problems = 0;

	if (form_xml_init() < 0) {
		warnx("the built-in form schema does not compile");
		problems++;
	}
	letters_init(&L, st, cfg, no_secret, NULL, 0, NULL);
	tvars_set(&L.vars, "naam", "x");
	tvars_set(&L.vars, "rol", "x");
	for (size_t i = 0; names[i]; i++) {
		char *subject = NULL, *body = NULL, *err = NULL;
		if (template_render(cfg->templates, names[i], &L.vars, &subject, &body, &err) < 0) {
			warnx("%s", err);
			problems++;
		}
		free(subject);
		free(body);
		free(err);
	}
	letters_free(&L);
	char *err = NULL;
	if (digest_check_template(st, cfg, &err) < 0) {
		warnx("%s", err);
		problems++;
	}
	free(err);
	if (problems) {
		warnx("%d problem%s", problems, problems == 1 ? "" : "s");
		return EXIT_CONFIG;
	}
	printf("%s: configuration, database, schema and templates are fine\n", cfg->path);
	return EXIT_OK;
}
