/* form_xml.c: the XML request form: read safely, checked against the XSD in Dutch, written back. */
#include <limits.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "bounds.h"
#include "form.h"
#include "form_xml.h"
#include "utf8.h"
#include "util.h"

#define QUOTE_MAX    60     /* characters of a sender's value quoted back */
#define MESSAGE_MAX  300    /* bytes of a libxml2 message quoted back */

#define EXPECT_FORM  "een XML-formulier zoals het lege formulier dat bpomail meestuurt"
#define EXPECT_SAFE  "een XML-formulier zonder DOCTYPE of entiteiten"
#define EXPECT_ORDER "de volgorde van het lege formulier"
#define EXPECT_DATE  "een datum als 2027-01-10"
#define EXPECT_TEXT  "een tekst van 1 tot 4000 tekens"
#define EXPECT_CUT   "een tekst van hoogstens 4000 tekens (een letter met accent telt voor 2)"

/* The XSD, from form_xsd.S: the bytes of src/aanvraag.xsd, followed by a NUL. */
extern const char form_xsd_start[];
extern const char form_xsd_end[];

static xmlSchemaPtr schema;
static xmlExternalEntityLoader saved_loader;

/* Where each element of the form stands, the field it fills and how often it may occur. */
static const struct element {
	const char *parent;
	const char *name;
	enum form_field field;
	unsigned max;
} elements[] = {
	{ "aanvraag", "niveau", FF_NIVEAU, 1 },
	{ "aanvraag", "school", FF_SCHOOL, 1 },
	{ "school", "naam", FF_SCHOOL, 1 },
	{ "school", "brincode", FF_BRIN, 1 },
	{ "school", "bestuur", FF_BESTUUR, 1 },
	{ "aanvraag", "groep", FF_GROEP, 1 },
	{ "aanvraag", "leerling", FF_LEERLING, 1 },
	{ "leerling", "roepnaam", FF_LEERLING, 1 },
	{ "leerling", "voorvoegsel", FF_LEERLING, 1 },
	{ "leerling", "achternaam", FF_LEERLING, 1 },
	{ "leerling", "geboortedatum", FF_GEBOORTEDATUM, 1 },
	{ "aanvraag", "intern-begeleider", FF_IB, 1 },
	{ "aanvraag", "trajectbegeleider", FF_TB, 1 },
	{ "aanvraag", "ouders", FF_OUDER, 1 },
	{ "ouders", "ouder", FF_OUDER, BOUND_PARENTS },
	{ "aanvraag", "aantal-uren", FF_UREN, 1 },
	{ "aanvraag", "startdatum", FF_START, 1 },
	{ "aanvraag", "einddatum", FF_EIND, 1 },
	{ "aanvraag", "so-organisatie", FF_SO_ORG, 1 },
	{ "aanvraag", "voorkeur-begeleider", FF_VOORKEUR, 1 },
	{ "aanvraag", "expertise", FF_EXPERTISE, EXPERTISE_COUNT },
	{ "aanvraag", "ondersteuningsvraag", FF_VRAAG, 1 },
	{ "aanvraag", "maatregelen", FF_MAATREGELEN, 1 },
	{ "aanvraag", "resultaat", FF_RESULTAAT, 1 },
	{ "aanvraag", "andere-instanties", FF_INSTANTIES, 1 },
};

/* How a wrong value of a field is described, and what is expected instead. */
static const struct rule {
	enum form_field field;
	const char *bad;
	const char *expected;
} rules[] = {
	{ FF_NIVEAU, "is geen bekend niveau", "leerling, groep of school" },
	{ FF_BRIN, "is geen geldige BRIN-code", "2 cijfers en 2 letters of cijfers, bijv. 12AB" },
	{ FF_GEBOORTEDATUM, "is geen geldige datum", EXPECT_DATE },
	{ FF_START, "is geen geldige datum", EXPECT_DATE },
	{ FF_EIND, "is geen geldige datum", EXPECT_DATE },
	{ FF_UREN, "is geen geldig aantal uren", "een getal groter dan 0 met een punt, bijv. 12.5" },
	{ FF_EXPERTISE, "is geen bekende expertise",
	  "een van: gedrag, leren, communicatie, zicht, motoriek, ziekte, zml, autisme, anders" },
};

static const struct rule rule_text = { FF_NONE, "is niet geldig", EXPECT_TEXT };
static const struct rule rule_naam = { FF_NONE, "is niet geldig", "een naam van hoogstens 200 tekens" };
static const struct rule rule_email = {
	FF_NONE, "is niet geldig", "een e-mailadres van hoogstens 254 tekens"
};

