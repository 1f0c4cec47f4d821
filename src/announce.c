/* announce.c: tells everyone concerned that a request changed, each person the mail for their role. */
#include "announce.h"
#include "compose.h"
#include "consent_pdf.h"
#include "directory.h"
#include "form.h"
#include "form_text.h"
#include "intake.h"
#include "job.h"
#include "notice.h"
#include "request.h"
#include "summary.h"
#include "util.h"

static void add_loket(struct job *j, const struct request *rq)
{
	struct person loket[BOUND_LOKET];
	size_t n = directory_with_role(j->st, ROLE_LOKET, loket, BOUND_LOKET);

	for (size_t i = 0; i < n; i++) {
		participant_add(j->st, j->ix->secret, rq->id, ROLE_LOKET, loket[i].name, loket[i].email);
		person_clear(&loket[i]);
	}
	if (n == BOUND_LOKET && directory_count_role(j->st, ROLE_LOKET) > n)
		request_warn(j->st, rq->id, "alleen de eerste %d coördinatoren van het SO-loket uit het "
			     "adresboek zijn betrokken", BOUND_LOKET);
}

void announce_entered(struct job *j, const struct request *rq, enum status before,
		      const char *detail)
{
	if (rq->status == before || workflow_joins_on_entry(rq->status) != ROLE_LOKET)
		return;
	add_loket(j, rq);
	request_event(j->st, rq, j->at, "ingediend", ROLE_NONE, NULL, NULL, detail, j->msg_id);
}

/* The intern begeleider's note to the request, for those who get the whole request. */
static void note_vars(struct store *st, const struct request *rq, struct tvars *v)
{
	char *note = request_note(st, rq->id);

	tvars_set_private(v, "toelichting", note);
	free(note);
}

void announce_gate_vars(const struct request *rq, struct tvars *v)
{
	tvars_set(v, "wacht_tb", rq->status == ST_VOORLOPIG && rq->gates.tb == GATE_WAITING ? "ja" : "");
	tvars_set(v, "wacht_toestemming",
		  rq->status == ST_VOORLOPIG && rq->gates.consent == GATE_WAITING ? "ja" : "");
	tvars_set(v, "ingediend", rq->status == ST_INDIENEN ? "ja" : "");
}

/*
 * The request as a summary for those who read it, and as the filled-in form
 * for the intern begeleider who corrects it (never in a subject).
 */
static void summary_vars(const struct request *rq, const struct participant *pp, size_t np,
			 struct tvars *v)
{
	struct form f;
	char *text = summary_text(rq, pp, np);

	tvars_set_private(v, "samenvatting", text);
	free(text);
	request_form(rq, pp, np, &f);
	text = form_text_render(&f);
	tvars_set_private(v, "invulformulier", text);
	free(text);
	form_free(&f);
}

static void add_document_name(const struct document_info *d, void *arg)
{
	buf_addf(arg, "- %s\n", d->filename);
}

/* The documents of the request by name, one "- name" line each (the consent letter lists them). */
static void documents_var(struct store *st, const struct request *rq, struct tvars *v)
{
	struct buf b = BUF_INIT;

	request_each_document(st, rq->id, add_document_name, &b);
	tvars_set_private(v, "documenten", buf_str(&b));
	buf_free(&b);
}

void announce_request_vars(struct job *j, const struct request *rq, const struct participant *pp,
			   size_t np, struct tvars *v)
{
	summary_vars(rq, pp, np, v);
	documents_var(j->st, rq, v);
	note_vars(j->st, rq, v);
}

static bool is_actor(const struct participant *p, enum role actor_role, const char *actor_email)
{
	return actor_email && p->role == actor_role && str_eq_nocase(p->email, actor_email);
}

/* The documents of a full-picture mail, read from the database as the mail is written. */
struct doc_reader {
	struct document_reader r;
	const struct document *docs;
};

static int read_document(void *arg, size_t i, size_t off, char *p, size_t n)
{
	struct doc_reader *dr = arg;

	return request_document_read(&dr->r, &dr->docs[i], off, p, n);
}

/*
 * A person who becomes involved gets the full picture: the form in the mail
 * and the request's documents attached. Every such disclosure is recorded.
 */
