/* overleg.c: a reply that decides nothing: kept, passed on to the others, and its sender answered; STATUS. */
#include "act.h"
#include "announce.h"
#include "command.h"
#include "compose.h"
#include "config.h"
#include "directory.h"
#include "intake.h"
#include "job.h"
#include "mailparse.h"
#include "notice.h"
#include "request.h"
#include "utf8.h"
#include "words.h"
#include "util.h"

/* STATUS and overleg ------------------------------------------------------ */

/*
 * The newest BOUND_HISTORY_LINES events of the request, oldest first, as
 * sentences. A parent does not read what the other parent did (bpomail(1),
 * PRIVACY): for them parents' events are left out.
 */
static char *history_text(struct store *st, int64_t request_id, enum role reader)
{
	struct history_line h[BOUND_HISTORY_LINES];
	size_t total, n = request_history(st, request_id, BOUND_HISTORY_LINES, h, &total);
	struct buf b = BUF_INIT;

	if (total > n)
		buf_addf(&b, "- (%zu eerdere gebeurtenissen staan niet in deze lijst)\n", total - n);
	for (size_t i = 0; i < n; i++)
		if (reader != ROLE_OUDER || h[i].by_role != ROLE_OUDER)
			words_history_line(&h[i], &b);
	history_clear(h, n);
	return buf_detach(&b);
}

void overleg_status(struct act *a)
{
	struct tvars v = TVARS_INIT;
	char *history = history_text(a->j->st, a->rq->id, a->actor);

	tvars_set(&v, "geschiedenis", history);
	act_reply(a, "status", &v);
	job_outcome(a->j, "status", NULL);
	free(history);
	tvars_free(&v);
}

/* Cuts *text to at most bound bytes, visibly; true when it was cut. */
static bool cut_text(char **text, size_t bound)
{
	size_t n = strlen(*text);

	if (n <= bound)
		return false;
	char *cut = xasprintf("%.*s\n%s", (int)utf8_prefix_len(*text, n, bound), *text,
			      MAILPARSE_CUT_MARK);
	free(*text);
	*text = cut;
	return true;
}

/* The parents refused or withdrew consent: nothing about the pupil goes anywhere any more (bpomail(1), Privacy). */
static bool consent_ended(struct act *a)
{
	static const char *const ended[] = { "geen-toestemming", "toestemming-ingetrokken", NULL };
	struct history_line h;
	bool found;

	if (a->rq->status != ST_INGETROKKEN)
		return false;
	found = request_last_event(a->j->st, a->rq->id, ended, &h);
	if (found)
		history_clear(&h, 1);
	return found;
}

/*
 * Passes the message on to the other participants and keeps it in the
 * history; a parent's message goes to the intern begeleider only, and the
 * intern begeleider's answer to it to that parent only (bpomail(1)).
 * Returns who it went to, in words ("" for nobody); caller frees.
 */
static char *pass_on(struct act *a)
{
	struct job *j = a->j;
	struct attachment_out att[BOUND_ATTACHMENTS];
	struct tvars v = TVARS_INIT;
	struct buf names = BUF_INIT, to = BUF_INIT;
	/* The intern begeleider's answer to a parent's message goes back to that parent only. */
	char *parent = a->actor == ROLE_IB ? request_parent_answered(j->st, a->rq->id, j->in.in_reply_to,
								     &j->in.references) : NULL;

	if (consent_ended(a)) {
		/* Recorded that it came, without its words or documents. */
		request_event(j->st, a->rq, j->at, "overleg", a->actor, a->actor_name, j->in.from_addr,
			      NULL, j->msg_id);
		tvars_set(&a->extra, "privacy", "ja");
		free(parent);
		return xstrdup("");
	}
	if (cut_text(&j->top, BOUND_MESSAGE_TEXT) || j->in.text_cut)
		tvars_set(&a->extra, "ingekort", "ja");
	job_keep_documents(j, a->rq);
	request_event(j->st, a->rq, j->at, "overleg", a->actor, a->actor_name, j->in.from_addr,
		      j->top, j->msg_id);
	for (size_t i = 0; i < j->in.n_att; i++) {
		att[i] = (struct attachment_out){ j->in.att[i].filename, j->in.att[i].content_type,
						  j->in.att[i].data, j->in.att[i].len, NULL };
		buf_addf(&names, "- %s\n", j->in.att[i].filename);
	}
	tvars_copy(&v, &a->extra);
	tvars_set_private(&v, "bericht", j->top);
	tvars_set(&v, "bijlagen", buf_str(&names));
	for (size_t i = 0; i < a->np; i++) {
		const struct participant *p = &a->pp[i];
		const char *template = a->actor == ROLE_OUDER ? "bericht-ouder" : "overleg";
		if (parent) {
			if (p->role != ROLE_OUDER || !str_eq_nocase(p->email, parent))
				continue;
			template = "antwoord-ouder";
		} else if (p->role == ROLE_OUDER || act_is_participant(a, p) ||
			   (a->actor == ROLE_OUDER && p->role != ROLE_IB)) {
			continue;
		}
		/* A parent's name stays out of subjects: it names the child's family. */
		int64_t out = letter_send(&a->L, template, p->role, p->name, p->email, &v, att,
					  j->in.n_att);
		for (size_t k = 0; k < j->in.n_att && out > 0; k++)
			request_disclosure(j->st, a->rq->id, out, j->at, p->email, p->role,
					   j->in.att[k].filename);
		buf_addf(&to, "%s%s (%s)", to.len ? ", " : "", p->name, role_name(p->role));
	}
	buf_free(&names);
	tvars_free(&v);
	free(parent);
	return buf_detach(&to);
}

