/* form_xml_schema.c: XSD validation of the XML form, each schema error a Dutch problem on its field. */
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "form.h"
#include "form_xml.h"
#include "form_xml_parts.h"
#include "utf8.h"
#include "util.h"

struct check_state {
	struct form_problems *p;
	size_t errors;
};

/* The attribute a message names ("Element 'x', attribute 'y': ..."); empty when none. */
static void message_attribute(const char *msg, struct buf *out)
{
	const char *a = msg ? strstr(msg, ", attribute '") : NULL;

	if (a) {
		a += strlen(", attribute '");
		char *name = xstrndup(a, strcspn(a, "'"));
		fxml_add_flat(out, name, false, QUOTE_MAX);
		free(name);
	}
}

/*
 * The last name in a message's "Expected is ( {ns}a, {ns}b )", without its
 * namespace: in a sequence the optional elements come first, so the last
 * one is the element that is required there.
 */
static void message_expected(const char *msg, struct buf *out)
{
	const char *s = msg ? strstr(msg, "Expected is") : NULL;
	const char *end, *item;

	if (!s || !(s = strchr(s, '(')) || !(end = strchr(s, ')')))
		return;
	item = s + 1;
	for (const char *q = item; q < end; q++)
		if (*q == ',' || *q == '}')
			item = q + 1;
	while (item < end && *item == ' ')
		item++;
	while (end > item && end[-1] == ' ')
		end--;
	char *name = xstrndup(item, (size_t)(end - item));
	fxml_add_flat(out, name, false, QUOTE_MAX);
	free(name);
}

/* How many elements of n's name its parent holds. */
static unsigned count_named(xmlNodePtr n)
{
	unsigned count = 0;

	for (xmlNodePtr c = xmlFirstElementChild(n->parent); c; c = xmlNextElementSibling(c))
		count += fxml_is_ours(c, fxml_str(n->name));
	return count;
}

static void missing_problem(struct form_problems *p, xmlNodePtr n, const char *wanted,
			    const char *name, unsigned line)
{
	const struct fxml_element *here = fxml_element_of(n);
	const struct fxml_element *want = fxml_is_ours(n, NULL) ? fxml_element_find(fxml_str(n->name), wanted) : NULL;
	char *expected = xasprintf("een element <%s> op de plaats van het lege formulier", wanted);

	form_problem_add(p, want ? want->field : here ? here->field : FF_NONE, line, expected,
			 "het element <%s> ontbreekt in <%s>", wanted, name);
	free(expected);
}

static void unexpected_problem(struct form_problems *p, xmlNodePtr n, const char *wanted,
			       const char *name, unsigned line)
{
	const struct fxml_element *here = fxml_element_of(n), *want;
	char *ns, *expected;

	if (!here) {
		ns = fxml_name_for_message(fxml_is_ours(n, NULL) || !n->ns ? NULL : n->ns->href);
		form_problem_add(p, FF_NONE, line, EXPECT_ORDER, "het element <%s>%s%s%s hoort hier niet",
				 name, *ns ? " (namespace '" : "", ns, *ns ? "')" : "");
		free(ns);
	} else if (count_named(n) > here->max) {
		expected = here->max == 1 ? xasprintf("één element <%s>", name) :
			   xasprintf("hoogstens %u elementen <%s>", here->max, name);
		form_problem_add(p, here->field, line, expected, "het element <%s> staat er te vaak", name);
		free(expected);
	} else if ((want = fxml_element_find(here->parent, wanted)) != NULL) {
		form_problem_add(p, want->field, line, EXPECT_ORDER,
				 "het element <%s> ontbreekt of staat niet op zijn plaats: "
				 "het hoort vóór <%s>",
				 want->name, name);
	} else {
		form_problem_add(p, here->field, line, EXPECT_ORDER,
				 "het element <%s> staat niet op zijn plaats", name);
	}
}

/* An element the sequence has no place for, or a child missing at the end. */
static void content_problem(struct form_problems *p, xmlNodePtr n, const char *msg, unsigned line)
{
	struct buf wanted = BUF_INIT;
	char *name = fxml_name_for_message(n->name);

	message_expected(msg, &wanted);
	if (strstr(msg, "Missing child"))
		missing_problem(p, n, buf_str(&wanted), name, line);
	else
		unexpected_problem(p, n, buf_str(&wanted), name, line);
	free(name);
	buf_free(&wanted);
}

/* A value that breaks its type: datatype, pattern, enumeration, length. */
static void value_problem(struct form_problems *p, xmlNodePtr n, const char *attr, int code,
			  unsigned line)
{
	const struct fxml_element *here = fxml_element_of(n);
	enum form_field field = here ? here->field : FF_NONE;
	xmlChar *raw = attr ? xmlGetNoNsProp(n, fxml_xstr(attr)) : xmlNodeGetContent(n);
	char *name = fxml_name_for_message(n->name);
	struct buf subject = BUF_INIT, what = BUF_INIT;
	const char *value;
	size_t len = str_trim_len(fxml_str(raw), strlen(fxml_str(raw)), &value);

	if (attr)
		buf_addf(&subject, "het attribuut %s van <%s>", attr, name);
	else
		buf_addf(&subject, "<%s>", name);
	if (len == 0) {
		buf_addf(&what, "%s is leeg", subject.data);
	} else if (code == XML_SCHEMAV_CVC_MAXLENGTH_VALID) {
		buf_addf(&what, "%s is te lang (%zu tekens)", subject.data, utf8_width(fxml_str(raw)));
	} else {
		fxml_add_quoted(&what, value);
		buf_addf(&what, " in %s %s", subject.data, fxml_rule_of(field, attr)->bad);
	}
	form_problem_add(p, field, line, fxml_rule_of(field, attr)->expected, "%s", what.data);
	buf_free(&subject);
	buf_free(&what);
	free(name);
	xmlFree(raw);
}

