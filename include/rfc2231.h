/* rfc2231.h: MIME parameter values split over continuations and percent-encoded. */
#ifndef BPOMAIL_RFC2231_H
#define BPOMAIL_RFC2231_H

#include <stddef.h>

/* One raw parameter as libetpan leaves it: name (e.g. "filename*0*") and value. */
struct mime_param {
	const char *name;
	const char *value;
};

/*
 * Joins the RFC 2231 pieces of parameter base ("filename" or "name") found
 * in params: "base*" and "base*N" / "base*N*" in the order of N, the '*'
 * pieces percent-decoded and converted from their charset'lang' prefix to
 * UTF-8. Returns a new string (caller frees) or NULL when there are none.
 */
char *rfc2231_value(const struct mime_param *params, size_t n, const char *base);

#endif
