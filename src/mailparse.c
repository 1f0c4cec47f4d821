/* mailparse.c: reads incoming mail with libetpan: headers, text, attachments, under guards. */
#include <libetpan/libetpan.h>
#include <strings.h>

#include "address.h"
#include "base64.h"
#include "compose.h"
#include "html.h"
#include "mail_raw.h"
#include "mailparse.h"
#include "rfc2047.h"
#include "rfc2231.h"
#include "utf8.h"
#include "util.h"

#define MAX_PARAMS 64

/* An id we may repeat in In-Reply-To and References: anything else is dropped here. */
static char *copy_id(const char *id)
{
	if (!id || strlen(id) > 250 || !compose_id_ok(id))
		return NULL;
	return xstrdup(id);
}

static void add_ids_from_text(struct strlist *l, const char *s)
{
	while (l->n < BOUND_REFERENCES && (s = strchr(s, '<')) != NULL) {
		const char *gt = strchr(s, '>');
		if (!gt)
			break;
		char *id = xstrndup(s + 1, (size_t)(gt - s - 1));
		char *ok = copy_id(id);
		if (ok)
			strlist_add_owned(l, ok);
		free(id);
		s = gt + 1;
	}
}

static void add_recipients(struct strlist *l, struct mailimf_address_list *al)
{
	if (!al)
		return;
	for (clistiter *it = clist_begin(al->ad_list); it && l->n < 50; it = clist_next(it)) {
		struct mailimf_address *a = clist_content(it);
		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX && a->ad_data.ad_mailbox->mb_addr_spec)
			strlist_add_owned(l, addr_normalize(a->ad_data.ad_mailbox->mb_addr_spec));
	}
}

/* "<addr>" gives addr, "<>" gives "" (a bounce or an auto-reply), a bare address itself. */
static char *return_path(const char *v)
{
	const char *lt = strchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	char *inside = lt && gt ? xstrndup(lt + 1, (size_t)(gt - lt - 1)) : xstrdup(v);
	char *out = addr_normalize(inside);

	free(inside);
	return out;
}

static void optional_field(struct inmail *m, const char *name, const char *value)
{
	char *v = rfc2047_clean(value);

	if (str_eq_nocase(name, "Auto-Submitted") && !m->auto_submitted)
		m->auto_submitted = xstrdup(v);
	else if (str_eq_nocase(name, "Precedence") && !m->precedence)
		m->precedence = xstrdup(v);
	else if (str_eq_nocase(name, "List-Id") || str_eq_nocase(name, "List-Unsubscribe"))
		m->list_mail = true;
	else if (str_eq_nocase(name, "X-Autoreply") || str_eq_nocase(name, "X-Autorespond"))
		m->x_autoreply = true;
	else if (str_eq_nocase(name, COMPOSE_LOOP_HEADER))
		m->our_loop = true;
	else if (str_eq_nocase(name, "Return-Path") && !m->return_path)
		m->return_path = return_path(v);   /* libetpan leaves it an optional field */
	else if ((str_eq_nocase(name, "Delivered-To") || str_eq_nocase(name, "X-Original-To")) &&
		 m->recipients.n < 50)
		strlist_add_owned(&m->recipients, addr_normalize(v));
	else if (str_eq_nocase(name, "In-Reply-To") && !m->in_reply_to) {
		struct strlist ids = STRLIST_INIT;
		add_ids_from_text(&ids, value);
		if (ids.n)
			m->in_reply_to = xstrdup(ids.item[0]);
		strlist_free(&ids);
	} else if (str_eq_nocase(name, "References") && m->references.n == 0)
		add_ids_from_text(&m->references, value);
	free(v);
}

static void read_from(struct inmail *m, struct mailimf_mailbox_list *from)
{
	for (clistiter *it = clist_begin(from->mb_list); it; it = clist_next(it)) {
		struct mailimf_mailbox *mb = clist_content(it);
		if (m->n_from++ == 0 && mb->mb_addr_spec) {
			m->from_addr = addr_normalize(mb->mb_addr_spec);
			if (mb->mb_display_name)
				m->from_name = rfc2047_decode(mb->mb_display_name, BOUND_NAME);
		}
	}
}

