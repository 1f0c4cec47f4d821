/* summary.h: a request as its readers want it: filled-in fields only, dates in words. */
#ifndef BPOMAIL_SUMMARY_H
#define BPOMAIL_SUMMARY_H

#include <stddef.h>

struct request;
struct participant;

/*
 * The request as "Label: waarde" lines, then each free text under its own
 * heading; empty fields and unchosen expertise are left out, dates are
 * written in words, parents by name only (their addresses stay with the
 * school, bpomail(1) PRIVACY). Holds the pupil's name: a private value.
 * Caller frees.
 */
char *summary_text(const struct request *rq, const struct participant *pp, size_t np);

/* The pupil's name as written on the form ("" for none); private, caller frees. */
char *summary_pupil(const struct request *rq);

/* The chosen expertise: "gedrag, communicatie (spraak, taal en gehoor)"; caller frees. */
char *summary_expertise(unsigned mask);

/* What the request is about, for the intern begeleider's mails and subjects: "groep 5", "de hele school". */
char *summary_subject(const struct request *rq);

#endif
