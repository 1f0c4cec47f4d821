/* form_xml.c: the XML request form: read safely and checked against the XSD, in Dutch. */
#include <limits.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "bounds.h"
#include "form.h"
#include "form_xml.h"
#include "form_xml_parts.h"
#include "utf8.h"
#include "util.h"


/* The XSD, from form_xsd.S: the bytes of src/aanvraag.xsd, followed by a NUL. */
extern const char form_xsd_start[];
extern const char form_xsd_end[];

static xmlSchemaPtr schema;
static xmlExternalEntityLoader saved_loader;

/* Where each element of the form stands, the field it fills and how often it may occur. */
static const struct fxml_element elements[] = {
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
	{ "aanvraag", "ondersteuningsbehoeften", FF_BEHOEFTEN, 1 },
	{ "aanvraag", "toelichting-ouders", FF_TOELICHTING_OUDERS, 1 },
	{ "aanvraag", "eerdere-aanvraag", FF_EERDERE, 1 },
};

/* How a wrong value of a field is described, and what is expected instead. */
static const struct fxml_rule rules[] = {
	{ FF_NIVEAU, "is geen bekend niveau", "leerling, groep of school" },
	{ FF_BRIN, "is geen geldige BRIN-code", "2 cijfers en 2 letters of cijfers, bijv. 12AB" },
	{ FF_GEBOORTEDATUM, "is geen geldige datum", EXPECT_DATE },
	{ FF_START, "is geen geldige datum", EXPECT_DATE },
	{ FF_EIND, "is geen geldige datum", EXPECT_DATE },
	{ FF_UREN, "is geen geldig aantal uren", "een getal groter dan 0 met een punt, bijv. 12.5" },
	{ FF_EXPERTISE, "is geen bekende expertise",
	  "een van: gedrag, leren, communicatie, zicht, motoriek, ziekte, zml, autisme, anders" },
	{ FF_EERDERE, "is geen kenmerk van een aanvraag", "het kenmerk van de eerdere aanvraag, bijv. BPO-2026-0042" },
};

static const struct fxml_rule rule_text = { FF_NONE, "is niet geldig", EXPECT_TEXT };
static const struct fxml_rule rule_naam = { FF_NONE, "is niet geldig", "een naam van hoogstens 200 tekens" };
static const struct fxml_rule rule_email = {
	FF_NONE, "is niet geldig", "een e-mailadres van hoogstens 254 tekens"
};

/* What went wrong while reading one document. */
struct read_state {
	bool doctype;          /* a DOCTYPE was seen; the parse stopped there */
	bool refused;          /* an external resource was asked for (and refused) */
	bool failed;           /* an error of level XML_ERR_ERROR or worse */
	bool crowded;          /* an element had too many attributes; the parse stopped there */
	bool charset;          /* its character set is one libxml2 cannot read (message: its name) */
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

const char *fxml_str(const xmlChar *s)
{
	return s ? (const char *)s : "";
}

const xmlChar *fxml_xstr(const char *s)
{
	return (const xmlChar *)s;
}

unsigned fxml_line_of(const xmlNode *n)
{
	long line = n ? xmlGetLineNo(n) : 0;
	return line > 0 && line < INT_MAX ? (unsigned)line : 0;
}

/* True for an element in our namespace, named name (any name when NULL). */
bool fxml_is_ours(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp(fxml_str(n->ns->href), FORM_XML_NS) == 0 &&
	       (!name || strcmp(fxml_str(n->name), name) == 0);
}

const struct fxml_element *fxml_element_find(const char *parent, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(elements); i++)
		if (strcmp(elements[i].parent, parent) == 0 && strcmp(elements[i].name, name) == 0)
			return &elements[i];
	return NULL;
}

/* The form element n is, judged by its own and its parent's local name; NULL if none. */
const struct fxml_element *fxml_element_of(const xmlNode *n)
{
	if (!fxml_is_ours(n, NULL) || !fxml_is_ours(n->parent, NULL))
		return NULL;
	return fxml_element_find(fxml_str(n->parent->name), fxml_str(n->name));
}

const struct fxml_rule *fxml_rule_of(enum form_field field, const char *attr)
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
void fxml_add_flat(struct buf *b, const char *text, bool strip_ns, size_t max)
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
void fxml_add_message(struct buf *b, const char *msg)
{
	fxml_add_flat(b, msg, true, MESSAGE_MAX);
	while (b->len && b->data[b->len - 1] == '.')
		buf_truncate(b, b->len - 1);
}

/* Appends 'value' as a sender wrote it: on one line, at most QUOTE_MAX characters. */
void fxml_add_quoted(struct buf *b, const char *value)
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
char *fxml_name_for_message(const xmlChar *name)
{
	struct buf b = BUF_INIT;

	fxml_add_flat(&b, fxml_str(name), false, QUOTE_MAX);
	return buf_detach(&b);
}

/* Reading: the safe parse of notes A2. */

