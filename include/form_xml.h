/* form_xml.h: the request form as XML (urn:bpomail:aanvraag:1), read safely. */
#ifndef BPOMAIL_FORM_XML_H
#define BPOMAIL_FORM_XML_H

#include <stddef.h>

struct form;
struct form_problems;

#define FORM_XML_NS "urn:bpomail:aanvraag:1"

/*
 * Once per process, before any parse: initialises libxml2, installs a
 * loader that refuses every external resource and compiles the XSD that is
 * built into the program. Returns 0, or -1 when the schema does not compile
 * (a program bug). form_xml_cleanup() releases it all, just before exit.
 */
int form_xml_init(void);
void form_xml_cleanup(void);

/*
 * Reads an XML form of len bytes (at most BOUND_XML_FORM). Never reads a
 * DTD, entity, network or file. Returns 0 when a document was read: f holds
 * its values (with their lines) and *p every way it breaks the XSD, in
 * Dutch with the line. Returns -1 when it could not be read as a form at all
 * (too large, not well-formed, a DOCTYPE, wrong root or namespace): *p then
 * says why, with the line where known.
 */
int form_xml_parse(const char *data, size_t len, struct form *f, struct form_problems *p);

/* Returns a new string (caller frees): f as an XML form; a fresh form gives the blank form. */
char *form_xml_render(const struct form *f);

/* The XSD built into the program (NUL-terminated) and its length. */
const char *form_xml_schema(size_t *len);

#endif