static void read_headers(struct inmail *m, struct mailimf_fields *fields)
{
	struct strlist to_cc = STRLIST_INIT;

	if (!fields)
		return;
	for (clistiter *it = clist_begin(fields->fld_list); it; it = clist_next(it)) {
		struct mailimf_field *f = clist_content(it);
		switch (f->fld_type) {
		case MAILIMF_FIELD_FROM:
			read_from(m, f->fld_data.fld_from->frm_mb_list);
			break;
		case MAILIMF_FIELD_SUBJECT:
			if (!*m->subject) {
				free(m->subject);
				m->subject = rfc2047_decode(f->fld_data.fld_subject->sbj_value, 1000);
			}
			break;
		case MAILIMF_FIELD_MESSAGE_ID:
			if (!m->message_id)
				m->message_id = copy_id(f->fld_data.fld_message_id->mid_value);
			break;
		case MAILIMF_FIELD_IN_REPLY_TO: {
			clist *ids = f->fld_data.fld_in_reply_to->mid_list;
			if (!m->in_reply_to && ids && clist_begin(ids))
				m->in_reply_to = copy_id(clist_content(clist_begin(ids)));
			break;
		}
		case MAILIMF_FIELD_REFERENCES:
			for (clistiter *r = clist_begin(f->fld_data.fld_references->mid_list);
			     r && m->references.n < BOUND_REFERENCES; r = clist_next(r)) {
				char *id = copy_id(clist_content(r));
				if (id)
					strlist_add_owned(&m->references, id);
			}
			break;
		case MAILIMF_FIELD_TO:
			add_recipients(&to_cc, f->fld_data.fld_to->to_addr_list);
			break;
		case MAILIMF_FIELD_CC:
			add_recipients(&to_cc, f->fld_data.fld_cc->cc_addr_list);
			break;
		case MAILIMF_FIELD_RETURN_PATH:
			if (!m->return_path) {
				const char *a = f->fld_data.fld_return_path->ret_path->pt_addr_spec;
				m->return_path = a ? addr_normalize(a) : xstrdup("");
			}
			break;
		case MAILIMF_FIELD_OPTIONAL_FIELD:
			if (str_eq_nocase(f->fld_data.fld_optional_field->fld_name, "From"))
				m->n_from += 2;   /* a From libetpan could not read: never one sender */
			else
				optional_field(m, f->fld_data.fld_optional_field->fld_name,
					       f->fld_data.fld_optional_field->fld_value);
			break;
		default:
			break;
		}
	}
	/* Envelope headers first: they name the address the mail was delivered to. */
	for (size_t i = 0; i < to_cc.n; i++)
		strlist_add(&m->recipients, to_cc.item[i]);
	strlist_free(&to_cc);
}

/* Bodies ------------------------------------------------------------------ */

struct walker {
	struct inmail *m;
	struct buf html;
	size_t parts;
	size_t att_bytes;
	/* Of each kept attachment: its Content-ID, and whether it is a resource of an HTML text. */
	char *cid[BOUND_ATTACHMENTS];
	bool related[BOUND_ATTACHMENTS];
};

static bool decode_part(struct mailmime *part, char **out, size_t *outlen)
{
	struct mailmime_data *d = part->mm_data.mm_single;
	size_t idx = 0;
	char *dec = NULL;
	size_t declen = 0;
	int encoding;

	*out = NULL;
	*outlen = 0;
	if (!d || d->dt_type != MAILMIME_DATA_TEXT)
		return false;
	encoding = d->dt_encoding;
	/*
	 * Text that says it is base64 but cannot be: a character outside the
	 * alphabet inside a line (a sender that labels plain text base64).
	 * Decoding it would turn readable text into noise, so it is read as it is.
	 */
	if (encoding == MAILMIME_MECHANISM_BASE64 &&
	    !base64_only(d->dt_data.dt_text.dt_data, d->dt_data.dt_text.dt_length))
		encoding = MAILMIME_MECHANISM_8BIT;
	if (encoding == MAILMIME_MECHANISM_BASE64) {
		*out = base64_decode(d->dt_data.dt_text.dt_data, d->dt_data.dt_text.dt_length, outlen);
		return true;
	}
	if (mailmime_part_parse(d->dt_data.dt_text.dt_data, d->dt_data.dt_text.dt_length, &idx,
				encoding, &dec, &declen) != MAILIMF_NO_ERROR)
		return false;
	*out = xmalloc(declen + 1);
	memcpy(*out, dec, declen);
	(*out)[declen] = '\0';
	*outlen = declen;
	mmap_string_unref(dec);
	return true;
}