static void note_error(struct read_state *st, const xmlError *e)
{
	if (!st || !e || e->level < XML_ERR_ERROR || st->failed)
		return;
	st->failed = true;
	st->line = e->line > 0 ? (unsigned)e->line : 0;
	st->charset = e->code == XML_ERR_UNSUPPORTED_ENCODING && e->str1;
	fxml_add_message(&st->message, st->charset ? e->str1 : e->message);
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
			fxml_add_flat(&st->resource, url, false, QUOTE_MAX);
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
	else if (st->charset)
		form_problem_add(p, FF_NONE, 0, EXPECT_FORM,
				 "het XML-bestand is in de tekenset '%s' geschreven, die bpomail niet "
				 "kan lezen; bewaar het als UTF-8", buf_str(&st->message));
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

	if (fxml_is_ours(root, "aanvraag"))
		return true;
	if (!root) {
		form_problem_add(p, FF_NONE, 0, EXPECT_FORM, "het XML-bestand bevat geen elementen");
		return false;
	}
	name = fxml_name_for_message(root->name);
	ns = fxml_name_for_message(root->ns ? root->ns->href : NULL);
	form_problem_add(p, FF_NONE, fxml_line_of(root),
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
	char *v = take(fxml_str(content), field, fxml_line_of(n), p);

	xmlFree(content);
	return v;
}

static char *attr_of(xmlNodePtr n, const char *name, enum form_field field, struct form_problems *p)
{
	xmlChar *value = xmlGetNoNsProp(n, fxml_xstr(name));
	char *v = take(fxml_str(value), field, fxml_line_of(n), p);

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

	form_set(f, field, v, fxml_line_of(n));
	free(v);
}

static void read_school(struct form *f, xmlNodePtr school, struct form_problems *p)
{
	for (xmlNodePtr c = xmlFirstElementChild(school); c; c = xmlNextElementSibling(c)) {
		const struct fxml_element *e = fxml_is_ours(c, NULL) ? fxml_element_find("school", fxml_str(c->name)) : NULL;
		if (e)
			set_text(f, e->field, c, p);
	}
}

static void read_pupil(struct form *f, xmlNodePtr pupil, struct form_problems *p)
{
	form_set(f, FF_LEERLING, NULL, fxml_line_of(pupil));
	for (xmlNodePtr c = xmlFirstElementChild(pupil); c; c = xmlNextElementSibling(c)) {
		if (fxml_is_ours(c, "roepnaam"))
			replace(&f->roepnaam, text_of(c, FF_LEERLING, p));
		else if (fxml_is_ours(c, "voorvoegsel"))
			replace(&f->voorvoegsel, text_of(c, FF_LEERLING, p));
		else if (fxml_is_ours(c, "achternaam"))
			replace(&f->achternaam, text_of(c, FF_LEERLING, p));
		else if (fxml_is_ours(c, "geboortedatum"))
			set_text(f, FF_GEBOORTEDATUM, c, p);
	}
}

static void read_person(struct form *f, struct form_person *who, enum form_field field,
			xmlNodePtr n, struct form_problems *p)
{
	replace(&who->name, attr_of(n, "naam", field, p));
	replace(&who->email, attr_of(n, "email", field, p));
	form_set(f, field, NULL, fxml_line_of(n));
}

/* One parent per <ouder>; an <ouder> with neither name nor address is the blank form's: no parent. */
static void read_parents(struct form *f, xmlNodePtr parents, struct form_problems *p)
{
	for (xmlNodePtr c = xmlFirstElementChild(parents); c; c = xmlNextElementSibling(c)) {
		if (!fxml_is_ours(c, "ouder"))
			continue;
		char *name = attr_of(c, "naam", FF_OUDER, p);
		char *email = attr_of(c, "email", FF_OUDER, p);
		if (name || email)
			form_add_parent(f, name, email, fxml_line_of(c));
		free(name);
		free(email);
	}
	if (!f->line[FF_OUDER])
		form_set(f, FF_OUDER, NULL, fxml_line_of(parents));
}

/* Fills f from the children of <aanvraag>, in any order; unknown elements are left to the XSD. */
static void read_form(struct form *f, xmlNodePtr root, struct form_problems *p)
{
	for (xmlNodePtr c = xmlFirstElementChild(root); c; c = xmlNextElementSibling(c)) {
		const struct fxml_element *e;

		if (fxml_is_ours(c, "school")) {
			read_school(f, c, p);
		} else if (fxml_is_ours(c, "leerling")) {
			read_pupil(f, c, p);
		} else if (fxml_is_ours(c, "intern-begeleider")) {
			read_person(f, &f->ib, FF_IB, c, p);
		} else if (fxml_is_ours(c, "trajectbegeleider")) {
			read_person(f, &f->tb, FF_TB, c, p);
		} else if (fxml_is_ours(c, "ouders")) {
			read_parents(f, c, p);
		} else if (fxml_is_ours(c, "expertise")) {
			char *v = text_of(c, FF_EXPERTISE, p);
			form_add_expertise(f, v, fxml_line_of(c));
			free(v);
		} else if (fxml_is_ours(c, NULL) && (e = fxml_element_find("aanvraag", fxml_str(c->name)))) {
			set_text(f, e->field, c, p);
		}
	}
}

int form_xml_parse(const char *data, size_t len, struct form *f, struct form_problems *p)
{
	struct read_state st = { .message = BUF_INIT, .resource = BUF_INIT };
	struct saved_handlers saved;
	xmlDocPtr doc;
	int rc = -1;

	/* Compiled at the first XML form: a reply, most of the mail, never needs it (issue 12). */
	if (!schema && form_xml_init() < 0)
		die(EXIT_TEMPFAIL, "the built-in form schema does not compile");
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
		rc = fxml_validate(schema, doc, p);
	}
	handlers_pop(&saved);
	xmlFreeDoc(doc);
	buf_free(&st.message);
	buf_free(&st.resource);
	return rc;
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
		fxml_add_flat(msg, e->message, false, MESSAGE_MAX);
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
