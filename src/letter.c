/* letter.c: renders a template for one recipient and queues it as a threaded mail. */
#include "address.h"
#include "compose.h"
#include "config.h"
#include "date.h"
#include "directory.h"
#include "digest.h"
#include "letter.h"
#include "mailbody.h"
#include "mailparse.h"
#include "notice.h"
#include "outbox.h"
#include "request.h"
#include "store.h"
#include "token.h"
#include "summary.h"
#include "util.h"
#include "words.h"

static void set_date(struct tvars *v, const char *name, const char *iso)
{
	struct date d;
	char text[40] = "";

	if (iso && *iso && date_parse(iso, &d) == 0)
		date_long_nl(&d, text);
	tvars_set(v, name, text);
}

static void set_hours(struct tvars *v, const char *name, unsigned half)
{
	char text[16] = "";

	if (half)
		hours_nl(half, text);
	tvars_set(v, name, text);
}

char *letter_people(const struct participant *pp, size_t np, enum role role)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < np; i++)
		if (pp[i].role == role)
			buf_addf(&b, "%s%s <%s>", b.len ? ", " : "", pp[i].name, pp[i].email);
	return buf_detach(&b);
}

/* Who acts next, in words for the reader. */
static char *next_text(const struct request *rq)
{
	enum role next[2];

	if (!workflow_next_roles(rq->status, rq->gates, next))
		return xstrdup("niemand meer; de aanvraag is afgesloten");
	if (next[1])
		return xasprintf("de %s en de %s", role_name(next[0]), role_name(next[1]));
	return xasprintf("de %s", role_name(next[0]));
}

/* The request in a few lines: no pupil data (those are the private placeholders). */
static void request_vars(struct tvars *v, const struct request *rq)
{
	char *exp = summary_expertise(rq->expertise);
	char *next = next_text(rq);
	char *pupil;

	tvars_set(v, "kenmerk", rq->kenmerk);
	tvars_set(v, "status", status_name(rq->status));
	tvars_set(v, "stand", words_status(rq->status));
	char *about = summary_subject(rq);
	tvars_set(v, "onderwerp", about);
	free(about);
	tvars_set(v, "niveau", niveau_name(rq->niveau));
	tvars_set(v, "school", rq->school);
	tvars_set(v, "brin", rq->brin);
	tvars_set(v, "bestuur", rq->bestuur);
	tvars_set(v, "groep", rq->groep);
	tvars_set(v, "expertise", exp);
	tvars_set(v, "volgende", next);
	set_hours(v, "uren_gevraagd", rq->req_hours_half);
	set_date(v, "start_gevraagd", rq->req_start);
	set_date(v, "eind_gevraagd", rq->req_end);
	set_hours(v, "uren", rq->granted_hours_half);
	set_date(v, "startdatum", rq->granted_start);
	set_date(v, "einddatum", rq->granted_end);
	tvars_set(v, "so_organisatie", rq->so_organisatie);
	tvars_set(v, "voorkeur_begeleider", rq->voorkeur_begeleider);
	pupil = summary_pupil(rq);
	tvars_set_private(v, "leerling", pupil);
	set_date(v, "geboortedatum", rq->geboortedatum);
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->item[i].name, "geboortedatum") == 0)
			v->item[i].private = true;
	tvars_set_private(v, "vraag", rq->vraag);
	tvars_set_private(v, "maatregelen", rq->maatregelen);
	tvars_set_private(v, "resultaat", rq->resultaat);
	tvars_set_private(v, "instanties", rq->instanties);
	tvars_set_private(v, "behoeften", rq->behoeften);
	tvars_set_private(v, "toelichting_ouders", rq->toelichting_ouders);
	tvars_set(v, "eerdere_aanvraag", rq->eerdere_aanvraag);
	set_hours(v, "uren_besteed", rq->hours_spent_half);
	set_hours(v, "verlenging_uren", rq->ext_hours_half);
	set_date(v, "verlenging_eind", rq->ext_end);
	tvars_set(v, "verlenging_door", rq->ext_by ? role_name(rq->ext_by) : "");
	tvars_set_private(v, "verlenging_reden", rq->ext_reason);
	tvars_set(v, "gestopt", rq->stopped_early ? "ja" : "");
	free(pupil);
	free(exp);
	free(next);
}

