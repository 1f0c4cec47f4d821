/* execute.c: carries out a decision on a request: checks what it needs, changes the request, tells everyone. */
#include "act.h"
#include "announce.h"
#include "command.h"
#include "config.h"
#include "date.h"
#include "directory.h"
#include "form.h"
#include "form_mail.h"
#include "intake.h"
#include "job.h"
#include "notice.h"
#include "request.h"
#include "util.h"

/* "This step was already decided by ..., on ...": the newest event of the step. */
static void already_decided(struct act *a)
{
	struct history_line h;
	struct tvars v = TVARS_INIT;
	const char *events[16];
	bool found;

	workflow_deciding_events(request_state(a->rq), a->actor, a->c.cmd, events, ARRAY_SIZE(events));
	found = request_last_event(a->j->st, a->rq->id, events, &h);

	tvars_set(&v, "besloten_door", found && h.by ? h.by : "");
	tvars_set(&v, "besloten_op", found ? h.at : "");
	tvars_set(&v, "besluit", found ? h.event : "");
	act_reply(a, "al-besloten", &v);
	job_outcome(a->j, "geweigerd", "al besloten");
	if (found)
		history_clear(&h, 1);
	tvars_free(&v);
}

static void refuse_decision(struct act *a, struct decision d)
{
	enum role next[2];

	workflow_next_roles(a->rq->status, a->rq->gates, next);
	switch (d.why) {
	case REFUSE_DECIDED:
		already_decided(a);
		return;
	case REFUSE_ROLE: {
		struct buf who = BUF_INIT;
		for (int r = ROLE_IB; r < ROLE_COUNT; r++)
			if (workflow_role_may((enum role)r, a->c.cmd))
				buf_addf(&who, "%sde %s", who.len ? " of " : "", role_name((enum role)r));
		act_refuse(a, "Als %s kunt u %s niet geven; dat doet %s.", role_name(a->actor),
		       cmd_name(a->c.cmd), buf_str(&who));
		buf_free(&who);
		return;
	}
	case REFUSE_FINAL:
		act_refuse(a, "De aanvraag is afgesloten met de status %s; er kan niets meer aan "
		       "veranderen.", status_name(a->rq->status));
		return;
	case REFUSE_NOTHING_ASKED:
		act_refuse(a, "Er is geen verlenging gevraagd voor deze aanvraag.");
		return;
	case REFUSE_ALREADY_ASKED:
		act_refuse(a, "Er is al een verlenging gevraagd; die wacht op het besluit van het "
			   "SO-loket.");
		return;
	default:
		act_refuse(a, "%s kan niet in de status %s.", cmd_name(a->c.cmd),
		       status_name(a->rq->status));
		return;
	}
}

/* Commands ------------------------------------------------------------------ */

/* Finds the person a command names (SO-coördinator:, BPO-er:, Trajectbegeleider:); refuses with candidates if not one. */
static bool find_person(struct act *a, enum role role, struct person *who)
{
	struct strlist cand = STRLIST_INIT;
	struct buf list = BUF_INIT;
	enum lookup found;

	if (!a->c.text) {
		act_refuse(a, "Achter '%s:' staat geen naam of e-mailadres.", cmd_name(a->c.cmd));
		return false;
	}
	found = directory_find(a->j->st, a->c.text, role, who, &cand);
	if (found == LOOKUP_FOUND)
		return true;
	for (size_t i = 0; i < cand.n; i++)
		buf_addf(&list, "\n  - %s", cand.item[i]);
	act_refuse(a, "'%.80s' is %s in het adresboek.%s%s", a->c.text,
	       found == LOOKUP_AMBIGUOUS ? "niet eenduidig: er zijn meerdere mensen met die naam"
					 : "niet bekend als " "zodanig",
	       cand.n ? " Bedoelt u een van deze mensen? Noem de naam of het e-mailadres precies:"
		      : "",
	       buf_str(&list));
	buf_free(&list);
	strlist_free(&cand);
	return false;
}