/* What went wrong while reading one document. */
struct read_state {
	bool doctype;          /* a DOCTYPE was seen; the parse stopped there */
	bool refused;          /* an external resource was asked for (and refused) */
	bool failed;           /* an error of level XML_ERR_ERROR or worse */
	bool crowded;          /* an element had too many attributes; the parse stopped there */
	unsigned line;         /* of the first such error */
	struct buf message;    /* the first such error, flattened */
	struct buf resource;   /* the first refused resource */
};

/* The global handlers of this thread, replaced during a parse. */
struct saved_handlers {
	xmlStructuredErrorFunc serror;
	void *sdata;
	xmlGenericErrorFunc gerror;
	void *gdata;
};

static const char *str(const xmlChar *s)
{
	return s ? (const char *)s : "";
}

static const xmlChar *xstr(const char *s)
{
	return (const xmlChar *)s;
}

static unsigned line_of(const xmlNode *n)
{
	long line = n ? xmlGetLineNo(n) : 0;
	return line > 0 && line < INT_MAX ? (unsigned)line : 0;
}

/* True for an element in our namespace, named name (any name when NULL). */
static bool is_ours(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp(str(n->ns->href), FORM_XML_NS) == 0 &&
	       (!name || strcmp(str(n->name), name) == 0);
}

static const struct element *element_find(const char *parent, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(elements); i++)
		if (strcmp(elements[i].parent, parent) == 0 && strcmp(elements[i].name, name) == 0)
			return &elements[i];
	return NULL;
}

/* The form element n is, judged by its own and its parent's local name; NULL if none. */
static const struct element *element_of(const xmlNode *n)
{
	if (!is_ours(n, NULL) || !is_ours(n->parent, NULL))
		return NULL;
	return element_find(str(n->parent->name), str(n->name));
}

static const struct rule *rule_of(enum form_field field, const char *attr)
{
	if (attr && strcmp(attr, "naam") == 0)
		return &rule_naam;
	if (attr && strcmp(attr, "email") == 0)
		return &rule_email;
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].field == field)
			return &rules[i];
	return &rule_text;
}

/* True at the "{" of "{urn:...}" (a namespace qualifier in a libxml2 message). */
static bool is_qualifier(const char *s)
{
	size_t n = strcspn(s + 1, "{} '");

	return s[1 + n] == '}' && memchr(s + 1, ':', n) != NULL;
}

/*
 * Appends text on one line: control characters and runs of blanks become
 * one space, "{namespace}" qualifiers go when strip_ns (enumeration lists
 * "{'a', 'b'}" stay), at most max bytes (then "…").
 */
static void add_flat(struct buf *b, const char *text, bool strip_ns, size_t max)
{
	size_t start = b->len;
	bool space = false;

	for (const char *s = text ? text : ""; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= ' ' || c == 0x7f) {
			space = b->len > start;
			continue;
		}
		if (strip_ns && c == '{' && is_qualifier(s)) {
			s = strchr(s, '}');
			continue;
		}
		if (space)
			buf_addc(b, ' ');
		space = false;
		buf_addc(b, (char)c);
	}
	if (b->len - start > max) {
		buf_truncate(b, start + utf8_prefix_len(b->data + start, b->len - start, max));
		buf_adds(b, "…");
	}
	if (!utf8_valid(b->data ? b->data + start : "", b->len - start)) {
		buf_truncate(b, start);
		buf_adds(b, "(onleesbare tekst)");
	}
}

/* Appends a libxml2 message: flattened, without namespace qualifiers or its final full stop. */
static void add_message(struct buf *b, const char *msg)
{
	add_flat(b, msg, true, MESSAGE_MAX);
	while (b->len && b->data[b->len - 1] == '.')
		buf_truncate(b, b->len - 1);
}

/* Appends 'value' as a sender wrote it: on one line, at most QUOTE_MAX characters. */
static void add_quoted(struct buf *b, const char *value)
{
	size_t chars = 0;
	bool space = false;

	buf_addc(b, '\'');
	for (const char *s = value ? value : ""; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool lead = (c & 0xc0) != 0x80;
		if (c <= ' ' || c == 0x7f) {
			space = chars > 0;
			continue;
		}
		if (lead && chars + space >= QUOTE_MAX) {
			buf_adds(b, "…");
			break;
		}
		if (space) {
			buf_addc(b, ' ');
			chars++;
			space = false;
		}
		buf_addc(b, (char)c);
		chars += lead;
	}
	buf_addc(b, '\'');
}

/* A name from the document, quoted for a message (bounded, one line). */
static char *name_for_message(const xmlChar *name)
{
	struct buf b = BUF_INIT;

	add_flat(&b, str(name), false, QUOTE_MAX);
	return buf_detach(&b);
}

/* Reading: the safe parse of notes A2. */

