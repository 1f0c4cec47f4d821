/* form_mail.h: the request form in an incoming mail, and the answer listing its problems. */
#ifndef BPOMAIL_FORM_MAIL_H
#define BPOMAIL_FORM_MAIL_H

#include <stdbool.h>

struct form;
struct form_problems;
struct job;
struct person;
struct request;
struct tvars;

/*
 * The form in j's message: an XML attachment, the text the sender wrote, a
 * forwarded message, or (quoted set) the quoted mail they typed it into.
 * Returns 0 with f filled (and problems of reading it in p, a BSN in *bsn),
 * or -1 when there is none. Sets j->form_found to where it was when not in
 * the text, and j->note to what the sender wrote around it.
 */
int form_mail_read(struct job *j, struct form *f, struct form_problems *p, bool *bsn, bool quoted);

/* Whether j's message carries a form (as form_mail_read() finds it). */
bool form_mail_has(struct job *j, bool quoted);

/* The form's trajectbegeleider in the directory: 1 found, 0 none named, -1 a problem added. */
int form_mail_find_tb(struct job *j, const struct form *f, struct form_problems *p,
		      struct person *tb);

/*
 * The earlier request the form names (Eerdere aanvraag): 1 loaded into
 * *earlier (caller clears it), 0 none named, -1 a problem added (unknown,
 * or a request of another school).
 */
int form_mail_find_earlier(struct job *j, const struct form *f, struct form_problems *p,
			   struct request *earlier);

/* The answer listing a form's problems, with the form back (text, and XML attached). */
void form_mail_send_problems(struct job *j, const struct request *rq, const struct form *f,
			     const struct form_problems *p, bool bsn);

/* Where the form was found, and the sender's note around it (gevonden, toelichting). */
void form_mail_vars(const struct job *j, struct tvars *v);

#endif