/* Charset policy of the notes (§5): mislabelled and unlabelled text is windows-1252 unless valid UTF-8. */
static char *text_to_utf8(const char *bytes, size_t len, const char *charset)
{
	char *out = NULL;

	if (charset && !str_eq_nocase(charset, "utf-8") && !str_eq_nocase(charset, "us-ascii") &&
	    !str_eq_nocase(charset, "iso-8859-1") && !str_eq_nocase(charset, "latin1") &&
	    !str_eq_nocase(charset, "windows-1252")) {
		char *conv = NULL;
		size_t convlen = 0;
		if (charconv_buffer("utf-8", charset, bytes, len, &conv, &convlen) ==
		    MAIL_CHARCONV_NO_ERROR) {
			out = utf8_clean_text(conv, convlen);
			charconv_buffer_free(conv);
			return out;
		}
	}
	return utf8_clean_text(bytes, len);
}

static bool is_type(struct mailmime_content *ct, int composite_or_discrete, const char *sub)
{
	if (!ct || !ct->ct_type)
		return composite_or_discrete == MAILMIME_DISCRETE_TYPE_TEXT && str_eq_nocase(sub, "plain");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		if (ct->ct_type->tp_data.tp_discrete_type->dt_type != composite_or_discrete)
			return false;
	} else {
		if (ct->ct_type->tp_data.tp_composite_type->ct_type != composite_or_discrete)
			return false;
	}
	return !sub || (ct->ct_subtype && str_eq_nocase(ct->ct_subtype, sub));
}

static char *type_string(struct mailmime_content *ct)
{
	const char *major = "application";

	if (!ct || !ct->ct_type)
		return xstrdup("text/plain");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		struct mailmime_discrete_type *d = ct->ct_type->tp_data.tp_discrete_type;
		switch (d->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT: major = "text"; break;
		case MAILMIME_DISCRETE_TYPE_IMAGE: major = "image"; break;
		case MAILMIME_DISCRETE_TYPE_AUDIO: major = "audio"; break;
		case MAILMIME_DISCRETE_TYPE_VIDEO: major = "video"; break;
		case MAILMIME_DISCRETE_TYPE_APPLICATION: major = "application"; break;
		default: major = "application"; break;
		}
	} else if (ct->ct_type->tp_data.tp_composite_type->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE) {
		major = "message";
	} else {
		major = "multipart";
	}
	char *s = xasprintf("%s/%s", major, ct->ct_subtype ? ct->ct_subtype : "octet-stream");
	str_lower_ascii(s);
	if (strpbrk(s, " \t\r\n;\"")) {
		free(s);
		s = xstrdup("application/octet-stream");
	}
	return s;
}

/* Collects the parameters of Content-Disposition and Content-Type for RFC 2231. */
static size_t collect_params(struct mailmime *part, struct mime_param *p, const char **plain_name,
			     const char **plain_filename, bool *attachment)
{
	size_t n = 0;
	struct mailmime_fields *mf = part->mm_mime_fields;

	*plain_name = *plain_filename = NULL;
	*attachment = false;
	if (mf)
		for (clistiter *it = clist_begin(mf->fld_list); it; it = clist_next(it)) {
			struct mailmime_field *f = clist_content(it);
			if (f->fld_type != MAILMIME_FIELD_DISPOSITION)
				continue;
			struct mailmime_disposition *d = f->fld_data.fld_disposition;
			*attachment = d->dsp_type->dsp_type == MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
			for (clistiter *pi = clist_begin(d->dsp_parms); pi; pi = clist_next(pi)) {
				struct mailmime_disposition_parm *dp = clist_content(pi);
				if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME)
					*plain_filename = dp->pa_data.pa_filename;
				else if (dp->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER && n < MAX_PARAMS) {
					p[n].name = dp->pa_data.pa_parameter->pa_name;
					p[n++].value = dp->pa_data.pa_parameter->pa_value;
				}
			}
		}
	if (part->mm_content_type)
		for (clistiter *it = clist_begin(part->mm_content_type->ct_parameters); it;
		     it = clist_next(it)) {
			struct mailmime_parameter *cp = clist_content(it);
			if (str_eq_nocase(cp->pa_name, "name"))
				*plain_name = cp->pa_value;
			else if (n < MAX_PARAMS) {
				p[n].name = cp->pa_name;
				p[n++].value = cp->pa_value;
			}
		}
	return n;
}