static void send_full_picture(struct job *j, struct letters *L, const struct request *rq,
			      const char *template, enum role role, const char *name,
			      const char *email, const struct tvars *v)
{
	struct document docs[BOUND_DOCUMENTS];
	struct attachment_out att[ARRAY_SIZE(docs)];
	size_t n = request_documents(j->st, rq->id, docs, ARRAY_SIZE(docs));
	struct doc_reader reader = { { j->st, NULL, 0 }, docs };
	int64_t out;

	if (n == ARRAY_SIZE(docs) && request_document_count(j->st, rq->id) > n)
		request_warn(j->st, rq->id, "%s kreeg alleen de eerste %d documenten van de aanvraag",
			     name ? name : email, BOUND_DOCUMENTS);

	for (size_t i = 0; i < n; i++)
		att[i] = (struct attachment_out){ .filename = docs[i].filename,
						  .content_type = docs[i].content_type,
						  .len = docs[i].len, .stored = docs[i].sha256 };
	L->read = read_document;
	L->read_arg = &reader;
	out = letter_send(L, template, role, name, email, v, att, n);
	L->read = NULL;
	L->read_arg = NULL;
	request_document_done(&reader.r);
	if (out > 0) {
		request_disclosure(j->st, rq->id, out, j->at, email, role, "aanvraagformulier");
		for (size_t i = 0; i < n; i++)
			request_disclosure(j->st, rq->id, out, j->at, email, role, docs[i].filename);
	}
	documents_clear(docs, n);
}

/* The templates that give their reader the whole request. */
static bool full_picture(const char *template)
{
	static const char *const full[] = { "beoordelen-tb", "indienen-loket", "doorgezet-soco",
					    "uitvoering-bpoer" };

	for (size_t i = 0; i < ARRAY_SIZE(full); i++)
		if (strcmp(template, full[i]) == 0)
			return true;
	return false;
}

static void announce_one(struct job *j, struct letters *L, const struct request *rq,
			 const char *template, enum role role, const char *name, const char *email,
			 const struct tvars *v);

void announce_person(struct job *j, struct letters *L, const struct request *rq,
		     const struct participant *pp, size_t np, const char *template, enum role role,
		     const char *name, const char *email, const struct tvars *extra)
{
	struct tvars v = TVARS_INIT;

	tvars_copy(&v, extra);
	announce_gate_vars(rq, &v);
	announce_request_vars(j, rq, pp, np, &v);
	announce_one(j, L, rq, template, role, name, email, &v);
	tvars_free(&v);
}

/* The closing mails carry the documents sent with AFGEROND or STOPPEN: the evaluation report. */
static bool carries_report(const char *template)
{
	return strcmp(template, "afgerond-ib") == 0 || strcmp(template, "afgerond-loket") == 0;
}

static void send_report(struct job *j, struct letters *L, const struct request *rq,
			const char *template, enum role role, const char *name, const char *email,
			const struct tvars *v)
{
	struct attachment_out att[BOUND_ATTACHMENTS] = { 0 };
	size_t n = j->in.n_att < BOUND_ATTACHMENTS ? j->in.n_att : BOUND_ATTACHMENTS;
	int64_t out;

	for (size_t i = 0; i < n; i++)
		att[i] = (struct attachment_out){ j->in.att[i].filename, j->in.att[i].content_type,
						  j->in.att[i].data, j->in.att[i].len, NULL };
	out = letter_send(L, template, role, name, email, v, att, n);
	for (size_t i = 0; i < n && out > 0; i++)
		request_disclosure(j->st, rq->id, out, j->at, email, role, att[i].filename);
}

/* What the printable consent form says is shared, with whom: what the letter to the parents says. */
static const char consent_shared[] =
	"Met uw toestemming gaan de gegevens uit de aanvraag (de naam en geboortedatum van uw "
	"kind, de groep, de hulpvraag van de school en de documenten die de school meestuurt) "
	"naar:\n"
	"- de coördinator van het SO-loket van het samenwerkingsverband;\n"
	"- de trajectbegeleider van het schoolbestuur, als die de aanvraag beoordeelt;\n"
	"- de SO-coördinator en de BPO-er van de school voor speciaal onderwijs die de hulp geeft.\n"
	"\n"
	"Niemand anders krijgt deze gegevens. Een BSN of onderwijsnummer wordt nooit gevraagd of "
	"bewaard.";

