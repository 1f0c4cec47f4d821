/* autoreply.h: automatic mail: bounces of bpomail's mail and out-of-office replies. */
#ifndef BPOMAIL_AUTOREPLY_H
#define BPOMAIL_AUTOREPLY_H

struct job;
struct request;

/*
 * Automatic mail (why says what made it automatic): a bounce of our mail or
 * an out-of-office reply of the person whose step it is is recorded on the
 * request (rq, NULL when none was found) and the SO-loket told; anything
 * else is only recorded. Never answered.
 */
void autoreply_handle(struct job *j, struct request *rq, const char *why);

#endif