/* Never a path: the last component, no controls, no leading dots, bounded. */
static char *sanitise_filename(const char *name)
{
	const char *base = name;
	struct buf out = BUF_INIT;

	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (*base == '.' || *base == ' ')
		base++;
	for (const char *p = base; *p; p++)
		buf_addc(&out, ((unsigned char)*p < 0x20 || *p == 0x7f || *p == ':') ? '_' : *p);
	buf_truncate(&out, utf8_prefix_len(buf_str(&out), out.len, BOUND_FILENAME));
	if (out.len == 0)
		buf_adds(&out, "bijlage");
	return buf_detach(&out);
}

static char *part_filename(struct mailmime *part, bool *attachment)
{
	struct mime_param params[MAX_PARAMS];
	const char *name, *filename;
	size_t n = collect_params(part, params, &name, &filename, attachment);
	char *v = rfc2231_value(params, n, "filename");

	if (!v)
		v = rfc2231_value(params, n, "name");
	if (!v && filename)
		v = rfc2047_decode(filename, 1000);
	if (!v && name)
		v = rfc2047_decode(name, 1000);
	if (!v)
		return NULL;
	char *safe = sanitise_filename(v);
	free(v);
	return safe;
}

/* The Content-ID of a part, without <>, or NULL (borrowed). */
static const char *content_id(struct mailmime *part)
{
	struct mailmime_fields *mf = part->mm_mime_fields;

	if (mf)
		for (clistiter *it = clist_begin(mf->fld_list); it; it = clist_next(it)) {
			struct mailmime_field *f = clist_content(it);
			if (f->fld_type == MAILMIME_FIELD_ID && f->fld_data.fld_id && *f->fld_data.fld_id)
				return f->fld_data.fld_id;
		}
	return NULL;
}

static void keep_attachment(struct walker *w, struct mailmime *part, bool related, char *filename,
			    char *type, char *data, size_t len)
{
	struct inmail *m = w->m;
	const char *cid = content_id(part);

	if (m->n_att == BOUND_ATTACHMENTS || len > BOUND_ATTACHMENT_SIZE ||
	    w->att_bytes + len > BOUND_ATTACHMENTS_TOTAL) {
		m->n_att_dropped++;
		free(filename);
		free(type);
		free(data);
		return;
	}
	w->cid[m->n_att] = cid ? xstrdup(cid) : NULL;
	w->related[m->n_att] = related;
	w->att_bytes += len;
	m->att[m->n_att].filename = filename;
	m->att[m->n_att].content_type = type;
	m->att[m->n_att].data = data;
	m->att[m->n_att].len = len;
	m->n_att++;
}

/* How much of a body of len bytes is read; a longer one is cut, and the message says so. */
static size_t bounded(struct inmail *m, size_t len, size_t bound)
{
	if (len <= bound)
		return len;
	m->text_cut = true;
	return bound;
}

static void single_part(struct walker *w, struct mailmime *part, bool related)
{
	bool attachment;
	char *filename = part_filename(part, &attachment);
	char *data;
	size_t len;
	bool text = is_type(part->mm_content_type, MAILMIME_DISCRETE_TYPE_TEXT, "plain");
	bool html = is_type(part->mm_content_type, MAILMIME_DISCRETE_TYPE_TEXT, "html");

	if (!decode_part(part, &data, &len)) {
		free(filename);
		return;
	}
	if (!attachment && !filename && text && !*w->m->text) {
		const char *cs = part->mm_content_type ? mailmime_content_charset_get(part->mm_content_type)
						       : NULL;
		free(w->m->text);
		w->m->text = text_to_utf8(data, bounded(w->m, len, BOUND_TEXT_BODY), cs);
		free(data);
		return;
	}
	if (!attachment && !filename && html && w->html.len == 0) {
		const char *cs = mailmime_content_charset_get(part->mm_content_type);
		char *utf8 = text_to_utf8(data, bounded(w->m, len, BOUND_HTML_BODY), cs);
		buf_adds(&w->html, utf8);
		free(utf8);
		free(data);
		return;
	}
	if (!attachment && !filename && (text || html)) {
		free(data);   /* a second text part of an alternative: not a document */
		return;
	}
	if (!filename)
		filename = xstrdup("bijlage");
	keep_attachment(w, part, related && !attachment, filename, type_string(part->mm_content_type),
			data, len);
}