/* Elements where text belongs, or text where elements (or nothing) belong. */
static void shape_problem(struct form_problems *p, xmlNodePtr n, int code, unsigned line)
{
	const struct fxml_element *here = fxml_element_of(n);
	enum form_field field = here ? here->field : FF_NONE;
	char *name = fxml_name_for_message(n->name);
	char *expected;

	if (code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1) {
		expected = xasprintf("een leeg element zoals <%s naam=\"...\" email=\"...\"/>", name);
		form_problem_add(p, field, line, expected,
				 "<%s> hoort leeg te zijn: naam en e-mailadres staan in de "
				 "attributen naam en email",
				 name);
		free(expected);
	} else if (code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3) {
		form_problem_add(p, field, line, "alleen elementen, zoals in het lege formulier",
				 "in <%s> staat tekst buiten de elementen", name);
	} else {
		form_problem_add(p, field, line, fxml_rule_of(field, NULL)->expected,
				 "<%s> mag alleen tekst bevatten, geen elementen", name);
	}
	free(name);
}

static void attribute_problem(struct form_problems *p, xmlNodePtr n, const char *attr, unsigned line)
{
	const struct fxml_element *here = fxml_element_of(n);
	bool person = here && (here->field == FF_IB || here->field == FF_TB ||
			       strcmp(here->name, "ouder") == 0);
	char *name = fxml_name_for_message(n->name);

	form_problem_add(p, here ? here->field : FF_NONE, line,
			 person ? "alleen de attributen naam en email" :
				  "een element zonder attributen, zoals in het lege formulier",
			 "het attribuut %s hoort niet bij <%s>", attr, name);
	free(name);
}

/* Anything else: libxml2's words, on the field of the element when it is one of ours. */
static void other_problem(struct form_problems *p, xmlNodePtr n, const xmlError *e, unsigned line)
{
	const struct fxml_element *here = n && n->type == XML_ELEMENT_NODE ? fxml_element_of(n) : NULL;
	struct buf msg = BUF_INIT;

	fxml_add_message(&msg, e->message);
	form_problem_add(p, here ? here->field : FF_NONE, line, EXPECT_FORM,
			 "het formulier klopt niet met het schema: %s", buf_str(&msg));
	buf_free(&msg);
}

enum schema_kind { KIND_OTHER, KIND_CONTENT, KIND_ATTRIBUTE, KIND_VALUE, KIND_SHAPE };

/* Sorts a schema error by its code (notes A4). */
static enum schema_kind kind_of(int code, bool attr)
{
	switch (code) {
	case XML_SCHEMAV_ELEMENT_CONTENT:
		return KIND_CONTENT;
	case XML_SCHEMAV_CVC_TYPE_3_1_1:          /* an attribute on a text-only element */
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
		return attr ? KIND_ATTRIBUTE : KIND_OTHER;
	case XML_SCHEMAV_CVC_TYPE_3_1_2:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
		return KIND_SHAPE;
	default:
		return code >= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 &&
		       code <= XML_SCHEMAV_CVC_ENUMERATION_VALID ? KIND_VALUE : KIND_OTHER;
	}
}

/* Turns one schema error into a problem on the field of the node it names. */
static void explain(struct form_problems *p, const xmlError *e)
{
	xmlNodePtr n = e->node;
	struct buf attr = BUF_INIT;
	unsigned line;

	if (n && n->type == XML_ATTRIBUTE_NODE) {
		fxml_add_flat(&attr, fxml_str(n->name), false, QUOTE_MAX);
		n = n->parent;
	} else {
		message_attribute(e->message, &attr);
	}
	line = e->line > 0 ? (unsigned)e->line : fxml_line_of(n);
	switch (n && n->type == XML_ELEMENT_NODE ? kind_of(e->code, attr.len > 0) : KIND_OTHER) {
	case KIND_CONTENT:
		content_problem(p, n, e->message ? e->message : "", line);
		break;
	case KIND_ATTRIBUTE:
		attribute_problem(p, n, attr.data, line);
		break;
	case KIND_VALUE:
		value_problem(p, n, attr.len ? attr.data : NULL, e->code, line);
		break;
	case KIND_SHAPE:
		shape_problem(p, n, e->code, line);
		break;
	default:
		other_problem(p, n, e, line);
	}
	buf_free(&attr);
}

static void schema_error(void *data, xmlErrorPtr e)
{
	struct check_state *cs = data;

	if (!e || e->level < XML_ERR_ERROR)
		return;
	cs->errors++;
	explain(cs->p, e);
}

/* 0 when the document could be checked (problems or not), -1 when libxml2 could not check it. */
int fxml_validate(xmlSchemaPtr schema, xmlDocPtr doc, struct form_problems *p)
{
	struct check_state cs = { p, 0 };
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema);
	int rc;

	if (!v)
		die(EXIT_TEMPFAIL, "out of memory (XML schema)");
	xmlSchemaSetValidStructuredErrors(v, schema_error, &cs);
	rc = xmlSchemaValidateDoc(v, doc);
	xmlSchemaFreeValidCtxt(v);
	if (rc < 0) {
		form_problem_add(p, FF_NONE, 0, EXPECT_SAFE,
				 "het XML-bestand kon niet tegen het schema gecontroleerd worden");
		return -1;
	}
	if (rc > 0 && cs.errors == 0)
		form_problem_add(p, FF_NONE, 0, EXPECT_FORM, "het formulier klopt niet met het schema");
	return 0;
}

