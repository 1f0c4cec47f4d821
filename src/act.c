/* act.c: a mail about an existing request: who sent it, as whom, what it says, and where it goes. */
#include "act.h"
#include "announce.h"
#include "command.h"
#include "config.h"
#include "directory.h"
#include "form_mail.h"
#include "intake.h"
#include "job.h"
#include "notice.h"
#include "request.h"
#include "submit.h"
#include "token.h"
#include "util.h"

/* Answers -------------------------------------------------------------------- */

void act_reload(struct act *a)
{
	int64_t id = a->rq->id;

	participants_clear(a->pp, a->np);
	a->np = participants_load(a->j->st, id, a->pp, BOUND_PARTICIPANTS);
	request_clear(a->rq);
	request_load(a->j->st, id, a->rq);
	letters_refresh(&a->L, a->pp, a->np);
}

void act_reply(struct act *a, const char *template, const struct tvars *more)
{
	struct tvars v = TVARS_INIT;

	tvars_copy(&v, &a->extra);
	tvars_copy(&v, more);
	announce_gate_vars(a->rq, &v);
	announce_request_vars(a->j, a->rq, a->pp, a->np, &v);
	letter_send(&a->L, template, a->actor, a->actor_name, a->j->in.from_addr, &v, NULL, 0);
	tvars_free(&v);
}

void act_refuse(struct act *a, const char *why_fmt, ...)
{
	struct tvars v = TVARS_INIT;
	struct buf why = BUF_INIT;
	va_list ap;

	va_start(ap, why_fmt);
	buf_vaddf(&why, why_fmt, ap);
	va_end(ap);
	tvars_set(&v, "reden", buf_str(&why));
	act_reply(a, "geweigerd", &v);
	job_outcome(a->j, "geweigerd", buf_str(&why));
	tvars_free(&v);
	buf_free(&why);
}

/* Entry ------------------------------------------------------------------- */

static void set_actor_name(struct act *a, const char *name)
{
	free(a->actor_name);
	a->actor_name = xstrdup(name);
}

/* The sender is this participant: the same address, or another of theirs in the directory. */
bool act_is_participant(struct act *a, const struct participant *p)
{
	return str_eq_nocase(p->email, a->j->in.from_addr) ||
	       directory_same_person(a->j->st, p->email, a->j->in.from_addr, p->role);
}

static bool is_participant_any(struct act *a)
{
	for (size_t i = 0; i < a->np; i++)
		if (act_is_participant(a, &a->pp[i]))
			return true;
	return false;
}

/* The participant a token belongs to (it binds request, role and address), or NULL. */
static const struct participant *token_owner(struct act *a, const char *token)
{
	int64_t rid;
	enum role role;

	if (!token || !token_parse(token, &rid, &role) || rid != a->rq->id)
		return NULL;
	for (size_t i = 0; i < a->np; i++)
		if (a->pp[i].role == role &&
		    token_verify(a->j->ix->secret, token, rid, role, a->pp[i].email))
			return &a->pp[i];
	return NULL;
}

/*
 * The role the sender acts in: the token's when it is theirs, else a role
 * of theirs on the request. A token of someone else's (a forwarded mail
 * answered, an alias the directory does not know) is remembered in
 * a->other_owner: nothing is done on it.
 */
static void find_actor(struct act *a, const char *token)
{
	struct job *j = a->j;
	const struct participant *owner = token_owner(a, token);
	enum role fallback = ROLE_NONE, trole;
	int64_t rid;

	/* Every SO-loket coordinator gets mail about every request, participant or not. */
	if (token && token_parse(token, &rid, &trole) && rid == a->rq->id &&
	    token_verify(j->ix->secret, token, rid, trole, j->in.from_addr)) {
		a->token_valid = true;
		a->actor = trole;
		if (owner)
			set_actor_name(a, owner->name);
		else if (job_directory_role(j, trole))
			set_actor_name(a, job_directory_role(j, trole)->name);
		else
			set_actor_name(a, j->in.from_name ? j->in.from_name : j->in.from_addr);
		return;
	}
	if (owner && act_is_participant(a, owner)) {
		a->token_valid = true;
		a->actor = owner->role;
		set_actor_name(a, owner->name);
		return;
	}
	a->other_owner = owner;
	for (size_t i = 0; i < a->np; i++) {
		if (!act_is_participant(a, &a->pp[i]))
			continue;
		if (!a->actor && workflow_role_may(a->pp[i].role, a->c.cmd)) {
			a->actor = a->pp[i].role;
			set_actor_name(a, a->pp[i].name);
		}
		if (!fallback) {
			fallback = a->pp[i].role;
			if (!a->actor_name)
				set_actor_name(a, a->pp[i].name);
		}
	}
	if (!a->actor)
		a->actor = fallback;
	if (!a->actor && job_directory_role(j, ROLE_LOKET))
		a->actor = ROLE_LOKET;
	if (!a->actor && job_directory_role(j, ROLE_BEHEER))
		a->actor = ROLE_BEHEER;
	if (!a->actor_name && a->actor && job_directory_role(j, a->actor))
		set_actor_name(a, job_directory_role(j, a->actor)->name);
	if (!a->actor_name)
		set_actor_name(a, j->in.from_name ? j->in.from_name : j->in.from_addr);
}

