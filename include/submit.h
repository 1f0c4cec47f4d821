/* submit.h: mail about no request yet: a new request from a form, or the blank form. */
#ifndef BPOMAIL_SUBMIT_H
#define BPOMAIL_SUBMIT_H

struct job;
struct request;

/*
 * A message about no request: a new request from the form it carries, or,
 * without one, the blank form. earlier (may be NULL) is a finished request
 * whose thread the form came in: the new request follows it up.
 */
void submit_handle(struct job *j, const struct request *earlier);

#endif
