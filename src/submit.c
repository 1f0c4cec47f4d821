/* submit.c: mail about no request yet: a new request from a form, or the blank form. */
#include "compose.h"
#include "config.h"
#include "form.h"
#include "form_text.h"
#include "form_xml.h"
#include "intake.h"
#include "job.h"
#include "quote.h"
#include "request.h"
#include "store.h"
#include "utf8.h"
#include "util.h"

#define TEXT_FORM_MIN_LABELS 3

static const struct attachment_in *xml_attachment(const struct inmail *m)
{
	for (size_t i = 0; i < m->n_att; i++) {
		const char *name = m->att[i].filename, *dot = strrchr(name, '.');
		if ((dot && str_eq_nocase(dot, ".xml")) ||
		    strcmp(m->att[i].content_type, "application/xml") == 0 ||
		    strcmp(m->att[i].content_type, "text/xml") == 0)
			return &m->att[i];
	}
	return NULL;
}

static void send_blank_form(struct job *j)
{
	struct form blank;
	struct letters L;
	struct tvars v = TVARS_INIT;
	char *text, *xml;

	form_init(&blank);
	text = form_text_render(&blank);
	xml = form_xml_render(&blank);
	struct attachment_out att = { "aanvraagformulier.xml", "application/xml", xml, strlen(xml) };
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

static void problems_text(const struct form_problems *p, struct buf *out)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct form_problem *pr = &p->item[i];
		buf_adds(out, "- ");
		if (pr->line)
			buf_addf(out, "regel %u, ", pr->line);
		buf_addf(out, "%s: %s.", form_field_label(pr->field), pr->what);
		if (pr->expected)
			buf_addf(out, " Verwacht: %s.", pr->expected);
		buf_addc(out, '\n');
	}
	if (p->dropped)
		buf_addf(out, "- en nog %zu andere punten.\n", p->dropped);
}

void submit_send_problems(struct job *j, const struct request *rq, const struct form *f,
			  const struct form_problems *p, bool bsn)
{
	struct letters L;
	struct tvars v = TVARS_INIT;
	struct buf list = BUF_INIT;
	char *text = bsn ? xstrdup("") : form_text_render(f);
	char *xml = bsn ? NULL : form_xml_render(f);
	struct attachment_out att = { "aanvraagformulier.xml", "application/xml", xml,
				      xml ? strlen(xml) : 0 };

	problems_text(p, &list);
	tvars_set(&v, "problemen", buf_str(&list));
	tvars_setf(&v, "aantal", "%zu %s", p->n + p->dropped, p->n + p->dropped == 1 ? "punt" : "punten");
	tvars_set_private(&v, "formulier", text);
	tvars_set(&v, "bsn", bsn ? "ja" : "");
	act_form_vars(j, &v);
	letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, rq);
	letter_send(&L, "formulier-fouten", ROLE_IB, j->dir[0].name, j->in.from_addr, &v,
		    xml ? &att : NULL, xml ? 1 : 0);
	letters_free(&L);
	tvars_free(&v);
	buf_free(&list);
	free(text);
	free(xml);
}

/* How many fields of a form hold something: a quoted blank form holds none. */
static size_t filled_fields(const struct form *f)
{
	size_t n = f->n_expertise + f->n_ouder;

	for (int i = FF_NIVEAU; i < FF_COUNT; i++)
		n += form_get(f, (enum form_field)i) != NULL;
	return n;
}

/* A text form in text: enough labels, and (for a quoted or forwarded one) answers in it. */
static bool text_form_in(const char *text, struct form *f, bool must_be_filled)
{
	form_init(f);
	if (text && form_text_parse(text, f) >= TEXT_FORM_MIN_LABELS &&
	    (!must_be_filled || filled_fields(f) >= TEXT_FORM_MIN_LABELS))
		return true;
	form_free(f);
	return false;
}

/* The lines of top outside the form's own lines: what the sender wrote around it. */
static char *note_around(const char *top, const struct form *f)
{
	struct buf b = BUF_INIT;
	unsigned line = 0;
	const char *start;
	size_t n;

	for (const char *p = top; *p;) {
		size_t len = strcspn(p, "\n");
		line++;
		if (line < f->first_line || line > f->last_line) {
			buf_add(&b, p, len);
			buf_addc(&b, '\n');
		}
		p += len + (p[len] == '\n');
	}
	n = str_trim_len(buf_str(&b), b.len, &start);
	char *note = n ? xstrndup(start, utf8_prefix_len(start, n, BOUND_REMARK)) : NULL;
	buf_free(&b);
	return note;
}

/*
 * Finds the form where people put it (SPEC §2): an XML attachment, the text
 * they wrote, a forwarded message, or (when quoted is set) the quoted mail
 * they typed it into. Sets j->form_found to where, and j->note to what they
 * wrote around it. Returns false when there is none.
 */
static bool find_form(struct job *j, struct form *f, bool quoted, const struct attachment_in **xml)
{
	free(j->form_found);
	free(j->note);
	j->form_found = j->note = NULL;
	*xml = xml_attachment(&j->in);
	if (*xml) {
		form_init(f);
		j->form_found = xasprintf("in de bijlage %s", (*xml)->filename);
		j->note = note_around(j->top, &(struct form){ .first_line = 1, .last_line = 0 });
		return true;
	}
	if (text_form_in(j->top, f, false)) {
		j->note = note_around(j->top, f);
		return true;
	}
	if (text_form_in(j->in.forwarded, f, true)) {
		j->form_found = xstrdup("in het doorgestuurde bericht");
	} else if (quoted) {
		char *rest = quote_rest(j->in.text);
		bool found = text_form_in(rest, f, true);
		free(rest);
		if (!found)
			return false;
		j->form_found = xstrdup("in de geciteerde tekst onder uw bericht");
	} else {
		return false;
	}
	j->note = note_around(j->top, &(struct form){ .first_line = 1, .last_line = 0 });
	return true;
}

