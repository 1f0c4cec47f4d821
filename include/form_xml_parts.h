/* form_xml_parts.h: what form_xml.c (reading) and form_xml_schema.c (schema errors in Dutch)
 * share. Not for other modules: they use form_xml.h. */
#ifndef BPOMAIL_FORM_XML_PARTS_H
#define BPOMAIL_FORM_XML_PARTS_H

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdbool.h>

#include "form.h"

struct buf;

#define QUOTE_MAX    60     /* characters of a sender's value quoted back */
#define MESSAGE_MAX  300    /* bytes of a libxml2 message quoted back */

#define EXPECT_FORM  "een XML-formulier zoals het lege formulier dat bpomail meestuurt"
#define EXPECT_SAFE  "een XML-formulier zonder DOCTYPE of entiteiten"
#define EXPECT_ORDER "de volgorde van het lege formulier"
#define EXPECT_DATE  "een datum als 2027-01-10"
#define EXPECT_TEXT  "een tekst van 1 tot 4000 tekens"
#define EXPECT_CUT   "een tekst van hoogstens 4000 tekens (een letter met accent telt voor 2)"

/* An element of the form: where it stands, the field it fills, how often it may occur. */
struct fxml_element {
	const char *parent;
	const char *name;
	enum form_field field;
	unsigned max;
};

/* How a wrong value of a field is described, and what is expected instead. */
struct fxml_rule {
	enum form_field field;
	const char *bad;
	const char *expected;
};

const char *fxml_str(const xmlChar *s);                 /* "" for NULL */
const xmlChar *fxml_xstr(const char *s);
unsigned fxml_line_of(const xmlNode *n);                /* 0 when unknown */
bool fxml_is_ours(const xmlNode *n, const char *name);  /* in our namespace, named name */
const struct fxml_element *fxml_element_find(const char *parent, const char *name);
const struct fxml_element *fxml_element_of(const xmlNode *n);
const struct fxml_rule *fxml_rule_of(enum form_field field, const char *attr);
/* Appends text on one line, at most max bytes, {namespace} qualifiers removed when strip_ns. */
void fxml_add_flat(struct buf *b, const char *text, bool strip_ns, size_t max);
void fxml_add_message(struct buf *b, const char *msg);
void fxml_add_quoted(struct buf *b, const char *value);  /* 'value', cut to QUOTE_MAX */
char *fxml_name_for_message(const xmlChar *name);       /* caller frees */

/* form_xml_schema.c: validates doc; every schema error becomes a Dutch problem. 0 when valid. */
int fxml_validate(xmlSchemaPtr schema, xmlDocPtr doc, struct form_problems *p);

#endif