static void not_involved(struct act *a)
{
	struct job *j = a->j;
	struct letters L;

	if (j->n_dir == 0) {
		job_outcome(j, "quarantaine", "afzender is niet betrokken bij de aanvraag");
		return;
	}
	letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, a->rq);
	letter_send(&L, "niet-betrokken", ROLE_NONE, j->dir[0].name, j->in.from_addr, NULL, NULL, 0);
	letters_free(&L);
	job_outcome(j, "geweigerd", "afzender is niet betrokken bij de aanvraag");
}

/*
 * A reply with someone's personal address from another address changes
 * nothing (bpomail(1), WHO MAY DO WHAT): the owner of the address is told, at their own
 * address, what arrived and what to do.
 */
static void other_address(struct act *a)
{
	struct job *j = a->j;
	const struct participant *owner = a->other_owner;
	struct letters L;
	struct tvars v = TVARS_INIT;

	tvars_set(&v, "ander_adres", j->in.from_addr);
	tvars_set(&v, "ander_onderwerp", j->in.subject);
	letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, a->rq);
	letters_refresh(&L, a->pp, a->np);
	letter_send(&L, "ander-adres", owner->role, owner->name, owner->email, &v, NULL, 0);
	/* The sender, when they are someone: involved, or at least in the directory. */
	if (a->actor) {
		tvars_set(&v, "opdracht", a->c.reading == READ_DECISION ? cmd_name(a->c.cmd) : "bericht");
		tvars_setf(&v, "reden", "Uw bericht is een antwoord op een bericht dat bpomail aan %s "
			   "stuurde, niet aan u. Daarom hebben wij het niet uitgevoerd en niet "
			   "doorgestuurd. Beantwoord het laatste bericht over %s dat u zelf van ons "
			   "kreeg.", owner->name, a->rq->kenmerk);
		letter_send(&L, "geweigerd", a->actor, a->actor_name, j->in.from_addr, &v, NULL, 0);
	} else if (j->n_dir) {
		letter_send(&L, "niet-betrokken", ROLE_NONE, j->dir[0].name, j->in.from_addr, NULL,
			    NULL, 0);
	}
	letters_free(&L);
	tvars_free(&v);
	job_outcome(j, "geweigerd", "persoonlijk antwoordadres van iemand anders, vanaf een ander adres");
}

/* A decision that ends a request, sent in one request's thread with another's number in the subject. */
static bool wrong_thread(struct act *a)
{
	static const enum cmd ending[] = {
		CMD_INTREKKEN, CMD_AFGEWEZEN, CMD_STOPPEN, CMD_GEEN_TOESTEMMING,
		CMD_TOESTEMMING_INTREKKEN, CMD_INCOMPLEET, CMD_TERUG,
	};
	const char *named = a->j->subject_kenmerk;
	bool ends = false;

	for (size_t i = 0; i < ARRAY_SIZE(ending); i++)
		ends |= a->c.cmd == ending[i];
	if (!ends || !named || strcmp(named, a->rq->kenmerk) == 0)
		return false;
	act_refuse(a, "Uw bericht is een antwoord op een bericht over de aanvraag %s, maar in het "
	       "onderwerp staat de aanvraag %s. Welke aanvraag bedoelt u? Wij hebben %s niet "
	       "uitgevoerd. Beantwoord het laatste bericht dat u over die aanvraag kreeg, met %s "
	       "bovenaan.", a->rq->kenmerk, named, cmd_name(a->c.cmd), cmd_name(a->c.cmd));
	return true;
}

static void decide(struct act *a)
{
	if (a->c.conflict) {
		act_refuse(a, "Uw bericht bevat twee opdrachten (%s en %s). Stuur één opdracht per "
			   "bericht.", cmd_name(a->c.cmd), cmd_name(a->c.conflict));
		return;
	}
	if (a->c.cmd == CMD_STATUS) {
		overleg_status(a);
		return;
	}
	if (!wrong_thread(a))
		execute_command(a);
}