bool submit_has_form(struct job *j, bool quoted)
{
	struct form f;
	const struct attachment_in *xml;
	bool found = find_form(j, &f, quoted, &xml);

	if (found)
		form_free(&f);
	return found;
}

int submit_read_form(struct job *j, struct form *f, struct form_problems *p, bool *bsn, bool quoted)
{
	const struct attachment_in *xml;

	*bsn = job_has_bsn(j);
	if (!find_form(j, f, quoted, &xml))
		return -1;
	if (xml) {
		*bsn = *bsn || form_has_bsn(xml->data);
		if (xml->len > BOUND_XML_FORM)
			form_problem_add(p, FF_NONE, 0, "een XML-formulier van hoogstens 256 kB",
					 "het XML-bestand %s is te groot", xml->filename);
		else
			form_xml_parse(xml->data, xml->len, f, p);
	} else if (j->form_found) {
		*bsn = *bsn || form_has_bsn(j->in.forwarded ? j->in.forwarded : "") ||
		       form_has_bsn(j->in.text);
	}
	if (*bsn)
		form_problem_add(p, FF_NONE, 0,
				 "een formulier en bericht zonder BSN of onderwijsnummer",
				 "het bericht bevat een BSN of onderwijsnummer; dat mag niet worden "
				 "verstuurd en is niet bewaard");
	return 0;
}

/* The trajectbegeleider named on the form must be in the directory. */
int submit_find_tb(struct job *j, const struct form *f, struct form_problems *p, struct person *tb)
{
	struct strlist cand = STRLIST_INIT;
	struct buf list = BUF_INIT;
	const char *query = f->tb.email ? f->tb.email : f->tb.name;
	enum lookup found;

	memset(tb, 0, sizeof *tb);
	if (!query)
		return 0;
	found = directory_find(j->st, query, ROLE_TB, tb, &cand);
	if (found == LOOKUP_FOUND)
		return 1;
	for (size_t i = 0; i < cand.n; i++)
		buf_addf(&list, "%s%s", i ? "; " : "", cand.item[i]);
	form_problem_add(p, FF_TB, f->line[FF_TB],
			 cand.n ? buf_str(&list) : "een trajectbegeleider uit het adresboek van het SWV",
			 found == LOOKUP_AMBIGUOUS ? "'%.60s' past bij meer dan één trajectbegeleider"
						   : "'%.60s' staat niet als trajectbegeleider in het adresboek",
			 query);
	buf_free(&list);
	strlist_free(&cand);
	return -1;
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
	if (rq->status == ST_INDIENEN)
		act_add_loket(j, rq);
}

static void create_request(struct job *j, struct form *f, const struct person *tb)
{
	struct request rq;
	struct gates g;
	struct participant pp[MAX_PARTICIPANTS];
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
	act_keep_documents(j, &rq);
	request_event(j->st, &rq, j->at, "aangevraagd", ROLE_IB, ib_name(j, f), j->in.from_addr, NULL,
		      j->msg_id);
	if (j->note)
		request_event(j->st, &rq, j->at, "toelichting", ROLE_IB, ib_name(j, f), j->in.from_addr,
			      j->note, j->msg_id);
	if (status == ST_INDIENEN)
		request_event(j->st, &rq, j->at, "ingediend", ROLE_NONE, NULL, NULL,
			      "geen trajectbegeleider en geen toestemming nodig", j->msg_id);
	np = participants_load(j->st, rq.id, pp, MAX_PARTICIPANTS);
	letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, &rq);
	letters_refresh(&L, pp, np);
	act_gate_vars(&rq, &v);
	act_form_vars(j, &v);
	letter_send(&L, "ontvangen-ib", ROLE_IB, ib_name(j, f), j->in.from_addr, &v, NULL, 0);
	act_announce(j, &L, &rq, pp, np, ROLE_IB, j->in.from_addr);
	letters_free(&L);
	tvars_free(&v);
	participants_clear(pp, np);
	job_outcome(j, "aanvraag", rq.kenmerk);
	request_clear(&rq);
	free(thread);
}

void submit_handle(struct job *j)
{
	struct form f;
	struct form_problems p = { 0 };
	struct person tb = { 0 };
	bool bsn = false;

	if (j->n_dir == 0) {
		job_outcome(j, "quarantaine", "afzender staat niet in het adresboek");
		return;
	}
	/* No form (whatever the subject: "nieuw", "formulier", a question): the blank form. */
	if (submit_read_form(j, &f, &p, &bsn, true) < 0) {
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
	submit_find_tb(j, &f, &p, &tb);
	if (p.n) {
		submit_send_problems(j, NULL, &f, &p, bsn);
		job_outcome(j, "formulier-afgekeurd", p.item[0].what);
	} else {
		create_request(j, &f, &tb);
	}
	person_clear(&tb);
	form_free(&f);
	form_problems_free(&p);
}
