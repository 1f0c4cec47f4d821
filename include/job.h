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

/* job.c: stores the message's attachments with rq, as documents of the request. */
void job_keep_documents(struct job *j, const struct request *rq);

#endif