static void dispatch(struct act *a)
{
	/* No BSN is accepted anywhere (bpomail(1), PRIVACY): neither kept nor passed on. */
	if (job_has_bsn(a->j)) {
		act_refuse(a, "Uw bericht bevat een BSN of onderwijsnummer (in de tekst, het onderwerp of "
		       "de naam van een bijlage). Dat mag niet per e-mail worden verstuurd: wij "
		       "hebben het bericht niet bewaard en niet doorgestuurd. Stuur het opnieuw "
		       "zonder dat nummer.");
		return;
	}
	if (!a->token_valid && !a->j->cfg->trust_from && a->c.cmd != CMD_STATUS) {
		act_refuse(a, "Wij konden niet vaststellen dat dit bericht van u komt: het antwoordt niet "
		       "op een bericht dat bpomail u over deze aanvraag stuurde. Beantwoord het "
		       "laatste bericht over %s dat u van ons kreeg, met de knop Beantwoorden.",
		       a->rq->kenmerk);
		return;
	}
	if (a->c.reading == READ_DECISION)
		decide(a);
	else
		overleg_handle(a);
}

void act_handle(struct job *j, struct request *rq, const char *token)
{
	struct act a = { .j = j, .rq = rq };

	a.np = participants_load(j->st, rq->id, a.pp, BOUND_PARTICIPANTS);
	command_read(j->top, j->in.subject, ROLE_NONE, &a.c);
	find_actor(&a, token);
	if (a.other_owner && !a.token_valid) {
		if (!a.actor_name || !is_participant_any(&a))
			a.actor = ROLE_NONE;
		other_address(&a);
		goto out;
	}
	if (!a.actor) {
		not_involved(&a);
		goto out;
	}
	/*
	 * Read again as the role the sender acts in: only that role's words are
	 * commands. Another role's command written exactly ("AKKOORD" from an
	 * intern begeleider) is refused with who gives it; only a bare "Akkoord",
	 * everyday Dutch for yes, is asked back when the sender's own yes is due.
	 */
	struct command as_role;
	command_read(j->top, j->in.subject, a.actor, &as_role);
	bool other_exact = a.c.exact && a.c.reading == READ_DECISION && a.c.cmd != CMD_AKKOORD &&
			   a.c.cmd != as_role.cmd;
	bool asked_back = as_role.reading == READ_QUESTION && as_role.cmd == command_yes_of_role(a.actor) &&
			  !other_exact && workflow_decide(request_state(rq), a.actor, as_role.cmd).allowed;
	if (as_role.reading == READ_DECISION || asked_back || !a.c.exact ||
	    a.c.reading != READ_DECISION) {
		command_free(&a.c);
		a.c = as_role;
	} else {
		command_free(&as_role);
	}
	/* A new form in the thread of a finished request starts a new request that follows it up. */
	if (status_final(rq->status) && a.actor == ROLE_IB && a.c.reading != READ_DECISION &&
	    form_mail_has(j, false)) {
		submit_handle(j, rq);
		goto out;
	}
	/* After INCOMPLEET the intern begeleider answers with a form and/or documents. */
	if (a.c.reading != READ_DECISION && a.actor == ROLE_IB &&
	    (form_mail_has(j, rq->status == ST_INCOMPLEET) ||
	     (rq->status == ST_INCOMPLEET && j->in.n_att > 0))) {
		a.c.reading = READ_DECISION;
		a.c.cmd = CMD_FORM;
	}
	letters_init(&a.L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, rq);
	letters_refresh(&a.L, a.pp, a.np);
	tvars_set(&a.extra, "door", a.actor_name);
	tvars_set(&a.extra, "door_rol", role_name(a.actor));
	tvars_set(&a.extra, "opdracht", cmd_name(a.c.cmd));
	tvars_set(&a.extra, "reden", "");
	tvars_set(&a.extra, "opmerking", "");
	tvars_set(&a.extra, "gekozen", "");
	tvars_set(&a.extra, "gekozen_adres", "");
	tvars_set(&a.extra, "start_bron", "");
	tvars_set(&a.extra, "eind_bron", "");
	tvars_set(&a.extra, "uren_bron", "");
	dispatch(&a);
	letters_free(&a.L);
out:
	tvars_free(&a.extra);
	free(a.actor_name);
	command_free(&a.c);
	participants_clear(a.pp, a.np);
}