static void note_error(struct read_state *st, const xmlError *e)
{
	if (!st || !e || e->level < XML_ERR_ERROR || st->failed)
		return;
	st->failed = true;
	st->line = e->line > 0 ? (unsigned)e->line : 0;
	add_message(&st->message, e->message);
}

/* Per-context handler: libxml2 passes ctxt->userData, which is the context itself. */
static void context_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;

	note_error(ctxt ? ctxt->_private : NULL, e);
}

/* The safety net for errors raised without a parser context. */
static void stray_error(void *data, xmlErrorPtr e)
{
	note_error(data, e);
}

static void silent_error(void *data, const char *msg, ...)
{
	(void)data;
	(void)msg;
}

/* Fires at <!DOCTYPE, before any internal subset is read: no entity is ever declared. */
static void doctype_hook(void *data, const xmlChar *name, const xmlChar *public_id,
			 const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = data;
	struct read_state *st = ctxt->_private;

	(void)name;
	(void)public_id;
	(void)system_id;
	st->doctype = true;
	st->line = ctxt->input && ctxt->input->line > 0 ? (unsigned)ctxt->input->line : 0;
	xmlStopParser(ctxt);
}

/*
 * Every start tag passes here before libxml2 builds it. Its SAX2 code adds
 * attributes in O(n^2) and the validator reports each unknown one: 37,000
 * attributes (250 KB) took 11 s. A person element of the form has two.
 */
static void start_element(void *data, const xmlChar *localname, const xmlChar *prefix,
			  const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
			  int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = data;
	struct read_state *st = ctxt->_private;

	if (nb_attributes > BOUND_XML_ATTRIBUTES) {
		st->crowded = true;
		st->line = ctxt->input && ctxt->input->line > 0 ? (unsigned)ctxt->input->line : 0;
		xmlStopParser(ctxt);
		return;
	}
	xmlSAX2StartElementNs(data, localname, prefix, uri, nb_namespaces, namespaces,
			      nb_attributes, nb_defaulted, attributes);
}

/* The process-wide entity loader: nothing is ever read from a file or the network. */
static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	if (ctxt && ctxt->sax && ctxt->sax->internalSubset == doctype_hook && ctxt->_private) {
		struct read_state *st = ctxt->_private;
		if (!st->refused)
			add_flat(&st->resource, url, false, QUOTE_MAX);
		st->refused = true;
	}
	return NULL;
}

static void handlers_push(struct saved_handlers *saved, struct read_state *st)
{
	saved->serror = xmlStructuredError;
	saved->sdata = xmlStructuredErrorContext;
	saved->gerror = xmlGenericError;
	saved->gdata = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(st, stray_error);
	xmlSetGenericErrorFunc(NULL, silent_error);
}

static void handlers_pop(const struct saved_handlers *saved)
{
	xmlSetStructuredErrorFunc(saved->sdata, saved->serror);
	xmlSetGenericErrorFunc(saved->gdata, saved->gerror);
}

/* Says why a document was not read. */
static void report_unread(const struct read_state *st, struct form_problems *p)
{
	if (st->doctype)
		form_problem_add(p, FF_NONE, st->line, EXPECT_SAFE,
				 "het XML-bestand bevat een DOCTYPE; dat is niet toegestaan");
	else if (st->crowded)
		form_problem_add(p, FF_NONE, st->line, EXPECT_FORM,
				 "het XML-bestand heeft een element met meer dan %d attributen (regel %u)",
				 BOUND_XML_ATTRIBUTES, st->line);
	else if (st->refused)
		form_problem_add(p, FF_NONE, 0, EXPECT_SAFE,
				 "het XML-bestand verwijst naar '%s'; externe bestanden en adressen "
				 "worden niet gelezen",
				 buf_str(&st->resource));
	else if (st->failed && st->line)
		form_problem_add(p, FF_NONE, st->line, EXPECT_FORM,
				 "het XML-bestand is niet goed gevormd: %s (regel %u)",
				 buf_str(&st->message), st->line);
	else if (st->failed)
		form_problem_add(p, FF_NONE, 0, EXPECT_FORM,
				 "het XML-bestand is niet goed gevormd: %s", buf_str(&st->message));
	else
		form_problem_add(p, FF_NONE, 0, EXPECT_FORM, "het XML-bestand kon niet gelezen worden");
}

/* Parses data; NULL (and a problem in *p) when it is not a document we accept. */
static xmlDocPtr read_doc(const char *data, size_t len, struct read_state *st,
			  struct form_problems *p)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc;
	bool ok;

	if (!ctxt)
		die(EXIT_TEMPFAIL, "out of memory (XML parser)");
	ctxt->_private = st;
	ctxt->sax->serror = context_error;
	ctxt->sax->internalSubset = doctype_hook;
	ctxt->sax->startElementNs = start_element;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, "formulier.xml", NULL,
				XML_PARSE_NONET | XML_PARSE_NOCDATA);
	ok = doc && !st->doctype && !st->crowded && !st->refused && !st->failed &&
	     ctxt->wellFormed && ctxt->nsWellFormed;
	xmlFreeParserCtxt(ctxt);
	if (ok)
		return doc;
	report_unread(st, p);
	xmlFreeDoc(doc);
	return NULL;
}