/* The first plain (else HTML) text of a forwarded message, for a form written in it. */
static void forwarded_text(struct walker *w, struct mailmime *part, int depth)
{
	struct inmail *m = w->m;

	if (m->forwarded || !part || depth > BOUND_MIME_DEPTH)
		return;
	if (part->mm_type == MAILMIME_MULTIPLE) {
		for (clistiter *it = clist_begin(part->mm_data.mm_multipart.mm_mp_list); it && !m->forwarded;
		     it = clist_next(it))
			forwarded_text(w, clist_content(it), depth + 1);
		return;
	}
	bool html = is_type(part->mm_content_type, MAILMIME_DISCRETE_TYPE_TEXT, "html");
	if (part->mm_type != MAILMIME_SINGLE ||
	    (!is_type(part->mm_content_type, MAILMIME_DISCRETE_TYPE_TEXT, "plain") && !html))
		return;
	char *data;
	size_t len;
	if (!decode_part(part, &data, &len))
		return;
	const char *cs = part->mm_content_type ? mailmime_content_charset_get(part->mm_content_type) : NULL;
	char *utf8 = text_to_utf8(data, len < BOUND_FORWARDED_TEXT ? len : BOUND_FORWARDED_TEXT, cs);
	m->forwarded = html ? html_to_text(utf8, strlen(utf8)) : xstrdup(utf8);
	free(utf8);
	free(data);
}

static void embedded_message(struct walker *w, struct mailmime *part)
{
	bool attachment;
	char *filename = part_filename(part, &attachment);
	struct mailmime_data *body = part->mm_body;

	/* The message itself, after the part's own MIME headers (mm_mime_start would include them). */
	if (!body || body->dt_type != MAILMIME_DATA_TEXT || !body->dt_data.dt_text.dt_data) {
		free(filename);
		return;
	}
	size_t len = body->dt_data.dt_text.dt_length;
	char *data = xmalloc(len + 1);
	memcpy(data, body->dt_data.dt_text.dt_data, len);
	data[len] = '\0';
	if (!filename)
		filename = xstrdup("bericht.eml");
	keep_attachment(w, part, false, filename, xstrdup("message/rfc822"), data, len);
	forwarded_text(w, part->mm_data.mm_message.mm_msg_mime, 0);
}

/*
 * related: the part is a resource of an HTML text (a part after the first of
 * a multipart/related: Outlook's signature logo), not a document.
 */
static void walk(struct walker *w, struct mailmime *part, int depth, bool related)
{
	if (depth > BOUND_MIME_DEPTH || ++w->parts > BOUND_MIME_PARTS) {
		w->m->truncated = true;
		return;
	}
	switch (part->mm_type) {
	case MAILMIME_SINGLE:
		single_part(w, part, related);
		break;
	case MAILMIME_MULTIPLE: {
		bool is_related = is_type(part->mm_content_type, MAILMIME_COMPOSITE_TYPE_MULTIPART,
					  "related");
		bool first = true;
		if (is_type(part->mm_content_type, MAILMIME_COMPOSITE_TYPE_MULTIPART, "report"))
			w->m->is_report = true;
		for (clistiter *it = clist_begin(part->mm_data.mm_multipart.mm_mp_list); it;
		     it = clist_next(it)) {
			walk(w, clist_content(it), depth + 1, related || (is_related && !first));
			first = false;
		}
		break;
	}
	case MAILMIME_MESSAGE:
		if (depth == 0) {
			if (part->mm_data.mm_message.mm_msg_mime)
				walk(w, part->mm_data.mm_message.mm_msg_mime, depth + 1, false);
		} else {
			embedded_message(w, part);
		}
		break;
	default:
		break;
	}
}

/* "cid:ID" in the HTML text, ignoring case. */
static bool html_refers_to(const struct buf *html, const char *cid)
{
	size_t n = strlen(cid);

	for (const char *p = buf_str(html); (p = strcasestr(p, "cid:")) != NULL; p += 4)
		if (strncasecmp(p + 4, cid, n) == 0)
			return true;
	return false;
}