/*
 * The letter asking the parents' consent carries the consent form as a PDF
 * for parents who prefer paper (bpomail(1), PRIVACY); without it when the
 * PDF cannot be made. The form names no pupil: the parent fills that in.
 */
static void send_consent_request(struct job *j, struct letters *L, const struct request *rq,
				 const char *template, const char *name, const char *email,
				 const struct tvars *v)
{
	const struct consent_pdf_text t = { rq->kenmerk, rq->school, consent_shared,
					    rq->toelichting_ouders };
	struct buf pdf = BUF_INIT;
	char *filename = consent_pdf_filename(rq->kenmerk);
	bool made = consent_pdf(&t, &pdf) == 0;
	struct attachment_out att = { filename, "application/pdf", pdf.data, pdf.len, NULL };
	struct tvars lv = TVARS_INIT;

	/* The letter offers the printed form only when it is attached. */
	tvars_copy(&lv, v);
	tvars_set(&lv, "formulier_bijlage", made ? "ja" : "");
	int64_t out = letter_send(L, template, ROLE_OUDER, name, email, &lv, made ? &att : NULL,
				  made ? 1 : 0);

	if (out > 0)
		request_disclosure(j->st, rq->id, out, j->at, email, ROLE_OUDER, "verzoek om toestemming");
	tvars_free(&lv);
	buf_free(&pdf);
	free(filename);
}

static void announce_one(struct job *j, struct letters *L, const struct request *rq,
			 const char *template, enum role role, const char *name, const char *email,
			 const struct tvars *v)
{
	if (role == ROLE_OUDER && strcmp(template, "toestemming-ouder") == 0) {
		send_consent_request(j, L, rq, template, name, email, v);
		return;
	}
	if (full_picture(template)) {
		send_full_picture(j, L, rq, template, role, name, email, v);
		return;
	}
	if (carries_report(template) && j->in.n_att) {
		send_report(j, L, rq, template, role, name, email, v);
		return;
	}
	int64_t out = letter_send(L, template, role, name, email, v, NULL, 0);
	if (out > 0 && role == ROLE_OUDER)
		request_disclosure(j->st, rq->id, out, j->at, email, role, "verzoek om toestemming");
}

void announce_status(struct job *j, struct letters *L, const struct request *rq,
		  const struct participant *pp, size_t np, enum role actor_role,
		  const char *actor_email)
{
	struct person loket[BOUND_LOKET];
	size_t nl = directory_with_role(j->st, ROLE_LOKET, loket, BOUND_LOKET);
	struct tvars v = TVARS_INIT;

	announce_gate_vars(rq, &v);
	announce_request_vars(j, rq, pp, np, &v);
	for (size_t i = 0; i < np; i++) {
		const char *t = notice_for_status(rq->status, pp[i].role);
		if (!t || is_actor(&pp[i], actor_role, actor_email))
			continue;
		if (pp[i].role == ROLE_IB && rq->status == ST_VOORLOPIG)
			continue;   /* the ib is told by the confirmation or the form reply */
		/* A gate already open is not asked again (consent that stands after a correction). */
		if (rq->status == ST_VOORLOPIG &&
		    ((pp[i].role == ROLE_TB && rq->gates.tb != GATE_WAITING) ||
		     (pp[i].role == ROLE_OUDER && rq->gates.consent != GATE_WAITING)))
			continue;
		announce_one(j, L, rq, t, pp[i].role, pp[i].name, pp[i].email, &v);
	}
	/* Every SO-loket coordinator hears of every status change (bpomail(1)). */
	for (size_t k = 0; k < nl; k++) {
		bool told = actor_role == ROLE_LOKET && actor_email &&
			    str_eq_nocase(loket[k].email, actor_email);
		for (size_t i = 0; i < np && !told; i++)
			told = pp[i].role == ROLE_LOKET && str_eq_nocase(pp[i].email, loket[k].email);
		if (!told)
			announce_one(j, L, rq, notice_for_status(rq->status, ROLE_LOKET), ROLE_LOKET,
				     loket[k].name, loket[k].email, &v);
		person_clear(&loket[k]);
	}
	tvars_free(&v);
}
