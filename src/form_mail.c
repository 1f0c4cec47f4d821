/* form_mail.c: the request form in a mail, wherever its sender put it, and the answer listing its problems. */
#include "compose.h"
#include "config.h"
#include "form.h"
#include "form_mail.h"
#include "form_text.h"
#include "form_xml.h"
#include "intake.h"
#include "job.h"
#include "quote.h"
#include "request.h"
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

void form_mail_send_problems(struct job *j, const struct request *rq, const struct form *f,
			  const struct form_problems *p, bool bsn)
{
	struct letters L;
	struct tvars v = TVARS_INIT;
	struct buf list = BUF_INIT;
	char *text = bsn ? xstrdup("") : form_text_render(f);
	char *xml = bsn ? NULL : form_xml_render(f);
	struct attachment_out att = { "aanvraagformulier.xml", "application/xml", xml,
				      xml ? strlen(xml) : 0, NULL };

	problems_text(p, &list);
	tvars_set(&v, "problemen", buf_str(&list));
	tvars_setf(&v, "aantal", "%zu %s", p->n + p->dropped, p->n + p->dropped == 1 ? "punt" : "punten");
	tvars_set_private(&v, "formulier", text);
	tvars_set(&v, "bsn", bsn ? "ja" : "");
	form_mail_vars(j, &v);
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
 * Finds the form where people put it (bpomail(1), Where a form is found): an XML attachment, the text
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

bool form_mail_has(struct job *j, bool quoted)
{
	struct form f;
	const struct attachment_in *xml;
	bool found = find_form(j, &f, quoted, &xml);

	if (found)
		form_free(&f);
	return found;
}

int form_mail_read(struct job *j, struct form *f, struct form_problems *p, bool *bsn, bool quoted)
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
int form_mail_find_tb(struct job *j, const struct form *f, struct form_problems *p, struct person *tb)
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

int form_mail_find_earlier(struct job *j, const struct form *f, struct form_problems *p,
			   struct request *earlier)
{
	memset(earlier, 0, sizeof *earlier);
	if (!f->eerdere_aanvraag || form_problem_has(p, FF_EERDERE))
		return 0;
	if (request_load_kenmerk(j->st, f->eerdere_aanvraag, earlier) != 0) {
		form_problem_add(p, FF_EERDERE, f->line[FF_EERDERE],
				 "het kenmerk van een eerdere aanvraag van uw school",
				 "%s is geen bekende aanvraag", f->eerdere_aanvraag);
		return -1;
	}
	if (!f->brin || !earlier->brin || !str_eq_nocase(f->brin, earlier->brin)) {
		form_problem_add(p, FF_EERDERE, f->line[FF_EERDERE],
				 "het kenmerk van een eerdere aanvraag van uw school",
				 "%s is een aanvraag van een andere school", f->eerdere_aanvraag);
		request_clear(earlier);
		return -1;
	}
	return 1;
}

void form_mail_vars(const struct job *j, struct tvars *v)
{
	tvars_set(v, "gevonden", j->form_found);
	tvars_set_private(v, "toelichting", j->note);
}
