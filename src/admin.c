/* admin.c: upkeep for the operator: CSV export, purging ended requests, reminders. */
#include "admin.h"
#include "config.h"
#include "date.h"
#include "directory.h"
#include "form_xml.h"
#include "notice.h"
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

/* Reminds the people whose step r waits for, and tells the SO-loket. */
static void remind_one(struct store *st, const struct config *cfg, const unsigned char secret[32],
		       struct request *r, const char *at)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(st, r->id, pp, BOUND_PARTICIPANTS);
	struct person loket[BOUND_LOKET];
	size_t nl = directory_with_role(st, ROLE_LOKET, loket, BOUND_LOKET);
	enum role next[2];
	struct letters L;
	struct tvars v = TVARS_INIT;

	workflow_next_roles(r->status, r->gates, next);
	letters_init(&L, st, cfg, secret, NULL, 0, r);
	letters_refresh(&L, pp, np);
	tvars_setf(&v, "dagen", "%u", cfg->remind_after_days);
	for (size_t i = 0; i < np; i++)
		if (pp[i].role == next[0] || (next[1] && pp[i].role == next[1]))
			letter_send(&L, "herinnering", pp[i].role, pp[i].name, pp[i].email, &v, NULL, 0);
	for (size_t i = 0; i < nl; i++) {
		letter_send(&L, "herinnering-loket", ROLE_LOKET, loket[i].name, loket[i].email, &v,
			    NULL, 0);
		person_clear(&loket[i]);
	}
	request_event(st, r, at, "herinnering", ROLE_NONE, NULL, NULL, NULL, 0);
	letters_free(&L);
	tvars_free(&v);
	participants_clear(pp, np);
}

int admin_remind(struct store *st, const struct config *cfg, const unsigned char secret[32])
{
	char at[21];
	unsigned sent = 0;
	int64_t ids[BOUND_REMINDERS];
	size_t n = 0;

	iso_time(now(), at);
	n = request_waiting(st, cfg->remind_after_days, ids, ARRAY_SIZE(ids));
	for (size_t i = 0; i < n; i++) {
		struct request r;
		if (store_begin(st) < 0)
			break;
		if (request_load(st, ids[i], &r) == 0) {
			remind_one(st, cfg, secret, &r, at);
			request_clear(&r);
		}
		if (store_commit(st) < 0)
			break;
		sent++;
	}
	if (store_failed(st)) {
		warnx("reminders stopped: %s", st->errmsg);
		return EXIT_TEMPFAIL;
	}
	printf("%u request%s reminded\n", sent, sent == 1 ? "" : "s");
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
	if (problems) {
		warnx("%d problem%s", problems, problems == 1 ? "" : "s");
		return EXIT_CONFIG;
	}
	printf("%s: configuration, database, schema and templates are fine\n", cfg->path);
	return EXIT_OK;
}