/* Startdatum, Einddatum and Uren of the SO-loket, defaulting to the requested values. */
static bool grant_values(struct act *a)
{
	struct request *rq = a->rq;
	struct date start, end;
	unsigned half = rq->req_hours_half;
	char iso_s[11], iso_e[11];
	int rc;

	struct date req_start, req_end;
	bool start_year = false, end_year = false;

	date_parse(rq->req_start, &req_start);
	date_parse(rq->req_end, &req_end);
	start = req_start;
	end = req_end;
	if (a->c.startdatum &&
	    (rc = date_parse_near(a->c.startdatum, &req_start, &req_end, &start, &start_year)) < 0) {
		act_refuse(a, "Startdatum '%.60s' is %s. Schrijf bijvoorbeeld 10-01-2027 of 10 januari 2027.",
		       a->c.startdatum, rc == -2 ? "een datum die niet bestaat" : "geen datum");
		return false;
	}
	if (a->c.einddatum &&
	    (rc = date_parse_near(a->c.einddatum, &req_start, &req_end, &end, &end_year)) < 0) {
		act_refuse(a, "Einddatum '%.60s' is %s. Schrijf bijvoorbeeld 10-07-2027 of 10 juli 2027.",
		       a->c.einddatum, rc == -2 ? "een datum die niet bestaat" : "geen datum");
		return false;
	}
	if (a->c.uren && hours_parse(a->c.uren, &half) < 0) {
		act_refuse(a, "Uren '%.60s' is geen geldig aantal uur. Schrijf hele of halve uren, "
		       "bijvoorbeeld 12 of 12,5.", a->c.uren);
		return false;
	}
	if (date_cmp(&end, &start) <= 0) {
		act_refuse(a, "De einddatum ligt niet na de startdatum.");
		return false;
	}
	date_iso(&start, iso_s);
	date_iso(&end, iso_e);
	free(rq->granted_start);
	free(rq->granted_end);
	rq->granted_start = xstrdup(iso_s);
	rq->granted_end = xstrdup(iso_e);
	rq->granted_hours_half = half;
	tvars_setf(&a->extra, "start_bron", "%s", !a->c.startdatum ? "de gevraagde startdatum"
		   : start_year ? "u schreef geen jaartal; wij namen het jaar van de aanvraag"
		   : "zoals u opgaf");
	tvars_setf(&a->extra, "eind_bron", "%s", !a->c.einddatum ? "de gevraagde einddatum"
		   : end_year ? "u schreef geen jaartal; wij namen het jaar van de aanvraag"
		   : "zoals u opgaf");
	tvars_set(&a->extra, "uren_bron", a->c.uren ? "zoals u opgaf" : "het gevraagde aantal");
	return true;
}

/* The hours or end date of a VERLENGING or VERLENGING AKKOORD: extra hours, a later end date. */
static bool extension_values(struct act *a, unsigned *extra_half, char end_iso[11])
{
	struct request *rq = a->rq;
	struct date now_end, end;
	bool year = false;
	int rc;

	*extra_half = a->c.cmd == CMD_VERLENGING_AKKOORD ? rq->ext_hours_half : 0;
	end_iso[0] = '\0';
	if (a->c.cmd == CMD_VERLENGING_AKKOORD && rq->ext_end)
		snprintf(end_iso, 11, "%s", rq->ext_end);
	if (a->c.uren && hours_parse(a->c.uren, extra_half) < 0) {
		act_refuse(a, "Uren '%.60s' is geen geldig aantal uur. Schrijf de extra uren als hele of "
			   "halve uren, bijvoorbeeld 6 of 6,5.", a->c.uren);
		return false;
	}
	date_parse(rq->granted_end ? rq->granted_end : rq->req_end, &now_end);
	if (a->c.einddatum) {
		struct date from = now_end, to = now_end;
		to.y++;
		if ((rc = date_parse_near(a->c.einddatum, &from, &to, &end, &year)) < 0) {
			act_refuse(a, "Einddatum '%.60s' is %s. Schrijf bijvoorbeeld 10-07-2027 of 10 juli "
				   "2027.", a->c.einddatum, rc == -2 ? "een datum die niet bestaat" : "geen datum");
			return false;
		}
		if (date_cmp(&end, &now_end) <= 0) {
			act_refuse(a, "De nieuwe einddatum ligt niet na de huidige einddatum (%s).",
				   rq->granted_end ? rq->granted_end : rq->req_end);
			return false;
		}
		date_iso(&end, end_iso);
	}
	if (a->c.cmd == CMD_VERLENGING && !*extra_half && !end_iso[0]) {
		act_refuse(a, "Bij VERLENGING hoort het aantal extra uren en/of de nieuwe einddatum, op "
			   "regels onder de opdracht:\n\n  Uren: 6\n  Einddatum: 1 juli 2027");
		return false;
	}
	return true;
}

