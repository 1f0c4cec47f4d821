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
	bool found = request_last_event(a->j->st, a->rq->id, notice_step_events(a->c.cmd), &h);

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
	default:
		act_refuse(a, "%s kan niet in de status %s.", cmd_name(a->c.cmd),
		       status_name(a->rq->status));
		return;
	}
}

/* Commands ------------------------------------------------------------------ */

/* Finds the person a SO-coördinator: or BPO-er: command names; refuses with candidates if not one. */
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

/* Checks what a command needs before anything changes; false after a refusal. */
static bool prepare(struct act *a, struct person *who)
{
	switch (a->c.cmd) {
	case CMD_AFGEWEZEN:
	case CMD_INCOMPLEET:
	case CMD_INTREKKEN:
		if (!a->c.text) {
			act_refuse(a, "Bij %s hoort een reden, op dezelfde regel na de dubbele punt, "
			       "bijvoorbeeld: %s: <de reden>.", cmd_name(a->c.cmd), cmd_name(a->c.cmd));
			return false;
		}
		return true;
	case CMD_TOESTEMMING:
		if (a->actor == ROLE_IB && a->j->in.n_att == 0) {
			act_refuse(a, "Voeg het door de ouders ondertekende toestemmingsformulier als bijlage "
			       "toe aan uw bericht met TOESTEMMING.");
			return false;
		}
		return true;
	case CMD_SOCO:
		return find_person(a, ROLE_SOCO, who) && grant_values(a);
	case CMD_BPOER:
		return find_person(a, ROLE_BPOER, who);
	default:
		return true;
	}
}

static void detail_vars(struct act *a, const struct person *who)
{
	bool reason = a->c.cmd == CMD_AFGEWEZEN || a->c.cmd == CMD_INCOMPLEET ||
		      a->c.cmd == CMD_INTREKKEN;

	tvars_set(&a->extra, "reden", reason ? a->c.text : "");
	tvars_set(&a->extra, "opmerking", reason || who->email ? "" : a->c.text);
	tvars_set(&a->extra, "gekozen", who->email ? who->name : "");
	tvars_set(&a->extra, "gekozen_adres", who->email ? who->email : "");
	if (a->c.cmd == CMD_GEEN_TOESTEMMING)
		tvars_set(&a->extra, "reden", "de ouders/verzorgers geven geen toestemming");
}

static void carry_out(struct act *a, struct decision d)
{
	struct job *j = a->j;
	struct request *rq = a->rq;
	struct person who = { 0 };
	enum status before = rq->status;

	if (!prepare(a, &who)) {
		person_clear(&who);
		return;
	}
	detail_vars(a, &who);
	rq->status = d.to;
	rq->gates = d.gates;
	if (a->c.cmd == CMD_SOCO)
		participant_add(j->st, j->ix->secret, rq->id, ROLE_SOCO, who.name, who.email);
	if (a->c.cmd == CMD_BPOER)
		participant_add(j->st, j->ix->secret, rq->id, ROLE_BPOER, who.name, who.email);
	job_keep_documents(j, rq);
	request_save_state(j->st, rq, j->at);
	request_event(j->st, rq, j->at, notice_event(a->c.cmd), a->actor, a->actor_name,
		      j->in.from_addr, who.email ? who.name : a->c.text, j->msg_id);
	if (rq->status == ST_INDIENEN && before != ST_INDIENEN) {
		announce_add_loket(j, rq);
		request_event(j->st, rq, j->at, "ingediend", ROLE_NONE, NULL, NULL, NULL, j->msg_id);
	}
	act_reload(a);
	act_reply(a, notice_confirmation(a->c.cmd), NULL);
	if (rq->status != before) {
		tvars_copy(&a->L.vars, &a->extra);
		announce_status(j, &a->L, rq, a->pp, a->np, a->actor, j->in.from_addr);
	} else if (d.gate_closed && a->actor != ROLE_IB) {
		struct tvars v = TVARS_INIT;
		tvars_copy(&v, &a->extra);
		announce_gate_vars(rq, &v);
		for (size_t i = 0; i < a->np; i++)
			if (a->pp[i].role == ROLE_IB)
				letter_send(&a->L, "poort-ib", ROLE_IB, a->pp[i].name, a->pp[i].email, &v,
					    NULL, 0);
		tvars_free(&v);
	}
	job_outcome(j, "opdracht", cmd_name(a->c.cmd));
	person_clear(&who);
}

/* A corrected form after BPO>aanvraag incompleet: back to the gates (SPEC §1). */
static void correct_form(struct act *a)
{
	struct job *j = a->j;
	struct request *rq = a->rq;
	struct form f;
	struct form_problems p = { 0 };
	struct person tb = { 0 };
	bool bsn = false;

	/* Only the missing documents, no form: the stored form goes round again. */
	if (form_mail_read(j, &f, &p, &bsn, true) < 0)
		request_form(rq, a->pp, a->np, &f);
	form_check(&f, j->in.from_addr, &p);
	form_mail_find_tb(j, &f, &p, &tb);
	if (p.n) {
		form_mail_send_problems(j, rq, &f, &p, bsn);
		job_outcome(j, "formulier-afgekeurd", p.item[0].what);
	} else {
		enum status before = rq->status;
		request_update_form(j->st, rq, &f, j->at);
		rq->status = workflow_start(&rq->gates, tb.email != NULL, f.lvl == NIVEAU_LEERLING);
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
		if (rq->status == ST_INDIENEN) {
			announce_add_loket(j, rq);
			request_event(j->st, rq, j->at, "ingediend", ROLE_NONE, NULL, NULL, NULL, j->msg_id);
		}
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
	struct decision d = workflow_decide(a->rq->status, a->rq->gates, a->actor, a->c.cmd);

	if (!d.allowed)
		refuse_decision(a, d);
	else if (a->c.cmd == CMD_FORM)
		correct_form(a);
	else
		carry_out(a, d);
}
