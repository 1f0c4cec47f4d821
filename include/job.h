/* job.h: the state of one incoming message while it is processed (intake, submit, act). */
#ifndef BPOMAIL_JOB_H
#define BPOMAIL_JOB_H

#include <stdint.h>

#include "directory.h"
#include "letter.h"
#include "mailparse.h"

struct intake;

#define JOB_DIRECTORY_ROLES 8

struct job {
	struct intake *ix;
	struct store *st;
	const struct config *cfg;
	struct inmail in;
	int64_t msg_id;                 /* the message row */
	char at[21];                    /* when it was processed */
	char *top;                      /* what the sender wrote, above any quote */
	struct person dir[JOB_DIRECTORY_ROLES];   /* the sender in the directory */
	size_t n_dir;
	char *subject_kenmerk;          /* "BPO-2027-0042" named in the subject, or NULL */
	char *form_found;               /* where a form was found when not in the text: "in de bijlage x.xml" */
	char *note;                     /* what the sender wrote around a form, or NULL */
	const char *outcome;            /* how the message ended (message.outcome) */
	char *reason;                   /* why, for the operator and `quarantine` */
};

/* How a message ended; reason is copied (may be NULL). */
void job_outcome(struct job *j, const char *outcome, const char *reason);
/* A BSN or onderwijsnummer anywhere in what is kept: the text, subject, sender's name, file names. */
bool job_has_bsn(const struct job *j);
/* The sender's directory entry in a role, or NULL. */
const struct person *job_directory_role(const struct job *j, enum role r);

/* submit.c: a message about no request: a new request, or a blank form. */
void submit_handle(struct job *j);

/* act.c: a message about an existing request. */
struct request;
void act_handle(struct job *j, struct request *rq, const char *token);


/*
 * act.c: tells everyone concerned that rq entered status: each participant
 * (but the actor) the template of notice_for_status(), and every SO-loket
 * coordinator in the directory, participant or not.
 */
void act_announce(struct job *j, struct letters *L, const struct request *rq,
		  const struct participant *pp, size_t np, enum role actor_role,
		  const char *actor_email);

/* act.c: adds every SO-loket coordinator of the directory to rq. */
void act_add_loket(struct job *j, const struct request *rq);

/* act.c: stores the message's attachments with rq. */
void act_keep_documents(struct job *j, const struct request *rq);

/* act.c: where the form was found and the sender's note around it (gevonden, toelichting). */
void act_form_vars(const struct job *j, struct tvars *v);

/* act.c: "voorlopige" placeholders of the gates (wacht_tb, wacht_toestemming). */
void act_gate_vars(const struct request *rq, struct tvars *v);


/*
 * submit.c: the form in j's message: an XML attachment, the text the sender
 * wrote, a forwarded message, or (quoted set) the quoted mail they typed it
 * into; -1 when none. Sets j->form_found and j->note.
 */
struct form;
struct form_problems;
int submit_read_form(struct job *j, struct form *f, struct form_problems *p, bool *bsn, bool quoted);
/* submit.c: the form's trajectbegeleider in the directory: 1 found, 0 none named, -1 a problem added. */
int submit_find_tb(struct job *j, const struct form *f, struct form_problems *p, struct person *tb);
/* submit.c: whether j's message carries a form; and the answer listing a form's problems. */
bool submit_has_form(struct job *j, bool quoted);
void submit_send_problems(struct job *j, const struct request *rq, const struct form *f,
			  const struct form_problems *p, bool bsn);

/* autoreply.c: automatic mail (why says what made it automatic): a bounce of our
 * mail or an out-of-office reply of the person whose step it is is recorded on the
 * request and the SO-loket told; anything else is ignored. Never answered. */
void autoreply_handle(struct job *j, struct request *rq, const char *why);

#endif