static bool root_ok(xmlDocPtr doc, struct form_problems *p)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char *name, *ns;

	if (is_ours(root, "aanvraag"))
		return true;
	if (!root) {
		form_problem_add(p, FF_NONE, 0, EXPECT_FORM, "het XML-bestand bevat geen elementen");
		return false;
	}
	name = name_for_message(root->name);
	ns = name_for_message(root->ns ? root->ns->href : NULL);
	form_problem_add(p, FF_NONE, line_of(root),
			 "een XML-formulier met <aanvraag xmlns=\"" FORM_XML_NS "\">, "
			 "zoals het lege formulier dat bpomail meestuurt",
			 "het XML-bestand is geen aanvraag van bpomail: het hoofdelement is <%s> %s%s%s",
			 name, *ns ? "in namespace '" : "zonder namespace", ns, *ns ? "'" : "");
	free(name);
	free(ns);
	return false;
}

/* Extraction: values and lines into the form. The walk knows the containers, so its depth is fixed. */

/* A trimmed copy of s, cut at BOUND_FIELD bytes (a problem for field then); NULL when empty. */
static char *take(const char *s, enum form_field field, unsigned line, struct form_problems *p)
{
	const char *start;
	size_t n = str_trim_len(s, strlen(s), &start);

	if (n == 0)
		return NULL;
	if (n > BOUND_FIELD) {
		char *all = xstrndup(start, n);
		form_problem_add(p, field, line, EXPECT_CUT, "de tekst is te lang (%zu tekens)",
				 utf8_width(all));
		free(all);
		n = utf8_prefix_len(start, n, BOUND_FIELD);
	}
	return xstrndup(start, n);
}

/* Only on element nodes; with DOCTYPE refused the tree holds no entity references. */
static char *text_of(xmlNodePtr n, enum form_field field, struct form_problems *p)
{
	xmlChar *content = xmlNodeGetContent(n);
	char *v = take(str(content), field, line_of(n), p);

	xmlFree(content);
	return v;
}

static char *attr_of(xmlNodePtr n, const char *name, enum form_field field, struct form_problems *p)
{
	xmlChar *value = xmlGetNoNsProp(n, xstr(name));
	char *v = take(str(value), field, line_of(n), p);

	xmlFree(value);
	return v;
}

static void replace(char **slot, char *value)
{
	free(*slot);
	*slot = value;
}

static void set_text(struct form *f, enum form_field field, xmlNodePtr n, struct form_problems *p)
{
	char *v = text_of(n, field, p);

	form_set(f, field, v, line_of(n));
	free(v);
}

static void read_school(struct form *f, xmlNodePtr school, struct form_problems *p)
{
	for (xmlNodePtr c = xmlFirstElementChild(school); c; c = xmlNextElementSibling(c)) {
		const struct element *e = is_ours(c, NULL) ? element_find("school", str(c->name)) : NULL;
		if (e)
			set_text(f, e->field, c, p);
	}
}

static void read_pupil(struct form *f, xmlNodePtr pupil, struct form_problems *p)
{
	form_set(f, FF_LEERLING, NULL, line_of(pupil));
	for (xmlNodePtr c = xmlFirstElementChild(pupil); c; c = xmlNextElementSibling(c)) {
		if (is_ours(c, "roepnaam"))
			replace(&f->roepnaam, text_of(c, FF_LEERLING, p));
		else if (is_ours(c, "voorvoegsel"))
			replace(&f->voorvoegsel, text_of(c, FF_LEERLING, p));
		else if (is_ours(c, "achternaam"))
			replace(&f->achternaam, text_of(c, FF_LEERLING, p));
		else if (is_ours(c, "geboortedatum"))
			set_text(f, FF_GEBOORTEDATUM, c, p);
	}
}

static void read_person(struct form *f, struct form_person *who, enum form_field field,
			xmlNodePtr n, struct form_problems *p)
{
	replace(&who->name, attr_of(n, "naam", field, p));
	replace(&who->email, attr_of(n, "email", field, p));
	form_set(f, field, NULL, line_of(n));
}

