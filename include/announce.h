/* announce.h: telling everyone concerned that a request changed. */
#ifndef BPOMAIL_ANNOUNCE_H
#define BPOMAIL_ANNOUNCE_H

#include <stddef.h>

#include "workflow.h"

struct job;
struct letters;
struct participant;
struct request;
struct tvars;

/*
 * Tells everyone concerned that rq entered its status: each participant
 * (but the actor) the template of notice_for_status(), and every SO-loket
 * coordinator in the directory, participant or not. Who becomes involved
 * gets the whole request: the summary and the documents (each disclosure
 * recorded).
 */
void announce_status(struct job *j, struct letters *L, const struct request *rq,
		     const struct participant *pp, size_t np, enum role actor_role,
		     const char *actor_email);

/*
 * One person who becomes involved (or hears of a change): template with the
 * request's placeholders and extra; the templates that give the whole
 * request carry its documents, each disclosure recorded.
 */
void announce_person(struct job *j, struct letters *L, const struct request *rq,
		     const struct participant *pp, size_t np, const char *template, enum role role,
		     const char *name, const char *email, const struct tvars *extra);

/*
 * What entering rq's status brings when it was before (workflow_joins_on_entry):
 * on submission every SO-loket coordinator of the directory joins and the
 * history records "ingediend" (with detail, may be NULL). Call after saving.
 */
void announce_entered(struct job *j, const struct request *rq, enum status before,
		      const char *detail);

/* The gate placeholders of BPO>voorlopige aanvraag (wacht_tb, wacht_toestemming, ingediend). */
void announce_gate_vars(const struct request *rq, struct tvars *v);

/* The request as its readers see it: the summary and the intern begeleider's note (private). */
void announce_request_vars(struct job *j, const struct request *rq, const struct participant *pp,
			   size_t np, struct tvars *v);

#endif
