/* autoreply.c: bounces of our mail and out-of-office replies: recorded, the SO-loket told, never answered. */
#include "autoreply.h"
#include "compose.h"
#include "config.h"
#include "intake.h"
#include "job.h"
#include "outbox.h"
#include "request.h"
#include "store.h"
#include "util.h"

/* A bounce: a delivery report, an empty envelope sender or a mail server as sender. */
static bool is_bounce(const struct inmail *m)
{
	return m->is_report || (m->return_path && !*m->return_path) ||
	       (m->from_addr && (str_starts_with(m->from_addr, "mailer-daemon@") ||
				 str_starts_with(m->from_addr, "postmaster@")));
}

/* Finds one of our Message-IDs ("<...@our.domain>") in text; its outmail row, or 0. */
static int64_t find_our_id(struct store *st, const char *text, size_t len, const char *domain)
{
	char *tail = xasprintf("@%s>", domain);
	size_t tlen = strlen(tail);
	int64_t found = 0;

	for (const char *p = text; !found && p + tlen <= text + len; p++) {
		const char *at = memmem(p, (size_t)(text + len - p), tail, tlen);
		if (!at)
			break;
		const char *lt = at;
		while (lt > p && lt[-1] != '<' && at - lt < 200)
			lt--;
		if (lt > text && lt[-1] == '<') {
			char *id = xstrndup(lt, (size_t)(at - lt) + tlen - 1);
			found = outbox_find(st, id);
			free(id);
		}
		p = at;
	}
	free(tail);
	return found;
}

static void tell_loket(struct job *j, const struct request *rq, const char *template,
		       const struct tvars *v)
{
	struct person loket[BOUND_LOKET];
	size_t n = directory_with_role(j->st, ROLE_LOKET, loket, BOUND_LOKET);
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(j->st, rq->id, pp, BOUND_PARTICIPANTS);
	struct letters L;

	letters_init(&L, j->st, j->cfg, j->ix->secret, NULL, j->msg_id, rq);
	letters_refresh(&L, pp, np);
	for (size_t i = 0; i < n; i++) {
		letter_send(&L, template, ROLE_LOKET, loket[i].name, loket[i].email, v, NULL, 0);
		person_clear(&loket[i]);
	}
	letters_free(&L);
	participants_clear(pp, np);
}

static bool bounce(struct job *j)
{
	const char *at = strrchr(j->cfg->address, '@');
	int64_t out = find_our_id(j->st, j->in.text, strlen(j->in.text), at ? at + 1 : "");
	struct request rq;
	struct tvars v = TVARS_INIT;

	for (size_t i = 0; !out && i < j->in.n_att; i++)
		out = find_our_id(j->st, j->in.att[i].data, j->in.att[i].len, at ? at + 1 : "");
	if (!out)
		return false;
	int64_t rid = 0;
	char *to = NULL;
	if (!outbox_sent_to(j->st, out, &rid, &to) || request_load(j->st, rid, &rq) < 0) {
		free(to);
		return false;
	}
	char *detail = xasprintf("een bericht aan %s kwam niet aan", to);
	request_event(j->st, &rq, j->at, "onbestelbaar", ROLE_NONE, NULL, to, detail, j->msg_id);
	tvars_set(&v, "onbestelbaar", to);
	tell_loket(j, &rq, "onbestelbaar-loket", &v);
	job_outcome(j, "onbestelbaar", detail);
	tvars_free(&v);
	free(detail);
	free(to);
	request_clear(&rq);
	return true;
}

/* An out-of-office reply from the person whose step it is (bpomail(1), WHO MAY DO WHAT). */
static bool absent(struct job *j, const struct request *rq)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(j->st, rq->id, pp, BOUND_PARTICIPANTS);
	enum role next[2];
	const struct participant *who = NULL;
	struct tvars v = TVARS_INIT;

	workflow_next_roles(rq->status, rq->gates, next);
	for (size_t i = 0; i < np && !who; i++)
		if (str_eq_nocase(pp[i].email, j->in.from_addr) &&
		    (pp[i].role == next[0] || (next[1] && pp[i].role == next[1])))
			who = &pp[i];
	/* One notice a day per person and request is enough. */
	if (who && !request_event_since(j->st, rq->id, "afwezig", who->email, j->at)) {
		char *detail = xasprintf("automatisch antwoord: %s", j->in.subject);
		request_event(j->st, rq, j->at, "afwezig", who->role, who->name, who->email, detail,
			      j->msg_id);
		tvars_set(&v, "afwezig", who->name);
		tvars_set(&v, "afwezig_rol", role_name(who->role));
		tvars_set_private(&v, "bericht", j->top ? j->top : "");
		tell_loket(j, rq, "afwezig-loket", &v);
		job_outcome(j, "afwezig", detail);
		free(detail);
	}
	tvars_free(&v);
	participants_clear(pp, np);
	return who != NULL;
}

void autoreply_handle(struct job *j, struct request *rq, const char *why)
{
	if (is_bounce(&j->in) && bounce(j))
		return;
	if (rq && !is_bounce(&j->in) && !j->in.our_loop && absent(j, rq))
		return;
	job_outcome(j, "genegeerd", why);
}
