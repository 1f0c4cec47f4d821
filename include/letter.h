/* letter.h: templated mail to one person about a request, queued with the change it reports. */
#ifndef BPOMAIL_LETTER_H
#define BPOMAIL_LETTER_H

#include <stddef.h>
#include <stdint.h>

#include "compose.h"
#include "template.h"
#include "workflow.h"

struct attachment_out;
struct config;
struct inmail;
struct participant;
struct request;
struct store;

/*
 * What every letter caused by one incoming message shares. The caller owns
 * every pointer; letters_init() fills vars with the request's placeholders
 * (when rq is set) and letters_free() releases them.
 */
struct letters {
	struct store *st;
	const struct config *cfg;
	const unsigned char *secret;
	const struct inmail *in;      /* the message being answered, or NULL */
	int64_t cause;                /* its message row */
	const struct request *rq;     /* NULL for mail about no request */
	struct tvars vars;
	unsigned queued;
	compose_read_fn *read;        /* documents without data in letter_send: read as the mail is written */
	void *read_arg;
};

void letters_init(struct letters *L, struct store *st, const struct config *cfg,
		  const unsigned char *secret, const struct inmail *in, int64_t cause,
		  const struct request *rq);
/* Refreshes the request placeholders after the request changed. */
void letters_refresh(struct letters *L, const struct participant *pp, size_t np);
void letters_free(struct letters *L);

/*
 * Renders templates/NAME.txt for one person in a role, with the shared
 * placeholders plus extra (may be NULL), and queues it with a personal
 * reply token. Returns the outmail id; 0 when an error answer was not sent
 * because the address had its daily share (error_replies_per_day); or -1 (the store is marked failed:
 * a template that cannot be rendered means nothing is recorded).
 */
int64_t letter_send(struct letters *L, const char *name, enum role role, const char *to_name,
		    const char *to_email, const struct tvars *extra,
		    const struct attachment_out *att, size_t n_att);

/* "Coördinator SO-loket (coordinator@swv.example)" lines for a role, for placeholders. */
char *letter_people(const struct participant *pp, size_t np, enum role role);

#endif