/* Every placeholder a template may use; "" until set. Private ones never go in a subject. */
static const struct {
	const char *name;
	bool private;
} placeholders[] = {
	{ "kenmerk", false }, { "status", false }, { "niveau", false }, { "school", false },
	{ "brin", false }, { "bestuur", false }, { "groep", false }, { "expertise", false },
	{ "volgende", false }, { "uren_gevraagd", false }, { "start_gevraagd", false },
	{ "eind_gevraagd", false }, { "uren", false }, { "startdatum", false },
	{ "einddatum", false }, { "so_organisatie", false }, { "voorkeur_begeleider", false },
	{ "leerling", true }, { "geboortedatum", true }, { "vraag", true },
	{ "maatregelen", true }, { "resultaat", true }, { "instanties", true },
	{ "ib", false }, { "tb", false }, { "loket", false }, { "soco", false }, { "bpoer", false },
	{ "door", false }, { "door_rol", false }, { "opdracht", false }, { "reden", true },
	{ "opmerking", true }, { "gekozen", false }, { "gekozen_adres", false },
	{ "start_bron", false }, { "eind_bron", false }, { "uren_bron", false },
	{ "wacht_tb", false }, { "wacht_toestemming", false }, { "ingediend", false },
	{ "samenvatting", true }, { "geschiedenis", false }, { "bericht", true },
	{ "bijlagen", false }, { "problemen", true }, { "aantal", false }, { "formulier", true },
	{ "bsn", false }, { "besloten_door", false }, { "besloten_op", false }, { "besluit", false },
	{ "grens", false }, { "onbestelbaar", false }, { "afwezig", false },
	{ "afwezig_rol", false }, { "dagen", false }, { "ander_adres", false },
	{ "ander_onderwerp", true }, { "doorgestuurd", false }, { "leeg", false }, { "niemand", false },
	{ "bereikbaar", false }, { "bedoeling", false }, { "opties", false }, { "ingekort", false },
	{ "gevonden", false }, { "toelichting", true }, { "wijziging", true }, { "gestopt", false },
	{ "behoeften", true }, { "toelichting_ouders", true }, { "eerdere_aanvraag", false },
	{ "uren_besteed", false }, { "verlenging_uren", false }, { "verlenging_eind", false },
	{ "verlenging_door", false }, { "verlenging_reden", true }, { "privacy", false },
	{ "stand", false }, { "ouder", false }, { "invulformulier", true }, { "onderwerp", false },
	{ "acties_personen", false }, { "stap", false }, { "betreft", true },
	{ "documenten", true }, { "formulier_bijlage", false },
};

void letters_init(struct letters *L, struct store *st, const struct config *cfg,
		  const unsigned char *secret, const struct inmail *in, int64_t cause,
		  const struct request *rq)
{
	memset(L, 0, sizeof *L);
	L->st = st;
	L->cfg = cfg;
	L->secret = secret;
	L->in = in;
	L->cause = cause;
	L->rq = rq;
	for (size_t i = 0; i < ARRAY_SIZE(placeholders); i++) {
		if (placeholders[i].private)
			tvars_set_private(&L->vars, placeholders[i].name, "");
		else
			tvars_set(&L->vars, placeholders[i].name, "");
	}
	tvars_set(&L->vars, "systeem", cfg->address);
	tvars_set(&L->vars, "systeemnaam", cfg->name);
	if (rq)
		request_vars(&L->vars, rq);
}

/* Consent comes from the parents, or from the ib when the form names none. */
static void next_with_people(struct tvars *v, const struct request *rq,
			     const struct participant *pp, size_t np)
{
	enum role next[2];
	bool parents = false;

	for (size_t i = 0; i < np; i++)
		parents |= pp[i].role == ROLE_OUDER;
	if (parents || !workflow_next_roles(rq->status, rq->gates, next) ||
	    rq->gates.consent != GATE_WAITING || rq->status != ST_VOORLOPIG)
		return;
	if (next[0] == ROLE_TB)
		tvars_set(v, "volgende", "de trajectbegeleider, en de intern begeleider met het "
			  "ondertekende toestemmingsformulier van de ouders");
	else
		tvars_set(v, "volgende", "de intern begeleider, met het ondertekende "
			  "toestemmingsformulier van de ouders");
}

void letters_refresh(struct letters *L, const struct participant *pp, size_t np)
{
	static const struct {
		const char *name;
		enum role role;
	} people[] = {
		{ "ib", ROLE_IB }, { "tb", ROLE_TB }, { "loket", ROLE_LOKET },
		{ "soco", ROLE_SOCO }, { "bpoer", ROLE_BPOER },
	};

	if (L->rq) {
		request_vars(&L->vars, L->rq);
		next_with_people(&L->vars, L->rq, pp, np);
	}
	for (size_t i = 0; i < ARRAY_SIZE(people); i++) {
		char *list = letter_people(pp, np, people[i].role);
		tvars_set(&L->vars, people[i].name, list);
		free(list);
	}
}

void letters_free(struct letters *L)
{
	tvars_free(&L->vars);
}

/*
 * Parents read plain words: no status codes, not addressed in the third
 * person, nothing about what the other parent decided (bpomail(1), PRIVACY).
 */
