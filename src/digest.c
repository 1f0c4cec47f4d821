/* digest.c: the SO-loket's overview of open requests, and the notices it stands in for. */
#include "bounds.h"
#include "config.h"
#include "date.h"
#include "digest.h"
#include "directory.h"
#include "letter.h"
#include "outbox.h"
#include "request.h"
#include "store.h"
#include "template.h"
#include "util.h"

bool digest_holds(const struct config *cfg, const char *template, enum role role)
{
	/* Notices of a change that ask nothing of the SO-loket; the digest shows the new state. */
	static const char *const informational[] = { "melding-loket", "statuswijziging" };

	if (!cfg || !template || cfg->loket_notices != LOKET_DIGEST || role != ROLE_LOKET)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(informational); i++)
		if (strcmp(template, informational[i]) == 0)
			return true;
	return false;
}

/* One open request in the overview. */
struct item {
	struct request r;
	long long days;          /* whole days in its status, Amsterdam calendar */
	bool overdue;            /* longer than remind_after_days */
	struct date since;
};

struct digest {
	struct store *st;
	const struct config *cfg;
	struct date today;
	struct item *items;
	size_t n, more;          /* more: open requests past BOUND_DIGEST_REQUESTS */
	struct item *ended;      /* requests that ended since the previous digest */
	size_t n_ended, more_ended;
	char ended_since[21];
	struct person soco[BOUND_DIGEST_SOCOS];
	size_t n_soco;
};

/* "2027-01-10T09:12:00Z" as the date in Amsterdam; false when it is no such time. */
static bool local_date_of(const char *iso, struct date *out)
{
	struct tm tm = { 0 };

	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = date_local((long long)timegm(&tm));
	return true;
}

/* A request for more hours or time waits for the SO-loket since it was asked. */
static void extension_since(struct store *st, struct item *it)
{
	static const char *const asked[] = { "verlenging-gevraagd", NULL };
	struct history_line h;

	if (it->r.status != ST_UITVOERING || it->r.ext_by == ROLE_NONE ||
	    !request_last_event(st, it->r.id, asked, &h))
		return;
	local_date_of(h.at, &it->since);
	history_clear(&h, 1);
}

/* Loads request id into the next free item of items[]; false when it cannot. */
static bool load_item(const struct digest *dg, struct item *it, int64_t id, const char *since)
{
	memset(it, 0, sizeof *it);
	it->since = dg->today;
	local_date_of(since, &it->since);
	if (request_load(dg->st, id, &it->r) < 0)
		return false;
	extension_since(dg->st, it);
	it->days = date_days_between(&it->since, &dg->today);
	if (it->days < 0)
		it->days = 0;
	it->overdue = it->days > (long long)dg->cfg->remind_after_days;
	return true;
}

static void collect_open(int64_t id, const char *since, void *arg)
{
	struct digest *dg = arg;

	if (dg->n == BOUND_DIGEST_REQUESTS)
		dg->more++;
	else
		dg->n += load_item(dg, &dg->items[dg->n], id, since);
}

static void collect_ended(int64_t id, const char *at, void *arg)
{
	struct digest *dg = arg;

	if (dg->n_ended == BOUND_DIGEST_REQUESTS)
		dg->more_ended++;
	else if (load_item(dg, &dg->ended[dg->n_ended], id, at))
		dg->ended[dg->n_ended++].overdue = false;
}

/* Since the previous digest; the first one looks back remind_after_days. */
static void ended_since(struct digest *dg)
{
	outbox_last_made(dg->st, "digest-loket", dg->ended_since);
	if (!*dg->ended_since)
		iso_time(now() - (time_t)dg->cfg->remind_after_days * 86400, dg->ended_since);
}

/* Overdue first; then by status in the order of the process; the longest wait first. */
static int item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if (a->r.status != b->r.status)
		return (int)a->r.status - (int)b->r.status;
	if (a->days != b->days)
		return a->days > b->days ? -1 : 1;
	return a->r.id < b->r.id ? -1 : a->r.id > b->r.id;
}

/* "1 maart 2027": a date for a command line, without the weekday. */
static void date_short(const char *iso, char out[40])
{
	struct date d;
	char text[40];
	const char *sp;

	out[0] = '\0';
	if (!iso || date_parse(iso, &d) < 0)
		return;
	date_long_nl(&d, text);
	sp = strchr(text, ' ');
	snprintf(out, 40, "%s", sp ? sp + 1 : text);
}

