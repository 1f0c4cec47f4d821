/* submit.c: mail about no request yet: a new request from a form, or the blank form. */
#include "announce.h"
#include "compose.h"
#include "config.h"
#include "form.h"
#include "form_mail.h"
#include "form_text.h"
#include "form_xml.h"
#include "intake.h"
#include "job.h"
#include "request.h"
#include "store.h"
#include "submit.h"
#include "util.h"

static void send_blank_form(struct job *j)
{
	struct form blank;
	struct letters L;
	struct tvars v = TVARS_INIT;
	char *text, *xml;

	form_init(&blank);
	text = form_text_render(&blank);
	xml = form_xml_render(&blank);
	struct attachment_out att = { "aanvraagformulier.xml", "application/xml", xml, strlen(xml), NULL };
	tvars_set(&v, "formulier", text);
	letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, NULL);
	letter_send(&L, "formulier", j->dir[0].role, j->dir[0].name, j->in.from_addr, &v, &att, 1);
	letters_free(&L);
	tvars_free(&v);
	free(text);
	free(xml);
	form_free(&blank);
	job_outcome(j, "formulier", "leeg formulier gestuurd");
}

/* The intern begeleider's name: as on the form, else as in the directory. */
static const char *ib_name(const struct job *j, const struct form *f)
{
	const struct person *ib = job_directory_role(j, ROLE_IB);

	return f->ib.name ? f->ib.name : ib ? ib->name : NULL;
}

static void add_people(struct job *j, const struct request *rq, const struct form *f,
		       const struct person *tb)
{
	const char *ib_email = f->ib.email ? f->ib.email : j->in.from_addr;

	participant_add(j->st, j->ix->secret, rq->id, ROLE_IB, ib_name(j, f), ib_email);
	if (tb->email)
		participant_add(j->st, j->ix->secret, rq->id, ROLE_TB, tb->name, tb->email);
	for (size_t i = 0; i < f->n_ouder && f->lvl == NIVEAU_LEERLING; i++)
		participant_add(j->st, j->ix->secret, rq->id, ROLE_OUDER, f->ouder[i].name,
				f->ouder[i].email);
}

static void create_request(struct job *j, struct form *f, const struct person *tb,
			   const struct request *earlier)
{
	struct request rq;
	struct gates g;
	struct participant pp[BOUND_PARTICIPANTS];
	struct letters L;
	struct tvars v = TVARS_INIT;
	int year = (int)(j->at[0] - '0') * 1000 + (j->at[1] - '0') * 100 + (j->at[2] - '0') * 10 +
		   (j->at[3] - '0');
	enum status status = workflow_start(&g, tb->email != NULL, f->lvl == NIVEAU_LEERLING);
	char *thread = j->in.message_id ? xstrdup(j->in.message_id) : NULL;
	size_t np;

	if (!thread) {
		char *rnd = compose_random_hex(12);
		const char *at = strrchr(j->cfg->address, '@');
		thread = xasprintf("%s@%s", rnd, at ? at + 1 : "localhost");
		free(rnd);
	}
	if (request_create(j->st, f, year, thread, status, g, j->at, &rq) < 0) {
		free(thread);
		return;
	}
	add_people(j, &rq, f, tb);
	job_keep_documents(j, &rq);
	request_event(j->st, &rq, j->at, "aangevraagd", ROLE_IB, ib_name(j, f), j->in.from_addr, NULL,
		      j->msg_id);
	if (j->note)
		request_event(j->st, &rq, j->at, "toelichting", ROLE_IB, ib_name(j, f), j->in.from_addr,
			      j->note, j->msg_id);
	if (earlier) {
		char *to_new = xasprintf("vervolg op %s", earlier->kenmerk);
		char *to_old = xasprintf("vervolgd in %s", rq.kenmerk);
		request_event(j->st, &rq, j->at, "gekoppeld", ROLE_IB, ib_name(j, f), j->in.from_addr,
			      to_new, j->msg_id);
		request_event(j->st, earlier, j->at, "gekoppeld", ROLE_IB, ib_name(j, f),
			      j->in.from_addr, to_old, j->msg_id);
		free(to_new);
		free(to_old);
	}
	announce_entered(j, &rq, ST_NONE, "geen trajectbegeleider en geen toestemming nodig");
	np = participants_load(j->st, rq.id, pp, BOUND_PARTICIPANTS);
	letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, &rq);
	letters_refresh(&L, pp, np);
	announce_gate_vars(&rq, &v);
	form_mail_vars(j, &v);
	letter_send(&L, "ontvangen-ib", ROLE_IB, ib_name(j, f), j->in.from_addr, &v, NULL, 0);
	announce_status(j, &L, &rq, pp, np, ROLE_IB, j->in.from_addr);
	letters_free(&L);
	tvars_free(&v);
	participants_clear(pp, np);
	job_outcome(j, "aanvraag", rq.kenmerk);
	request_clear(&rq);
	free(thread);
}

void submit_handle(struct job *j, const struct request *earlier)
{
	struct form f;
	struct form_problems p = { 0 };
	struct person tb = { 0 };
	struct request named = { 0 };
	bool bsn = false;

	if (j->n_dir == 0) {
		job_outcome(j, "quarantaine", "afzender staat niet in het adresboek");
		return;
	}
	/* No form (whatever the subject: "nieuw", "formulier", a question): the blank form. */
	if (form_mail_read(j, &f, &p, &bsn, true) < 0) {
		send_blank_form(j);
		form_problems_free(&p);
		return;
	}
	if (!job_directory_role(j, ROLE_IB)) {
		job_outcome(j, "geweigerd", "alleen een intern begeleider kan een aanvraag indienen");
		struct letters L;
		struct tvars v = TVARS_INIT;
		tvars_set(&v, "reden", "Alleen een intern begeleider kan een aanvraag indienen. U staat "
			  "in het adresboek van het SWV niet als intern begeleider.");
		tvars_set(&v, "opdracht", "een nieuwe aanvraag");
		letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, NULL);
		letter_send(&L, "geweigerd", j->dir[0].role, j->dir[0].name, j->in.from_addr, &v, NULL, 0);
		letters_free(&L);
		tvars_free(&v);
		form_free(&f);
		form_problems_free(&p);
		return;
	}
	form_check(&f, j->in.from_addr, &p);
	form_mail_find_tb(j, &f, &p, &tb);
	/* A form in a finished request's thread follows it up, unless it names another one. */
	if (earlier && !f.eerdere_aanvraag)
		f.eerdere_aanvraag = xstrdup(earlier->kenmerk);
	if (form_mail_find_earlier(j, &f, &p, &named) > 0)
		earlier = &named;
	if (p.n) {
		form_mail_send_problems(j, NULL, &f, &p, bsn);
		job_outcome(j, "formulier-afgekeurd", p.item[0].what);
	} else {
		create_request(j, &f, &tb, earlier);
	}
	request_clear(&named);
	person_clear(&tb);
	form_free(&f);
	form_problems_free(&p);
}