/* One parent per <ouder>; an <ouder> with neither name nor address is the blank form's: no parent. */
static void read_parents(struct form *f, xmlNodePtr parents, struct form_problems *p)
{
	for (xmlNodePtr c = xmlFirstElementChild(parents); c; c = xmlNextElementSibling(c)) {
		if (!is_ours(c, "ouder"))
			continue;
		char *name = attr_of(c, "naam", FF_OUDER, p);
		char *email = attr_of(c, "email", FF_OUDER, p);
		if (name || email)
			form_add_parent(f, name, email, line_of(c));
		free(name);
		free(email);
	}
	if (!f->line[FF_OUDER])
		form_set(f, FF_OUDER, NULL, line_of(parents));
}

/* Fills f from the children of <aanvraag>, in any order; unknown elements are left to the XSD. */
static void read_form(struct form *f, xmlNodePtr root, struct form_problems *p)
{
	for (xmlNodePtr c = xmlFirstElementChild(root); c; c = xmlNextElementSibling(c)) {
		const struct element *e;

		if (is_ours(c, "school")) {
			read_school(f, c, p);
		} else if (is_ours(c, "leerling")) {
			read_pupil(f, c, p);
		} else if (is_ours(c, "intern-begeleider")) {
			read_person(f, &f->ib, FF_IB, c, p);
		} else if (is_ours(c, "trajectbegeleider")) {
			read_person(f, &f->tb, FF_TB, c, p);
		} else if (is_ours(c, "ouders")) {
			read_parents(f, c, p);
		} else if (is_ours(c, "expertise")) {
			char *v = text_of(c, FF_EXPERTISE, p);
			form_add_expertise(f, v, line_of(c));
			free(v);
		} else if (is_ours(c, NULL) && (e = element_find("aanvraag", str(c->name)))) {
			set_text(f, e->field, c, p);
		}
	}
}

/* Validation: each schema error becomes a Dutch problem on its field. */

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
		add_flat(out, name, false, QUOTE_MAX);
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
	add_flat(out, name, false, QUOTE_MAX);
	free(name);
}

/* How many elements of n's name its parent holds. */
static unsigned count_named(xmlNodePtr n)
{
	unsigned count = 0;

	for (xmlNodePtr c = xmlFirstElementChild(n->parent); c; c = xmlNextElementSibling(c))
		count += is_ours(c, str(n->name));
	return count;
}

static void missing_problem(struct form_problems *p, xmlNodePtr n, const char *wanted,
			    const char *name, unsigned line)
{
	const struct element *here = element_of(n);
	const struct element *want = is_ours(n, NULL) ? element_find(str(n->name), wanted) : NULL;
	char *expected = xasprintf("een element <%s> op de plaats van het lege formulier", wanted);

	form_problem_add(p, want ? want->field : here ? here->field : FF_NONE, line, expected,
			 "het element <%s> ontbreekt in <%s>", wanted, name);
	free(expected);
}

static void unexpected_problem(struct form_problems *p, xmlNodePtr n, const char *wanted,
			       const char *name, unsigned line)
{
	const struct element *here = element_of(n), *want;
	char *ns, *expected;

	if (!here) {
		ns = name_for_message(is_ours(n, NULL) || !n->ns ? NULL : n->ns->href);
		form_problem_add(p, FF_NONE, line, EXPECT_ORDER, "het element <%s>%s%s%s hoort hier niet",
				 name, *ns ? " (namespace '" : "", ns, *ns ? "')" : "");
		free(ns);
	} else if (count_named(n) > here->max) {
		expected = here->max == 1 ? xasprintf("één element <%s>", name) :
			   xasprintf("hoogstens %u elementen <%s>", here->max, name);
		form_problem_add(p, here->field, line, expected, "het element <%s> staat er te vaak", name);
		free(expected);
	} else if ((want = element_find(here->parent, wanted)) != NULL) {
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
	char *name = name_for_message(n->name);

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
	const struct element *here = element_of(n);
	enum form_field field = here ? here->field : FF_NONE;
	xmlChar *raw = attr ? xmlGetNoNsProp(n, xstr(attr)) : xmlNodeGetContent(n);
	char *name = name_for_message(n->name);
	struct buf subject = BUF_INIT, what = BUF_INIT;
	const char *value;
	size_t len = str_trim_len(str(raw), strlen(str(raw)), &value);

	if (attr)
		buf_addf(&subject, "het attribuut %s van <%s>", attr, name);
	else
		buf_addf(&subject, "<%s>", name);
	if (len == 0) {
		buf_addf(&what, "%s is leeg", subject.data);
	} else if (code == XML_SCHEMAV_CVC_MAXLENGTH_VALID) {
		buf_addf(&what, "%s is te lang (%zu tekens)", subject.data, utf8_width(str(raw)));
	} else {
		add_quoted(&what, value);
		buf_addf(&what, " in %s %s", subject.data, rule_of(field, attr)->bad);
	}
	form_problem_add(p, field, line, rule_of(field, attr)->expected, "%s", what.data);
	buf_free(&subject);
	buf_free(&what);
	free(name);
	xmlFree(raw);
}

/* Elements where text belongs, or text where elements (or nothing) belong. */
static void shape_problem(struct form_problems *p, xmlNodePtr n, int code, unsigned line)
{
	const struct element *here = element_of(n);
	enum form_field field = here ? here->field : FF_NONE;
	char *name = name_for_message(n->name);
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
		form_problem_add(p, field, line, rule_of(field, NULL)->expected,
				 "<%s> mag alleen tekst bevatten, geen elementen", name);
	}
	free(name);
}