/* "wacht 9 dagen" or "wacht sinds vandaag"; the date follows the person (since_text). */
static void wait_text(struct buf *out, const struct item *it)
{
	if (it->days == 0)
		buf_adds(out, "wacht sinds vandaag");
	else
		buf_addf(out, "wacht %lld %s", it->days, it->days == 1 ? "dag" : "dagen");
}

static void since_text(struct buf *out, const struct item *it)
{
	char since[40];

	if (it->days == 0)
		return;
	date_long_nl(&it->since, since);
	buf_addf(out, ", sinds %s", since);
}

/* Text from the directory or a form, safe inside an action and on one line. */
static char *one_line(const char *s)
{
	char *t = xstrdup(s ? s : "");

	for (char *p = t; *p; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t' || *p == '|' || *p == '[' || *p == ']')
			*p = ' ';
	return t;
}

/* Who acts next, by role and name; parents by role only (the SO-loket sees no family data). */
static void who_text(struct buf *out, struct store *st, const struct request *r)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(st, r->id, pp, BOUND_PARTICIPANTS);
	enum role next[2];

	workflow_next_roles(r->status, r->gates, next);
	if (r->status == ST_UITVOERING && r->ext_by != ROLE_NONE) {
		next[0] = ROLE_LOKET;   /* a request for more hours or time waits for the SO-loket */
		next[1] = ROLE_NONE;
	}
	for (int k = 0; k < 2 && next[k]; k++) {
		buf_adds(out, k ? " en " : "");
		if (next[k] == ROLE_LOKET) {
			buf_adds(out, "het SO-loket (u)");
			continue;
		}
		if (next[k] == ROLE_OUDER) {
			buf_adds(out, "de ouders/verzorgers (toestemming)");
			continue;
		}
		buf_addf(out, "de %s", role_name(next[k]));
		size_t named = 0;
		for (size_t i = 0; i < np; i++) {
			if (pp[i].role != next[k])
				continue;
			char *name = one_line(pp[i].name);
			buf_addf(out, "%s%s", named++ ? ", " : " (", name);
			free(name);
		}
		buf_adds(out, named ? ")" : "");
	}
	participants_clear(pp, np);
}

/* One-click actions (the syntax letter.c turns into links): [[Label|Body|#ID]]. */
static void action(struct buf *out, const char *label, const char *body, int64_t id)
{
	buf_addf(out, "[[%s|%s|#%lld]]\n", label, body, (long long)id);
}

/* "SO-coördinator: naam\nStartdatum: ...": the reply that chooses p, requested values filled in. */
static char *choose_body(const struct person *p, const struct request *r)
{
	char start[40], end[40], hours[16] = "";
	char *name = one_line(p->name);
	struct buf b = BUF_INIT;

	date_short(r->req_start, start);
	date_short(r->req_end, end);
	if (r->req_hours_half)
		hours_nl(r->req_hours_half, hours);
	buf_addf(&b, "SO-coördinator: %s", name);
	if (*start)
		buf_addf(&b, "\\nStartdatum: %s", start);
	if (*end)
		buf_addf(&b, "\\nEinddatum: %s", end);
	if (*hours)
		buf_addf(&b, "\\nUren: %s", hours);
	free(name);
	return buf_detach(&b);
}

static void action_choose(struct buf *out, const struct person *p, const struct request *r)
{
	char *org = one_line(p->organisation), *name = one_line(p->name);
	char *label = *org ? xasprintf("Doorzetten naar %s (%s)", org, name)
			   : xasprintf("Doorzetten naar %s", name);
	char *body = choose_body(p, r);

	action(out, label, body, r->id);
	free(label);
	free(body);
	free(org);
	free(name);
}

/* One action per SO-coördinator, those of the organisation the school prefers first. */
static void actions_indienen(struct buf *out, const struct digest *dg, const struct request *r)
{
	const char *pref = r->so_organisatie ? r->so_organisatie : "";

	for (int preferred = 1; preferred >= 0; preferred--)
		for (size_t i = 0; i < dg->n_soco; i++)
			if ((*pref && str_eq_nocase(dg->soco[i].organisation, pref)) == preferred)
				action_choose(out, &dg->soco[i], r);
	action(out, "Terugsturen: incompleet", "INCOMPLEET: ", r->id);
	action(out, "Afwijzen", "AFGEWEZEN: ", r->id);
}

