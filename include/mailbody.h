/* mailbody.h: a rendered template as the text part and the HTML alternative of a mail. */
#ifndef BPOMAIL_MAILBODY_H
#define BPOMAIL_MAILBODY_H

#include <stdint.h>

/*
 * A template may hold one-click actions, each on a line of its own:
 *
 *   [[Label|Body]]          an action on the mail's own request
 *   [[Label|Body|#ID]]      an action on request ID (a digest)
 *
 * Body is what the reply should say; the two characters \n in it are a line
 * break. href() returns the mailto: address for one action (caller of
 * mailbody_make() frees nothing: mailbody frees what href returns), or NULL
 * to leave the action out.
 */
typedef char *(*mailbody_href)(const char *label, const char *body, int64_t request_id,
			       void *arg);

/*
 * From the rendered template text: *text, the text part (an action becomes
 * "- Label: <mailto:...>"), and *html, a whole HTML document with the same
 * content: paragraphs, "Label: waarde" lines as a table, lines to reply
 * with set apart, lists, and the actions as buttons. No images, no external
 * resources, no scripts. Both are new strings the caller frees.
 */
void mailbody_make(const char *raw, const char *title, mailbody_href href, void *arg,
		   char **text, char **html);

/* The mailto: URL for an address, subject and body (RFC 6068, UTF-8 percent-encoded); caller frees. */
char *mailbody_mailto(const char *to, const char *subject, const char *body);

#endif
