/* letter.c: renders a template for one recipient and queues it as a threaded mail. */
#include "address.h"
#include "compose.h"
#include "config.h"
#include "date.h"
#include "letter.h"
#include "mailparse.h"
#include "notice.h"
#include "outbox.h"
#include "request.h"
#include "store.h"
#include "token.h"
#include "util.h"

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

static char *expertise_list(unsigned mask)
{
	struct buf b = BUF_INIT;

	for (unsigned i = 0; i < EXPERTISE_COUNT; i++) {
		unsigned bit = 1u << i;
		if (!(mask & bit))
			continue;
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, expertise_code(bit));
		if (strcmp(expertise_code(bit), expertise_explanation(bit)) != 0)
			buf_addf(&b, " (%s)", expertise_explanation(bit));
	}
	return buf_detach(&b);
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
		return xstrdup("niemand: de aanvraag is afgesloten");
	if (next[1])
		return xasprintf("de %s en de %s", role_name(next[0]), role_name(next[1]));
	return xasprintf("de %s", role_name(next[0]));
}

/* The request in a few lines: no pupil data (those are the private placeholders). */
static void request_vars(struct tvars *v, const struct request *rq)
{
	char *exp = expertise_list(rq->expertise);
	char *next = next_text(rq);
	char *pupil;

	tvars_set(v, "kenmerk", rq->kenmerk);
	tvars_set(v, "status", status_name(rq->status));
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
	pupil = xasprintf("%s%s%s%s%s", rq->roepnaam ? rq->roepnaam : "",
			  rq->voorvoegsel ? " " : "", rq->voorvoegsel ? rq->voorvoegsel : "",
			  rq->achternaam ? " " : "", rq->achternaam ? rq->achternaam : "");
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

int64_t letter_send(struct letters *L, const char *name, enum role role, const char *to_name,
		    const char *to_email, const struct tvars *extra,
		    const struct attachment_out *att, size_t n_att)
{
	struct tvars v = TVARS_INIT;
	char *subject = NULL, *body = NULL, *err = NULL, *full_subject, *rnd, *domain, *msgid;
	char *reply_to, token[TOKEN_LEN + 1] = "";
	const char *refs[2];
	size_t nrefs = 0;
	const char *irt = NULL;
	int64_t id = -1;

	if (store_failed(L->st))
		return -1;
	if (notice_is_error(name) && over_error_limit(L, to_email)) {
		warnx("no %s answer to %s: %u error answers in the last day", name, to_email,
		      L->cfg->error_replies);
		return 0;
	}
	tvars_copy(&v, &L->vars);
	tvars_copy(&v, extra);
	tvars_set(&v, "naam", to_name && *to_name ? to_name : to_email);
	tvars_set(&v, "rol", role_name(role));
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
		.loop = L->cfg->address, .body = body, .att = att, .n_att = n_att, .date = now(),
	};
	id = outbox_queue(L->st, &m, L->rq ? L->rq->id : 0, L->cause, name);
	if (id > 0)
		L->queued++;
	free(full_subject);
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
