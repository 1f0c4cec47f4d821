/* form_xml.h: the request form as XML (urn:bpomail:aanvraag:1), read safely. */
#ifndef BPOMAIL_FORM_XML_H
#define BPOMAIL_FORM_XML_H

#include <stddef.h>

struct form;
struct form_problems;

#define FORM_XML_NS "urn:bpomail:aanvraag:1"

/*
 * Once per process, in the main thread before any other starts and before
 * any parse: initialises libxml2, installs a process-wide loader that
 * refuses every external resource and compiles the XSD that is built into
 * the program. Returns 0, or -1 when the schema does not compile
 * (a program bug). form_xml_cleanup() releases it all, just before exit.
 */
int form_xml_init(void);
void form_xml_cleanup(void);

/*
 * Reads an XML form of len bytes (at most BOUND_XML_FORM). Never reads a
 * DTD, entity, network or file: a DOCTYPE is refused outright. Returns 0
 * when a document was read: f holds its values (trimmed, with their lines;
 * elements in any order) and *p every way it breaks the XSD, in Dutch with
 * the field and line (after an element out of place libxml2 checks no
 * further siblings, so a sender may need more than one round). Returns -1
 * when it could not be read as a form at all (empty, too large, not
 * well-formed, a DOCTYPE, wrong root or namespace): *p then holds one
 * FF_NONE problem saying why, with the line where known. The caller frees
 * f and *p as always, whatever the result. Runs form_xml_init() when it
 * has not run (bpomail is single-threaded); exits 75 when the schema does not compile.
 */
int form_xml_parse(const char *data, size_t len, struct form *f, struct form_problems *p);

/*
 * Returns a new string (caller frees): f as a UTF-8 XML form in the order
 * of the XSD, ready to correct and send back. Empty optional elements are
 * left out, except those the niveau asks for (groep, leerling, one empty
 * ouder for niveau leerling); dates and hours that form_check() understood
 * are written as the XSD wants them. A fresh form gives the blank form:
 * every element, empty, each with a Dutch comment on what to fill in.
 */
char *form_xml_render(const struct form *f);

/* The XSD built into the program (NUL-terminated) and its length. */
const char *form_xml_schema(size_t *len);

#endif