/* Checks what a command needs before anything changes; false after a refusal. */
static bool prepare(struct act *a, const struct decision *d, struct person *who)
{
	if (d->reason && !a->c.text) {
		act_refuse(a, "Bij %s hoort een reden, op dezelfde regel na de dubbele punt, bijvoorbeeld: "
			   "%s: <de reden>.", cmd_name(a->c.cmd), cmd_name(a->c.cmd));
		return false;
	}
	if (a->c.cmd == CMD_TOESTEMMING && a->actor == ROLE_IB && a->j->in.n_att == 0) {
		act_refuse(a, "Voeg het door de ouders ondertekende toestemmingsformulier als bijlage toe "
			   "aan uw bericht met TOESTEMMING.");
		return false;
	}
	if ((d->effects & (FX_JOIN | FX_REPLACE)) && !find_person(a, d->person, who))
		return false;
	if ((d->effects & FX_GRANT) && !grant_values(a))
		return false;
	if ((d->effects & FX_HOURS_SPENT) && a->c.uren_besteed &&
	    hours_parse(a->c.uren_besteed, &a->rq->hours_spent_half) < 0) {
		act_refuse(a, "Uren besteed '%.60s' is geen geldig aantal uur. Schrijf hele of halve "
			   "uren, bijvoorbeeld 18 of 18,5.", a->c.uren_besteed);
		return false;
	}
	return true;
}

static void detail_vars(struct act *a, const struct decision *d, const struct person *who)
{
	bool consent_ended = d->to == ST_INGETROKKEN &&
			     (a->c.cmd == CMD_GEEN_TOESTEMMING || a->c.cmd == CMD_TOESTEMMING_INTREKKEN);

	tvars_set(&a->extra, "reden", d->reason ? a->c.text : "");
	tvars_set(&a->extra, "opmerking", d->reason || who->email ? "" : a->c.text);
	tvars_set(&a->extra, "gekozen", who->email ? who->name : "");
	tvars_set(&a->extra, "gekozen_adres", who->email ? who->email : "");
	/* The parents' own words about their consent go to nobody (bpomail(1), Privacy). */
	if (consent_ended)
		tvars_set(&a->extra, "reden", strcmp(d->event, "toestemming-ingetrokken") == 0
			  ? "de ouders/verzorgers hebben hun toestemming ingetrokken"
			  : "de ouders/verzorgers geven geen toestemming");
	tvars_set(&a->extra, "gestopt", d->effects & FX_STOPPED_EARLY ? "ja" : "");
	/* The evaluation report sent with AFGEROND or STOPPEN goes with the closing mails. */
	if (status_final(d->to)) {
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < a->j->in.n_att; i++)
			buf_addf(&names, "- %s\n", a->j->in.att[i].filename);
		tvars_set(&a->extra, "bijlagen", buf_str(&names));
		buf_free(&names);
	}
}

/* The people of role r still involved, for a replacement; *n of them. */
static void leave(struct act *a, enum role r, const char *except, const char *why)
{
	struct job *j = a->j;

	for (size_t i = 0; i < a->np; i++) {
		const struct participant *p = &a->pp[i];
		if (p->role != r || (except && str_eq_nocase(p->email, except)))
			continue;
		struct tvars v = TVARS_INIT;
		tvars_set(&v, "wijziging", why);
		letter_send(&a->L, "niet-meer-betrokken", p->role, p->name, p->email, &v, NULL, 0);
		participant_leave(j->st, p->id, j->at);
		tvars_free(&v);
	}
}