/* The exact lines the actor may answer with now, one per line, indented. */
static char *options_text(struct act *a)
{
	struct buf b = BUF_INIT;

	for (int c = CMD_AKKOORD; c < CMD_COUNT; c++) {
		if (c == CMD_STATUS)
			continue;
		if (workflow_decide(request_state(a->rq), a->actor, (enum cmd)c).allowed)
			buf_addf(&b, "  %s\n", notice_usage((enum cmd)c, a->actor));
	}
	if (b.len)
		buf_truncate(&b, b.len - 1);
	return buf_detach(&b);
}

/* Why a reply decided nothing, in words for its sender. */
static char *doubt_text(enum doubt d, enum cmd c)
{
	const char *text = "Uw bericht klinkt als een besluit, maar een besluit leggen wij alleen vast "
			   "als u het in precies deze woorden schrijft.";

	switch (d) {
	case DOUBT_QUESTION:
		text = "Uw bericht stelt een vraag over dit besluit. Daarom hebben wij niets vastgelegd.";
		break;
	case DOUBT_CONDITION:
		text = "Uw bericht noemt een voorwaarde, een voorbehoud of een 'nog niet'. Een besluit "
		       "onder voorwaarde kunnen wij niet vastleggen.";
		break;
	case DOUBT_VAGUE:
		text = "Uit uw bericht kunnen wij niet met zekerheid opmaken wat u besluit. Wij nemen "
		       "nooit een besluit voor u.";
		break;
	case DOUBT_NO_REASON:
		return xasprintf("Bij %s hoort een reden, na de dubbele punt op dezelfde regel.",
				 cmd_name(c));
	case DOUBT_FURTHER_DOWN:
		text = "Een besluit telt alleen als het bovenaan uw antwoord staat, boven de rest van uw "
		       "tekst.";
		break;
	case DOUBT_WORDS:
	case DOUBT_NONE:
		break;
	}
	return xstrdup(text);
}

/* "Bedoelde u ...? Antwoord dan met ...": what a refusal or question seemed to mean. */
static char *meaning_text(struct act *a)
{
	enum cmd c = a->c.cmd;
	char *why = doubt_text(a->c.doubt, c), *out;

	if (!workflow_decide(request_state(a->rq), a->actor, c).allowed)
		out = xasprintf("%s Bedoelde u %s? Dat is in deze fase van de aanvraag niet mogelijk.",
				why, cmd_name(c));
	else
		out = xasprintf("%s Bedoelde u %s? Antwoord dan met deze regel:\n\n  %s", why,
				cmd_name(c), notice_usage(c, a->actor));
	free(why);
	return out;
}

/* The SO-loket coordinators, who can always be reached about a request. */
static char *loket_text(struct act *a)
{
	struct person loket[BOUND_LOKET];
	size_t n = directory_with_role(a->j->st, ROLE_LOKET, loket, BOUND_LOKET);
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		buf_addf(&b, "%s%s <%s>", b.len ? ", " : "", loket[i].name, loket[i].email);
		person_clear(&loket[i]);
	}
	return buf_detach(&b);
}

static bool actor_is_next(struct act *a)
{
	enum role next[2];

	workflow_next_roles(a->rq->status, a->rq->gates, next);
	return next[0] == a->actor || next[1] == a->actor;
}

/*
 * A reply that decides nothing (bpomail(1), Reading replies): kept and passed on as a message,
 * and its sender answered when it seemed to decide something, when it is
 * their step, when it was empty, or when it reached nobody.
 */
void overleg_handle(struct act *a)
{
	struct job *j = a->j;
	bool empty = !*j->top && j->in.n_att == 0;
	char *to = empty ? xstrdup("") : pass_on(a);
	struct tvars v = TVARS_INIT;

	if (a->c.reading == READ_QUESTION && a->c.cmd == CMD_STATUS) {
		tvars_set(&a->extra, "doorgestuurd", to);
		overleg_status(a);
	} else if (a->c.reading != READ_NOTHING || actor_is_next(a) || empty || !*to ||
		   a->actor == ROLE_OUDER || tvars_get(&a->extra, "ingekort")) {
		char *options = options_text(a);
		char *meaning = a->c.reading == READ_NOTHING ? xstrdup("") : meaning_text(a);
		char *loket = *to || empty ? xstrdup("") : loket_text(a);
		tvars_set(&v, "doorgestuurd", to);
		tvars_set(&v, "ingekort", tvars_get(&a->extra, "ingekort"));
		tvars_set(&v, "leeg", empty ? "ja" : "");
		tvars_set(&v, "privacy", tvars_get(&a->extra, "privacy"));
		tvars_set(&v, "niemand", !empty && !*to && !tvars_get(&a->extra, "privacy") ? "ja" : "");
		tvars_set(&v, "bereikbaar", loket);
		tvars_set(&v, "bedoeling", meaning);
		tvars_set(&v, "opties", options);
		act_reply(a, "niets-besloten", &v);
		free(options);
		free(meaning);
		free(loket);
	}
	if (a->c.reading == READ_QUESTION && a->c.cmd == CMD_STATUS)
		job_outcome(j, "status", NULL);
	else if (empty)
		job_outcome(j, "leeg", "leeg bericht: niets besloten, afzender geantwoord");
	else
		job_outcome(j, "overleg", a->c.reading == READ_REFUSAL ? "klinkt als een besluit: bevestiging gevraagd"
			    : a->c.reading == READ_QUESTION ? "vraag over een besluit: niets besloten"
			    : *to ? NULL : "niemand anders betrokken");
	tvars_free(&v);
	free(to);
}