static void attribute_problem(struct form_problems *p, xmlNodePtr n, const char *attr, unsigned line)
{
	const struct element *here = element_of(n);
	bool person = here && (here->field == FF_IB || here->field == FF_TB ||
			       strcmp(here->name, "ouder") == 0);
	char *name = name_for_message(n->name);

	form_problem_add(p, here ? here->field : FF_NONE, line,
			 person ? "alleen de attributen naam en email" :
				  "een element zonder attributen, zoals in het lege formulier",
			 "het attribuut %s hoort niet bij <%s>", attr, name);
	free(name);
}

/* Anything else: libxml2's words, on the field of the element when it is one of ours. */
static void other_problem(struct form_problems *p, xmlNodePtr n, const xmlError *e, unsigned line)
{
	const struct element *here = n && n->type == XML_ELEMENT_NODE ? element_of(n) : NULL;
	struct buf msg = BUF_INIT;

	add_message(&msg, e->message);
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
		add_flat(&attr, str(n->name), false, QUOTE_MAX);
		n = n->parent;
	} else {
		message_attribute(e->message, &attr);
	}
	line = e->line > 0 ? (unsigned)e->line : line_of(n);
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
static int validate(xmlDocPtr doc, struct form_problems *p)
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

int form_xml_parse(const char *data, size_t len, struct form *f, struct form_problems *p)
{
	struct read_state st = { .message = BUF_INIT, .resource = BUF_INIT };
	struct saved_handlers saved;
	xmlDocPtr doc;
	int rc = -1;

	if (!schema)
		die(EXIT_SOFTWARE, "form_xml_parse() called before form_xml_init()");
	if (!data || len == 0) {
		form_problem_add(p, FF_NONE, 0, EXPECT_FORM, "het XML-bestand is leeg");
		return -1;
	}
	if (len > BOUND_XML_FORM) {
		form_problem_add(p, FF_NONE, 0, EXPECT_FORM,
				 "het XML-bestand is te groot (%zu KB); een formulier mag "
				 "hoogstens %u KB zijn",
				 (len + 1023) / 1024, BOUND_XML_FORM / 1024);
		return -1;
	}
	handlers_push(&saved, &st);
	doc = read_doc(data, len, &st, p);
	if (doc && root_ok(doc, p)) {
		read_form(f, xmlDocGetRootElement(doc), p);
		rc = validate(doc, p);
	}
	handlers_pop(&saved);
	xmlFreeDoc(doc);
	buf_free(&st.message);
	buf_free(&st.resource);
	return rc;
}

/* Writing: the form as the sender gets it back, or blank with a hint after each element. */

struct out {
	struct buf b;
	bool blank;
};

static bool niveau_is(const struct form *f, const char *lvl)
{
	return f->niveau && str_eq_nocase(f->niveau, lvl);
}

static bool person_set(const struct form_person *who)
{
	return who->name || who->email;
}

static bool form_is_blank(const struct form *f)
{
	for (int i = FF_NONE + 1; i < FF_COUNT; i++)
		if (form_get(f, (enum form_field)i))
			return false;
	return !f->roepnaam && !f->voorvoegsel && !f->achternaam && !person_set(&f->ib) &&
	       !person_set(&f->tb) && f->n_ouder == 0 && f->n_expertise == 0;
}

/* Appends s escaped for XML; characters XML 1.0 cannot hold are dropped. */
static void put_escaped(struct buf *b, const char *s, bool attr)
{
	char *clean = utf8_clean_text(s, strlen(s));   /* UTF-8, LF only, no controls */

	for (const unsigned char *c = (const unsigned char *)clean; *c; c++) {
		if (*c == '&')
			buf_adds(b, "&amp;");
		else if (*c == '<')
			buf_adds(b, "&lt;");
		else if (*c == '>')
			buf_adds(b, "&gt;");
		else if (*c == '"')
			buf_adds(b, "&quot;");
		else if (attr && *c == '\n')
			buf_adds(b, "&#10;");
		else if (attr && *c == '\t')
			buf_adds(b, "&#9;");
		else if (c[0] == 0xef && c[1] == 0xbf && (c[2] & 0xfe) == 0xbe)
			c += 2;                                 /* U+FFFE, U+FFFF */
		else
			buf_addc(b, (char)*c);
	}
	free(clean);
}