/* Everyone involved but the actor, the address skip and the role skip_role hears of a change that is no status change. */
static void tell_change(struct act *a, const char *what, const char *skip, enum role skip_role)
{
	struct tvars v = TVARS_INIT;

	tvars_copy(&v, &a->extra);
	tvars_set(&v, "wijziging", what);
	for (size_t i = 0; i < a->np; i++) {
		const struct participant *p = &a->pp[i];
		if (act_is_participant(a, p) || p->role == ROLE_OUDER || p->role == skip_role ||
		    (skip && str_eq_nocase(p->email, skip)))
			continue;
		letter_send(&a->L, "wijziging", p->role, p->name, p->email, &v, NULL, 0);
	}
	tvars_free(&v);
}

/* Someone replaced (FX_REPLACE): the old one leaves and is told, the new one gets it all, the others hear. */
static void replace(struct act *a, const struct decision *d, const struct person *who)
{
	struct job *j = a->j;
	struct buf old = BUF_INIT;
	char *what;

	for (size_t i = 0; i < a->np; i++)
		if (a->pp[i].role == d->person && !str_eq_nocase(a->pp[i].email, who->email))
			buf_addf(&old, "%s%s", old.len ? " en " : "", a->pp[i].name);
	what = old.len ? xasprintf("%s is niet meer de %s van deze aanvraag; %s neemt het over, "
				   "gekozen door %s (%s).", buf_str(&old), role_name(d->person),
				   who->name, a->actor_name, role_name(a->actor))
		       : xasprintf("%s is nu de %s van deze aanvraag, gekozen door %s (%s).", who->name,
				   role_name(d->person), a->actor_name, role_name(a->actor));
	tvars_set(&a->extra, "wijziging", what);
	leave(a, d->person, who->email, what);
	bool joined = participant_add(j->st, j->ix->secret, a->rq->id, d->person, who->name,
				      who->email) > 0;
	act_reload(a);
	/* The newcomer gets the whole request when their step is open; the others hear of it. */
	const char *t = notice_for_status(a->rq->status, d->person);
	if (d->person == ROLE_TB && a->rq->status != ST_VOORLOPIG)
		t = "wijziging";
	if (joined)
		announce_person(j, &a->L, a->rq, a->pp, a->np, t ? t : "wijziging", d->person,
				who->name, who->email, &a->extra);
	tell_change(a, what, who->email, ROLE_NONE);
	free(what);
	buf_free(&old);
}

/* VERLENGING asked, granted or refused: the request's extension fields and what everyone hears. */
static char *extension(struct act *a, const struct decision *d)
{
	struct request *rq = a->rq;
	unsigned extra = 0;
	char end[11], hours[16];
	struct buf what = BUF_INIT;

	if (d->effects & FX_END_EXTENSION) {
		buf_addf(&what, "Het SO-loket heeft de gevraagde verlenging afgewezen. Reden: %s",
			 a->c.text);
	} else {
		if (!extension_values(a, &extra, end))
			return NULL;
		if (d->effects & FX_ASK_EXTENSION) {
			buf_addf(&what, "%s (%s) vraagt het SO-loket om verlenging:", a->actor_name,
				 role_name(a->actor));
			rq->ext_hours_half = extra;
			free(rq->ext_end);
			rq->ext_end = end[0] ? xstrdup(end) : NULL;
			rq->ext_by = a->actor;
			free(rq->ext_reason);
			rq->ext_reason = a->c.text ? xstrdup(a->c.text) : NULL;
		} else {
			buf_adds(&what, "Het SO-loket heeft de verlenging toegekend:");
			rq->granted_hours_half += extra;
			if (end[0]) {
				free(rq->granted_end);
				rq->granted_end = xstrdup(end);
			}
		}
		if (extra) {
			hours_nl(extra, hours);
			buf_addf(&what, " %s uur extra", hours);
		}
		if (end[0]) {
			struct date e;
			char text[40];
			date_parse(end, &e);
			date_long_nl(&e, text);
			buf_addf(&what, "%s tot en met %s", extra ? "," : "", text);
		}
		buf_adds(&what, ".");
		if ((d->effects & FX_ASK_EXTENSION) && a->c.text)
			buf_addf(&what, " Reden: %s", a->c.text);
		if (d->effects & FX_GRANT_EXTENSION) {
			hours_nl(rq->granted_hours_half, hours);
			buf_addf(&what, " Afgesproken is nu: %s uur, tot en met %s.", hours,
				 rq->granted_end ? rq->granted_end : rq->req_end);
		}
	}
	if (d->effects & (FX_GRANT_EXTENSION | FX_END_EXTENSION)) {
		rq->ext_hours_half = 0;
		free(rq->ext_end);
		free(rq->ext_reason);
		rq->ext_end = rq->ext_reason = NULL;
		rq->ext_by = ROLE_NONE;
	}
	return buf_detach(&what);
}

