/* act.h: a mail about an existing request while it is carried out: act.c reads it, execute.c and overleg.c act on it. */
#ifndef BPOMAIL_ACT_H
#define BPOMAIL_ACT_H

#include "command.h"
#include "letter.h"
#include "request.h"

struct job;

/* Everything known about the message being carried out. */
struct act {
	struct job *j;
	struct request *rq;
	struct participant pp[BOUND_PARTICIPANTS];   /* those still involved */
	size_t np;
	struct command c;
	enum role actor;           /* the role the sender acts in */
	char *actor_name;          /* owned */
	bool token_valid;
	const struct participant *other_owner;   /* whose token came from another address */
	struct tvars extra;        /* placeholders of this message for every letter */
	struct letters L;
};

/* act.c: a message about an existing request (token: the reply token found, or NULL). */
void act_handle(struct job *j, struct request *rq, const char *token);

/* act.c: the request and its participants read again after a change. */
void act_reload(struct act *a);
/* act.c: a letter to the sender, with this message's placeholders and more (may be NULL). */
void act_reply(struct act *a, const char *template, const struct tvars *more);
/* act.c: nothing is done; the sender is told why (template geweigerd). */
void act_refuse(struct act *a, const char *why_fmt, ...) __attribute__((format(printf, 2, 3)));
/* act.c: the sender is this participant (the same address, or another of theirs in the directory). */
bool act_is_participant(struct act *a, const struct participant *p);

/* execute.c: a decision: carried out when the rules allow it, else refused with why. */
void execute_command(struct act *a);

/* overleg.c: a reply that decides nothing: kept, passed on, and its sender answered. */
void overleg_handle(struct act *a);
/* overleg.c: the STATUS answer: status, who acts next, the history. */
void overleg_status(struct act *a);

#endif