/*
 * Images that belong to the text are not documents (bpomail(1), Commands in mail): parts the
 * HTML refers to by Content-ID, and the resources of a multipart/related.
 * What is left keeps its order.
 */
static void drop_inline_images(struct walker *w)
{
	struct inmail *m = w->m;
	size_t kept = 0;

	for (size_t i = 0; i < m->n_att; i++) {
		bool inline_image = w->related[i] || (w->cid[i] && w->html.len &&
						      html_refers_to(&w->html, w->cid[i]));
		free(w->cid[i]);
		if (inline_image) {
			free(m->att[i].filename);
			free(m->att[i].content_type);
			free(m->att[i].data);
			m->n_inline++;
			continue;
		}
		m->att[kept++] = m->att[i];
	}
	m->n_att = kept;
}

void inmail_free(struct inmail *m)
{
	free(m->message_id);
	free(m->from_addr);
	free(m->from_name);
	free(m->subject);
	free(m->in_reply_to);
	strlist_free(&m->references);
	strlist_free(&m->recipients);
	free(m->return_path);
	free(m->auto_submitted);
	free(m->precedence);
	free(m->text);
	free(m->forwarded);
	for (size_t i = 0; i < m->n_att; i++) {
		free(m->att[i].filename);
		free(m->att[i].content_type);
		free(m->att[i].data);
	}
	memset(m, 0, sizeof *m);
}

int mailparse_padded(const char *raw, size_t len, struct inmail *m, char **why)
{
	struct walker w = { .m = m, .html = BUF_INIT };
	struct mailmime *tree = NULL;
	const char *refused;
	size_t idx = 0;

	memset(m, 0, sizeof *m);
	m->subject = xstrdup("");
	m->text = xstrdup("");
	*why = NULL;
	if ((refused = raw_refusal(raw, len)) != NULL) {
		*why = xstrdup(refused);
		return -1;
	}
	if (mailmime_parse(raw, len, &idx, &tree) != MAILIMF_NO_ERROR || !tree) {
		*why = xstrdup("het bericht kon niet worden gelezen");
		return -1;
	}
	if (tree->mm_type == MAILMIME_MESSAGE)
		read_headers(m, tree->mm_data.mm_message.mm_fields);
	walk(&w, tree, 0, false);
	drop_inline_images(&w);
	if (!*m->text && w.html.len) {
		free(m->text);
		m->text = html_to_text(w.html.data, w.html.len);
		m->text_from_html = true;
	}
	if (m->text_cut) {
		char *cut = xasprintf("%s\n%s", m->text, MAILPARSE_CUT_MARK);
		free(m->text);
		m->text = cut;
	}
	buf_free(&w.html);
	mailmime_free(tree);
	return 0;
}

int mailparse(const char *raw, size_t len, struct inmail *m, char **why)
{
	/* libetpan over-reads quoted-printable by one byte (README, Hostile mail): parse a NUL-padded copy. */
	char *copy = xmalloc(len + 2);
	int rc;

	memcpy(copy, raw, len);
	copy[len] = copy[len + 1] = '\0';
	rc = mailparse_padded(copy, len, m, why);
	free(copy);
	return rc;
}

char *mailparse_message_id(const char *raw, size_t len)
{
	const char *p = raw, *end = raw + len;

	while (p < end && *p != '\n' && !(*p == '\r' && p + 1 < end && p[1] == '\n')) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		if (raw_line_starts_ci(p, line_end, "message-id:")) {
			struct strlist ids = STRLIST_INIT;
			char *value = xstrndup(p + 11, (size_t)(line_end - p - 11));
			/* A folded id continues on the next line. */
			if (nl && nl + 1 < end && (nl[1] == ' ' || nl[1] == '\t')) {
				const char *nl2 = memchr(nl + 1, '\n', (size_t)(end - nl - 1));
				char *more = xstrndup(nl + 1, (size_t)((nl2 ? nl2 : end) - nl - 1));
				char *joined = xasprintf("%s%s", value, more);
				free(value);
				free(more);
				value = joined;
			}
			add_ids_from_text(&ids, value);
			free(value);
			char *id = ids.n ? xstrdup(ids.item[0]) : NULL;
			strlist_free(&ids);
			return id;
		}
		p = nl ? nl + 1 : end;
	}
	return NULL;
}