static void put_indent(struct out *o, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_adds(&o->b, "  ");
}

static void put_hint(struct out *o, const char *hint)
{
	if (o->blank && hint)
		buf_addf(&o->b, " <!-- %s -->", hint);
	buf_addc(&o->b, '\n');
}

static void put_text(struct out *o, int depth, const char *name, const char *value, const char *hint)
{
	put_indent(o, depth);
	buf_addf(&o->b, "<%s>", name);
	if (value)
		put_escaped(&o->b, value, false);
	buf_addf(&o->b, "</%s>", name);
	put_hint(o, hint);
}

/* An optional element: left out of a filled-in form when it is empty. */
static void put_optional(struct out *o, int depth, const char *name, const char *value,
			 const char *hint)
{
	if (value || o->blank)
		put_text(o, depth, name, value, hint);
}

static void put_person(struct out *o, int depth, const char *name, const struct form_person *who,
		       const char *hint)
{
	put_indent(o, depth);
	buf_addf(&o->b, "<%s naam=\"", name);
	if (who->name)
		put_escaped(&o->b, who->name, true);
	buf_adds(&o->b, "\" email=\"");
	if (who->email)
		put_escaped(&o->b, who->email, true);
	buf_adds(&o->b, "\"/>");
	put_hint(o, hint);
}

static void put_open(struct out *o, int depth, const char *name, const char *hint)
{
	put_indent(o, depth);
	buf_addf(&o->b, "<%s>", name);
	put_hint(o, hint);
}

static void put_close(struct out *o, int depth, const char *name)
{
	put_indent(o, depth);
	buf_addf(&o->b, "</%s>\n", name);
}

/* A checked date or number of hours in the form's notation; else the value as written. */
static const char *as_date(const char *raw, const struct date *d, char iso[11])
{
	if (!d->y)
		return raw;
	date_iso(d, iso);
	return iso;
}

static const char *as_hours(const struct form *f, char dot[16])
{
	if (!f->hours_half)
		return f->uren;
	hours_dot(f->hours_half, dot);
	return dot;
}

static void put_school(struct out *o, const struct form *f)
{
	put_open(o, 1, "school", NULL);
	put_text(o, 2, "naam", f->school, "naam van de school");
	put_text(o, 2, "brincode", f->brin, "BRIN-code: 2 cijfers en 2 letters of cijfers, bijv. 12AB");
	put_text(o, 2, "bestuur", f->bestuur, "naam van het schoolbestuur");
	put_close(o, 1, "school");
}

static void put_pupil(struct out *o, const struct form *f)
{
	char iso[11];

	if (!o->blank && !f->roepnaam && !f->voorvoegsel && !f->achternaam && !f->geboortedatum &&
	    !niveau_is(f, "leerling"))
		return;
	put_open(o, 1, "leerling", "alleen bij niveau leerling; nooit een BSN of onderwijsnummer");
	put_text(o, 2, "roepnaam", f->roepnaam, "roepnaam van de leerling");
	put_optional(o, 2, "voorvoegsel", f->voorvoegsel, "bijv. van der; mag leeg blijven");
	put_text(o, 2, "achternaam", f->achternaam, "achternaam van de leerling");
	put_text(o, 2, "geboortedatum", as_date(f->geboortedatum, &f->birth, iso),
		 "geboortedatum als jjjj-mm-dd, bijv. 2016-05-01");
	put_close(o, 1, "leerling");
}

/* For niveau leerling an empty <ouder> stays, so a parent can be filled in. */
static void put_parents(struct out *o, const struct form *f)
{
	static const struct form_person nobody;

	if (f->n_ouder == 0 && !o->blank && !niveau_is(f, "leerling"))
		return;
	put_open(o, 1, "ouders",
		 "bij niveau leerling: één ouder-element per ouder of verzorger, hoogstens 4");
	for (size_t i = 0; i < f->n_ouder; i++)
		put_person(o, 2, "ouder", &f->ouder[i], NULL);
	if (f->n_ouder == 0)
		put_person(o, 2, "ouder", &nobody, NULL);
	put_close(o, 1, "ouders");
}

static char *expertise_hint(void)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "herhaal dit element voor elke gevraagde expertise:");
	for (int i = 0; i < EXPERTISE_COUNT; i++) {
		const char *code = expertise_code(1u << i), *why = expertise_explanation(1u << i);
		buf_addf(&b, "%s %s", i ? "," : "", code);
		if (!str_starts_with(why, code))
			buf_addf(&b, " (%s)", why);
	}
	return buf_detach(&b);
}