/* The SO-loket is asked to decide on more hours or time. */
static void ask_loket(struct act *a)
{
	struct tvars v = TVARS_INIT;

	tvars_copy(&v, &a->extra);
	for (size_t i = 0; i < a->np; i++)
		if (a->pp[i].role == ROLE_LOKET)
			letter_send(&a->L, "verlenging-loket", ROLE_LOKET, a->pp[i].name, a->pp[i].email,
				    &v, NULL, 0);
	tvars_free(&v);
}

static void carry_out(struct act *a, const struct decision *d)
{
	struct job *j = a->j;
	struct request *rq = a->rq;
	struct person who = { 0 };
	enum status before = rq->status;
	char *change = NULL;

	if (!prepare(a, d, &who)) {
		person_clear(&who);
		return;
	}
	if (d->effects & (FX_ASK_EXTENSION | FX_GRANT_EXTENSION | FX_END_EXTENSION)) {
		if (!(change = extension(a, d))) {
			person_clear(&who);
			return;
		}
		tvars_set(&a->extra, "wijziging", change);
	}
	detail_vars(a, d, &who);
	if (d->effects & FX_LEAVE) {
		change = xasprintf("%s (%s) heeft de aanvraag teruggegeven aan het SO-loket. Reden: %s",
				   a->actor_name, role_name(a->actor), a->c.text);
		tvars_set(&a->extra, "wijziging", change);
	}
	rq->status = d->to;
	rq->gates = d->gates;
	if (d->effects & FX_SEND_BACK)
		rq->sent_back_by = d->person;
	if (d->effects & FX_STOPPED_EARLY)
		rq->stopped_early = true;
	if (d->effects & FX_JOIN)
		participant_add(j->st, j->ix->secret, rq->id, d->person, who.name, who.email);
	job_keep_documents(j, rq);
	request_save_state(j->st, rq, j->at);
	request_event(j->st, rq, j->at, d->event, a->actor, a->actor_name, j->in.from_addr,
		      who.email ? who.name : change ? change : a->c.text, j->msg_id);
	announce_entered(j, rq, before, NULL);
	if (d->effects & FX_LEAVE)
		for (size_t i = 0; i < a->np; i++)
			if (act_is_participant(a, &a->pp[i]) && a->pp[i].role == a->actor)
				participant_leave(j->st, a->pp[i].id, j->at);
	act_reload(a);
	if (d->effects & FX_REPLACE)
		replace(a, d, &who);
	act_reply(a, notice_confirmation(a->c.cmd, d->event), NULL);
	if (rq->status != before) {
		tvars_copy(&a->L.vars, &a->extra);
		announce_status(j, &a->L, rq, a->pp, a->np, a->actor, j->in.from_addr);
	} else if (d->effects & FX_ASK_EXTENSION) {
		ask_loket(a);
		tell_change(a, change, NULL, ROLE_LOKET);
	} else if (d->effects & (FX_GRANT_EXTENSION | FX_END_EXTENSION)) {
		tell_change(a, change, NULL, ROLE_NONE);
	} else if (d->gate_closed) {
		struct tvars v = TVARS_INIT;
		tvars_copy(&v, &a->extra);
		announce_gate_vars(rq, &v);
		for (size_t i = 0; i < a->np && a->actor != ROLE_IB; i++)
			if (a->pp[i].role == ROLE_IB)
				letter_send(&a->L, "poort-ib", ROLE_IB, a->pp[i].name, a->pp[i].email, &v,
					    NULL, 0);
		tvars_free(&v);
	}
	/* The SO-loket took the trajectbegeleider's step: the trajectbegeleider hears it. */
	if (d->for_tb) {
		char *what = xasprintf("Het SO-loket (%s) heeft de stap van de trajectbegeleider genomen: "
				       "%s.", a->actor_name, cmd_name(a->c.cmd));
		struct tvars v = TVARS_INIT;
		tvars_copy(&v, &a->extra);
		tvars_set(&v, "wijziging", what);
		for (size_t i = 0; i < a->np; i++)
			if (a->pp[i].role == ROLE_TB && rq->status == before)
				letter_send(&a->L, "wijziging", ROLE_TB, a->pp[i].name, a->pp[i].email, &v,
					    NULL, 0);
		tvars_free(&v);
		free(what);
	}
	job_outcome(j, "opdracht", cmd_name(a->c.cmd));
	free(change);
	person_clear(&who);
}