static void actions_extension(struct buf *out, const struct request *r)
{
	action(out, "Verlenging toekennen", "VERLENGING AKKOORD", r->id);
	action(out, "Verlenging afwijzen", "VERLENGING AFGEWEZEN: ", r->id);
}

/* "- BPO-2027-0001, Basisschool De Linde, groep 5 (niveau groep)": no pupil data. */
static void request_line(struct buf *out, const struct request *r)
{
	char *school = one_line(r->school), *groep = one_line(r->groep);

	buf_addf(out, "- %s, %s", r->kenmerk, school);
	if (*groep)
		buf_addf(out, ", groep %s", groep);
	buf_addf(out, " (niveau %s)", niveau_name(r->niveau));
	free(school);
	free(groep);
}

/* One open request: who it is, how long and for whom it waits, the SO-loket's actions. */
static void entry(struct buf *out, const struct digest *dg, const struct item *it)
{
	const struct request *r = &it->r;
	bool extension = r->status == ST_UITVOERING && r->ext_by != ROLE_NONE;

	request_line(out, r);
	buf_adds(out, "\n  ");
	wait_text(out, it);
	buf_adds(out, " op ");
	who_text(out, dg->st, r);
	since_text(out, it);
	buf_adds(out, extension ? "; er is een verlenging gevraagd\n" : "\n");
	if (r->status == ST_INDIENEN)
		actions_indienen(out, dg, r);
	else if (extension)
		actions_extension(out, r);
	buf_adds(out, "\n");
}

/* "- BPO-2027-0004, ...: afgesloten op maandag 15 maart 2027 met de status BPO>afgewezen". */
static void ended_part(struct buf *out, const struct digest *dg)
{
	size_t end = out->len + BOUND_DIGEST_TEXT / 4, i;
	char day[40];

	if (!dg->n_ended)
		return;
	buf_adds(out, "AFGESLOTEN SINDS HET VORIGE OVERZICHT\n\n");
	for (i = 0; i < dg->n_ended && out->len <= end; i++) {
		const struct request *r = &dg->ended[i].r;
		date_long_nl(&dg->ended[i].since, day);
		request_line(out, r);
		buf_addf(out, ": afgesloten op %s met de status %s\n", day, status_name(r->status));
	}
	if (dg->n_ended - i + dg->more_ended)
		buf_addf(out, "En nog %zu afgesloten aanvragen.\n", dg->n_ended - i + dg->more_ended);
}

/*
 * The list: the overdue requests, the others (each part by status with a
 * heading), then those that ended; within BOUND_DIGEST_TEXT bytes, the rest
 * counted, so the mail stays under the template output limit.
 */
static char *overview(const struct digest *dg)
{
	struct buf out = BUF_INIT;
	size_t more = dg->more;

	for (size_t i = 0; i < dg->n; i++) {
		const struct item *it = &dg->items[i];
		if (out.len > BOUND_DIGEST_TEXT) {
			more += dg->n - i;
			break;
		}
		bool part = i == 0 || it->overdue != dg->items[i - 1].overdue;
		if (part && it->overdue)
			buf_addf(&out, "TE LANG ZONDER REACTIE (langer dan %u dagen)\n\n",
				 dg->cfg->remind_after_days);
		else if (part)
			buf_addf(&out, "%s\n\n", i ? "OVERIGE OPEN AANVRAGEN" : "OPEN AANVRAGEN");
		if (part || it->r.status != dg->items[i - 1].r.status)
			buf_addf(&out, "Status %s:\n\n", status_name(it->r.status));
		entry(&out, dg, it);
	}
	if (more)
		buf_addf(&out, "En nog %zu open aanvragen die niet in dit overzicht passen; "
			 "de beheerder kan u de volledige lijst geven.\n\n", more);
	ended_part(&out, dg);
	while (out.len && out.data[out.len - 1] == '\n')
		buf_truncate(&out, out.len - 1);
	return buf_detach(&out);
}

static size_t count_overdue(const struct digest *dg)
{
	size_t n = 0;

	for (size_t i = 0; i < dg->n; i++)
		n += dg->items[i].overdue;
	return n;
}