static void put_expertise(struct out *o, const struct form *f)
{
	char *hint;

	for (size_t i = 0; i < f->n_expertise; i++) {
		unsigned bit = expertise_from_text(f->expertise[i]);   /* "[x] gedrag – ..." */
		put_text(o, 1, "expertise", bit ? expertise_code(bit) : f->expertise[i], NULL);
	}
	if (f->n_expertise)
		return;
	hint = expertise_hint();
	put_text(o, 1, "expertise", NULL, hint);
	free(hint);
}

char *form_xml_render(const struct form *f)
{
	struct out o = { BUF_INIT, form_is_blank(f) };
	char start[11], end[11], hours[16];

	buf_adds(&o.b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (o.blank)
		buf_adds(&o.b, "<!-- Aanvraag begeleiding passend onderwijs (BPO). Vul de elementen in "
			       "en stuur dit bestand als bijlage terug. -->\n");
	buf_adds(&o.b, "<aanvraag xmlns=\"" FORM_XML_NS "\">\n");
	put_text(&o, 1, "niveau", f->niveau, "leerling, groep of school");
	put_school(&o, f);
	if (o.blank || f->groep || niveau_is(f, "leerling") || niveau_is(f, "groep"))
		put_text(&o, 1, "groep", f->groep,
			 "de groep, bijv. groep 5; bij niveau leerling of groep");
	put_pupil(&o, f);
	if (o.blank || person_set(&f->ib))
		put_person(&o, 1, "intern-begeleider", &f->ib,
			   "naam en e-mailadres; leeg: de afzender van de e-mail");
	if (o.blank || person_set(&f->tb))
		put_person(&o, 1, "trajectbegeleider", &f->tb,
			   "alleen als een trajectbegeleider eerst akkoord moet geven");
	put_parents(&o, f);
	put_text(&o, 1, "aantal-uren", as_hours(f, hours), "gewenst aantal uur, met een punt: bijv. 12.5");
	put_text(&o, 1, "startdatum", as_date(f->startdatum, &f->start, start),
		 "gewenste startdatum als jjjj-mm-dd, bijv. 2027-01-10");
	put_text(&o, 1, "einddatum", as_date(f->einddatum, &f->end, end),
		 "gewenste einddatum, na de startdatum");
	put_optional(&o, 1, "so-organisatie", f->so_organisatie,
		     "voorkeur voor een SO-organisatie; mag leeg blijven");
	put_optional(&o, 1, "voorkeur-begeleider", f->voorkeur_begeleider,
		     "voorkeur voor een begeleider; mag leeg blijven");
	put_expertise(&o, f);
	put_text(&o, 1, "ondersteuningsvraag", f->ondersteuningsvraag, "de concrete ondersteuningsvraag");
	put_text(&o, 1, "maatregelen", f->maatregelen, "welke maatregelen zijn al genomen?");
	put_text(&o, 1, "resultaat", f->resultaat, "met welk resultaat?");
	put_optional(&o, 1, "andere-instanties", f->andere_instanties,
		     "welke andere instanties zijn betrokken? mag leeg blijven");
	buf_adds(&o.b, "</aanvraag>\n");
	return buf_detach(&o.b);
}

const char *form_xml_schema(size_t *len)
{
	if (len)
		*len = (size_t)((uintptr_t)form_xsd_end - (uintptr_t)form_xsd_start);
	return form_xsd_start;
}

/* Setup: once per process. */

static void schema_compile_error(void *data, xmlErrorPtr e)
{
	struct buf *msg = data;

	if (e && e->level >= XML_ERR_ERROR && msg->len == 0) {
		buf_addf(msg, "line %d: ", e->line);
		add_flat(msg, e->message, false, MESSAGE_MAX);
	}
}

int form_xml_init(void)
{
	xmlSchemaParserCtxtPtr pc;
	struct buf err = BUF_INIT;
	size_t len;
	const char *xsd = form_xml_schema(&len);

	if (schema)
		return 0;
	xmlInitParser();
	saved_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(deny_loader);
	pc = xmlSchemaNewMemParserCtxt(xsd, (int)len);
	if (!pc)
		die(EXIT_TEMPFAIL, "out of memory (XML schema)");
	xmlSchemaSetParserStructuredErrors(pc, schema_compile_error, &err);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!schema)
		warnx("the built-in form XSD does not compile: %s", buf_str(&err));
	buf_free(&err);
	return schema ? 0 : -1;
}

void form_xml_cleanup(void)
{
	xmlSchemaFree(schema);
	schema = NULL;
	if (saved_loader)
		xmlSetExternalEntityLoader(saved_loader);
	saved_loader = NULL;
	xmlCleanupParser();
}