/* A corrected form after BPO>aanvraag incompleet: back to whoever sent it back (bpomail(1)). */
static void correct_form(struct act *a)
{
	struct job *j = a->j;
	struct request *rq = a->rq;
	struct form f;
	struct form_problems p = { 0 };
	struct person tb = { 0 };
	struct request earlier;
	bool bsn = false;

	/* Only the missing documents, no form: the stored form goes round again. */
	if (form_mail_read(j, &f, &p, &bsn, true) < 0)
		request_form(rq, a->pp, a->np, &f);
	form_check(&f, j->in.from_addr, &p);
	form_mail_find_tb(j, &f, &p, &tb);
	if (form_mail_find_earlier(j, &f, &p, &earlier) > 0)
		request_clear(&earlier);
	if (p.n) {
		form_mail_send_problems(j, rq, &f, &p, bsn);
		job_outcome(j, "formulier-afgekeurd", p.item[0].what);
	} else {
		enum status before = rq->status;
		bool pupil_changed = request_pupil_changed(rq, &f);
		request_update_form(j->st, rq, &f, j->at);
		rq->status = workflow_correct(request_state(rq), pupil_changed, tb.email != NULL,
					      f.lvl == NIVEAU_LEERLING, &rq->gates);
		rq->sent_back_by = ROLE_NONE;
		if (tb.email)
			participant_add(j->st, j->ix->secret, rq->id, ROLE_TB, tb.name, tb.email);
		for (size_t i = 0; i < f.n_ouder && f.lvl == NIVEAU_LEERLING; i++)
			participant_add(j->st, j->ix->secret, rq->id, ROLE_OUDER, f.ouder[i].name,
					f.ouder[i].email);
		job_keep_documents(j, rq);
		request_save_state(j->st, rq, j->at);
		request_event(j->st, rq, j->at, "aangevuld", ROLE_IB, a->actor_name, j->in.from_addr,
			      NULL, j->msg_id);
		/* Text around a form typed in the reply is a new note; a cover line above a quoted form is not. */
		if (j->form_found) {
			free(j->note);
			j->note = NULL;
		}
		if (j->note)
			request_event(j->st, rq, j->at, "toelichting", ROLE_IB, a->actor_name,
				      j->in.from_addr, j->note, j->msg_id);
		announce_entered(j, rq, before, NULL);
		act_reload(a);
		struct tvars fv = TVARS_INIT;
		form_mail_vars(j, &fv);
		act_reply(a, "ontvangen-ib", &fv);
		tvars_free(&fv);
		if (rq->status != before)
			announce_status(j, &a->L, rq, a->pp, a->np, ROLE_IB, j->in.from_addr);
		job_outcome(j, "opdracht", cmd_name(CMD_FORM));
	}
	person_clear(&tb);
	form_free(&f);
	form_problems_free(&p);
}

void execute_command(struct act *a)
{
	struct decision d = workflow_decide(request_state(a->rq), a->actor, a->c.cmd);

	if (!d.allowed)
		refuse_decision(a, d);
	else if (a->c.cmd == CMD_FORM)
		correct_form(a);
	else
		carry_out(a, &d);
}