static void for_parent(struct tvars *v)
{
	const char *next = tvars_get(v, "volgende");
	static const char parent[] = "de ouder/verzorger";
	const char *at = next ? strstr(next, parent) : NULL;

	tvars_set(v, "ouder", "ja");
	tvars_set(v, "status", tvars_get(v, "stand"));
	if (at) {
		char *mine = xasprintf("%.*su%s", (int)(at - next), next, at + strlen(parent));
		tvars_set(v, "volgende", mine);
		free(mine);
	}
	tvars_set(v, "besloten_door", "");
	tvars_set(v, "besloten_op", "");
	tvars_set(v, "besluit", "");
}

/* Error answers are capped per address and day, so no mail loop can run on them. */
static bool over_error_limit(struct letters *L, const char *to)
{
	return outbox_count_day(L->st, to, notice_error_templates()) >= L->cfg->error_replies;
}

static char *domain_of(const char *address)
{
	const char *at = strrchr(address, '@');
	return xstrdup(at ? at + 1 : "localhost");
}

/* Text for inside an action line: no '|', no brackets that could end it, no line breaks. */
static void action_text(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		buf_addc(b, strchr("|[]\r\n\\", *s) ? ' ' : *s);
}

/*
 * One-click choices of a person: the SO-loket picks a SO-coördinator (with
 * the dates and hours asked filled in), a SO-coördinator a BPO-er of their
 * own organisation. "" when the reader has no such choice now.
 */
static char *people_actions(struct letters *L, enum role role, const char *to_email)
{
	const struct request *rq = L->rq;
	struct person people[BOUND_ACTIONS_PEOPLE], me[4];
	enum role pick = role == ROLE_LOKET && rq->status == ST_INDIENEN ? ROLE_SOCO
		       : role == ROLE_SOCO && rq->status == ST_DOORGEZET ? ROLE_BPOER : ROLE_NONE;
	const char *org = NULL;
	size_t n, nme = 0;
	struct buf b = BUF_INIT;

	if (pick == ROLE_NONE)
		return xstrdup("");
	n = directory_with_role(L->st, pick, people, ARRAY_SIZE(people));
	if (pick == ROLE_BPOER) {
		nme = directory_by_address(L->st, to_email, me, ARRAY_SIZE(me));
		for (size_t i = 0; i < nme; i++)
			if (me[i].role == ROLE_SOCO)
				org = me[i].organisation;
	}
	for (size_t i = 0; i < n; i++) {
		const struct person *p = &people[i];
		if (pick == ROLE_BPOER && (!org || !p->organisation || strcmp(org, p->organisation) != 0))
			continue;
		buf_adds(&b, "[[");
		action_text(&b, p->name);
		if (p->organisation && *p->organisation) {
			buf_adds(&b, " (");
			action_text(&b, p->organisation);
			buf_adds(&b, ")");
		}
		buf_adds(&b, pick == ROLE_SOCO ? "|SO-coördinator: " : "|BPO-er: ");
		action_text(&b, p->name);
		if (pick == ROLE_SOCO) {
			const char *start = tvars_get(&L->vars, "start_gevraagd");
			const char *end = tvars_get(&L->vars, "eind_gevraagd");
			const char *hours = tvars_get(&L->vars, "uren_gevraagd");
			if (start && *start)
				buf_addf(&b, "\\nStartdatum: %s", start);
			if (end && *end)
				buf_addf(&b, "\\nEinddatum: %s", end);
			if (hours && *hours)
				buf_addf(&b, "\\nUren: %s", hours);
		}
		buf_adds(&b, "]]\n");
	}
	for (size_t i = 0; i < n; i++)
		person_clear(&people[i]);
	for (size_t i = 0; i < nme; i++)
		person_clear(&me[i]);
	return buf_detach(&b);
}

/*
 * Who or what the request is about, for the body of a mail: the pupil by
 * name only for those who may read it now (the school's people and the
 * parents; everyone else once consent is given), else the group or school.
 */
static char *about_text(const struct request *rq, enum role role)
{
	char *what = summary_subject(rq);
	bool named = rq->niveau == NIVEAU_LEERLING && rq->roepnaam && *rq->roepnaam &&
		     (role == ROLE_IB || role == ROLE_TB || role == ROLE_OUDER ||
		      (rq->gates.consent == GATE_OPEN && rq->status != ST_INGETROKKEN));
	if (!named)
		return what;
	char *pupil = summary_pupil(rq);
	char *out = xasprintf("%s, %s", pupil, what);
	free(pupil);
	free(what);
	return out;
}

/* What a one-click action needs to address its reply. */
struct action_ctx {
	struct letters *L;
	enum role role;
	const char *to_email;
	struct request other;       /* another request a digest's actions name, loaded once */
};

/*
 * A one-click action: a new mail to the reader's own reply address for the
 * request, with the token in the subject as well, since the mail it makes
 * is no reply (bpomail(1), How mails look).
 */