static void digest_vars(const struct digest *dg, struct tvars *v)
{
	char today[40];
	char *list = overview(dg);
	size_t late = count_overdue(dg);

	date_long_nl(&dg->today, today);
	tvars_set(v, "datum", today);
	tvars_setf(v, "aantal", "%zu", dg->n + dg->more);
	if (dg->n + dg->more == 0)
		tvars_set(v, "aantal", "geen");
	tvars_set(v, "aanvragen", dg->n + dg->more == 1 ? "aanvraag" : "aanvragen");
	tvars_set(v, "enkelvoud", dg->n + dg->more == 1 ? "ja" : "");
	tvars_set(v, "te_lang", "");
	if (late)
		tvars_setf(v, "te_lang", "Daarvan %s er %zu al langer dan %u dagen op een reactie; "
			   "deze %s bovenaan.", late == 1 ? "wacht" : "wachten", late,
			   dg->cfg->remind_after_days, late == 1 ? "staat" : "staan");
	tvars_setf(v, "dagen", "%u", dg->cfg->remind_after_days);
	tvars_set_private(v, "overzicht", list);
	free(list);
}

/* One mail to every coordinator of the SO-loket, in one transaction. */
static int send_all(struct digest *dg, const unsigned char secret[32], unsigned *sent)
{
	struct person loket[BOUND_LOKET];
	size_t nl = directory_with_role(dg->st, ROLE_LOKET, loket, BOUND_LOKET);
	struct letters L;
	struct tvars v = TVARS_INIT;

	*sent = 0;
	digest_vars(dg, &v);
	letters_init(&L, dg->st, dg->cfg, secret, NULL, 0, NULL);
	if (nl && store_begin(dg->st) == 0) {
		for (size_t i = 0; i < nl; i++)
			*sent += letter_send(&L, "digest-loket", ROLE_LOKET, loket[i].name,
					     loket[i].email, &v, NULL, 0) > 0;
		if (store_commit(dg->st) < 0)
			*sent = 0;
	}
	for (size_t i = 0; i < nl; i++)
		person_clear(&loket[i]);
	letters_free(&L);
	tvars_free(&v);
	return store_failed(dg->st) ? -1 : 0;
}

static void digest_clear(struct digest *dg)
{
	for (size_t i = 0; i < dg->n; i++)
		request_clear(&dg->items[i].r);
	for (size_t i = 0; i < dg->n_ended; i++)
		request_clear(&dg->ended[i].r);
	free(dg->ended);
	for (size_t i = 0; i < dg->n_soco; i++)
		person_clear(&dg->soco[i]);
	free(dg->items);
}

int digest_send(struct store *st, const struct config *cfg)
{
	struct digest dg = { .st = st, .cfg = cfg };
	unsigned char secret[32];
	unsigned sent = 0;
	int rc = EXIT_OK;

	if (store_secret(st, secret) < 0) {
		warnx("%s", st->errmsg);
		return EXIT_TEMPFAIL;
	}
	dg.today = date_local((long long)now());
	dg.items = xcalloc(BOUND_DIGEST_REQUESTS, sizeof *dg.items);
	dg.ended = xcalloc(BOUND_DIGEST_REQUESTS, sizeof *dg.ended);
	request_each_open(st, collect_open, &dg);
	ended_since(&dg);
	request_each_ended_since(st, dg.ended_since, collect_ended, &dg);
	if (dg.n || dg.n_ended) {
		qsort(dg.items, dg.n, sizeof *dg.items, item_cmp);
		dg.n_soco = directory_with_role(st, ROLE_SOCO, dg.soco, BOUND_DIGEST_SOCOS);
		if (send_all(&dg, secret, &sent) < 0)
			rc = EXIT_TEMPFAIL;
	}
	if (store_failed(st)) {
		warnx("no digest sent: %s", st->errmsg);
		rc = EXIT_TEMPFAIL;
	} else if (sent) {
		printf("digest sent to %u coordinator%s of the SO-loket\n", sent, sent == 1 ? "" : "s");
	}
	digest_clear(&dg);
	return rc;
}

int digest_check_template(struct store *st, const struct config *cfg, char **err)
{
	static const unsigned char no_secret[32];
	struct digest dg = { .st = st, .cfg = cfg, .today = date_local((long long)now()) };
	struct letters L;
	char *subject = NULL, *body = NULL;
	int rc;

	letters_init(&L, st, cfg, no_secret, NULL, 0, NULL);
	tvars_set(&L.vars, "naam", "x");
	tvars_set(&L.vars, "rol", "x");
	digest_vars(&dg, &L.vars);
	rc = template_render(cfg->templates, "digest-loket", &L.vars, &subject, &body, err);
	free(subject);
	free(body);
	letters_free(&L);
	return rc;
}