static char *action_href(const char *label, const char *body, int64_t request_id, void *arg)
{
	struct action_ctx *c = arg;
	struct letters *L = c->L;
	const struct request *rq = L->rq;
	char token[TOKEN_LEN + 1], *addr, *subject, *href;

	if (c->role == ROLE_NONE || (!rq && !request_id))
		return NULL;
	if (request_id && (!rq || rq->id != request_id)) {
		if (c->other.id != request_id) {
			request_clear(&c->other);
			memset(&c->other, 0, sizeof c->other);
			if (request_load(L->st, request_id, &c->other) < 0)
				return NULL;
		}
		rq = &c->other;
	}
	token_make(L->secret, rq->id, c->role, c->to_email, token);
	addr = addr_with_token(L->cfg->address, token);
	subject = xasprintf("[%s] %s (antwoordcode %s)", rq->kenmerk, label, token);
	href = mailbody_mailto(addr, subject, body);
	free(subject);
	free(addr);
	return href;
}

int64_t letter_send(struct letters *L, const char *name, enum role role, const char *to_name,
		    const char *to_email, const struct tvars *extra,
		    const struct attachment_out *att, size_t n_att)
{
	struct tvars v = TVARS_INIT;
	char *subject = NULL, *body = NULL, *err = NULL, *full_subject, *rnd, *domain, *msgid;
	char *text = NULL, *html = NULL;
	struct action_ctx actx = { .L = L, .role = role, .to_email = to_email };
	char *reply_to, token[TOKEN_LEN + 1] = "";
	const char *refs[2];
	size_t nrefs = 0;
	const char *irt = NULL;
	int64_t id = -1;

	if (store_failed(L->st))
		return -1;
	if (digest_holds(L->cfg, name, role))
		return 0;   /* left to the SO-loket's digest (loket_notices = digest) */
	if (notice_is_error(name) && over_error_limit(L, to_email)) {
		warnx("no %s answer to %s: %u error answers in the last day", name, to_email,
		      L->cfg->error_replies);
		return 0;
	}
	tvars_over(&v, &L->vars);
	tvars_copy(&v, extra);
	tvars_set(&v, "naam", to_name && *to_name ? to_name : to_email);
	tvars_set(&v, "rol", role_name(role));
	if (role == ROLE_OUDER)
		for_parent(&v);
	if (L->rq) {
		char *about = about_text(L->rq, role);
		tvars_set_private(&v, "betreft", about);
		free(about);
		char *choices = people_actions(L, role, to_email);
		tvars_set(&v, "acties_personen", choices);
		free(choices);
	}
	if (template_render(L->cfg->templates, name, &v, &subject, &body, &err) < 0) {
		store_fail(L->st, err);
		warnx("%s", err);
		goto out;
	}
	if (L->rq && role != ROLE_NONE)
		token_make(L->secret, L->rq->id, role, to_email, token);
	domain = domain_of(L->cfg->address);
	rnd = compose_random_hex(12);
	msgid = *token ? xasprintf("%s.%s@%s", token, rnd, domain) : xasprintf("%s@%s", rnd, domain);
	reply_to = *token ? addr_with_token(L->cfg->address, token) : xstrdup(L->cfg->address);
	full_subject = L->rq ? xasprintf("[%s] %s", L->rq->kenmerk, subject) : xstrdup(subject);
	mailbody_make(body, full_subject, action_href, &actx, &text, &html);
	if (L->in && L->in->message_id && L->in->from_addr && str_eq_nocase(L->in->from_addr, to_email))
		irt = L->in->message_id;
	if (L->rq)
		refs[nrefs++] = L->rq->thread_id;
	if (irt && (!L->rq || strcmp(irt, L->rq->thread_id) != 0))
		refs[nrefs++] = irt;
	if (!irt && L->rq)
		irt = L->rq->thread_id;

	struct mail_out m = {
		.from_name = L->cfg->name, .from_addr = L->cfg->address,
		.to_name = to_name, .to_addr = to_email, .reply_to = reply_to,
		.subject = full_subject, .message_id = msgid, .in_reply_to = irt,
		.references = refs, .n_references = nrefs,
		.auto_submitted = L->in ? "auto-replied" : "auto-generated",
		.loop = L->cfg->address, .body = text, .html = html, .att = att, .n_att = n_att, .date = now(),
		.read = L->read, .read_arg = L->read_arg,
	};
	id = outbox_queue(L->st, &m, L->rq ? L->rq->id : 0, L->cause, name);
	if (id > 0)
		L->queued++;
	free(full_subject);
	free(text);
	free(html);
	request_clear(&actx.other);
	free(reply_to);
	free(msgid);
	free(rnd);
	free(domain);
out:
	free(subject);
	free(body);
	free(err);
	tvars_free(&v);
	return id;
}
