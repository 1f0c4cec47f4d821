/* mailbody.c: a rendered template as the text part and the HTML alternative of a mail. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mailbody.h"
#include "util.h"

struct action {
	char *label, *body;
	int64_t request_id;
};

static void html_escape(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, s[i]);
		}
	}
}

static void pct_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || strchr("-._~", *p)) {
			buf_addc(b, (char)*p);
		} else if (*p == '\n') {
			buf_adds(b, "%0D%0A");
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

char *mailbody_mailto(const char *to, const char *subject, const char *body)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "mailto:");
	buf_adds(&b, to);
	buf_adds(&b, "?subject=");
	pct_encode(&b, subject);
	buf_adds(&b, "&body=");
	pct_encode(&b, body);
	return buf_detach(&b);
}

/* "[[Label|Body]]" or "[[Label|Body|#7]]" as the whole line; false for any other line. */
static bool parse_action(const char *line, size_t n, struct action *a)
{
	if (n < 6 || strncmp(line, "[[", 2) != 0 || strncmp(line + n - 2, "]]", 2) != 0)
		return false;
	char *inner = xstrndup(line + 2, n - 4);
	char *bar = strchr(inner, '|');
	if (!bar || bar == inner) {
		free(inner);
		return false;
	}
	*bar = '\0';
	char *body = bar + 1, *id = strrchr(body, '|');
	a->request_id = 0;
	if (id && id[1] == '#' && id[2]) {
		char *end;
		long long v = strtoll(id + 2, &end, 10);
		if (*end || v <= 0) {
			free(inner);
			return false;
		}
		a->request_id = v;
		*id = '\0';
	}
	struct buf b = BUF_INIT;
	for (const char *p = body; *p; p++) {
		if (p[0] == '\\' && p[1] == 'n') {
			buf_addc(&b, '\n');
			p++;
		} else {
			buf_addc(&b, *p);
		}
	}
	a->label = xstrdup(inner);
	a->body = buf_detach(&b);
	free(inner);
	return true;
}

/* The lines of the text, without their line ends (pointers into text). */
struct lines {
	const char **at;
	size_t *len;
	size_t n;
};

static void split_lines(const char *text, struct lines *L)
{
	const char *p = text;
	size_t max = 1;

	for (const char *q = text; *q; q++)
		max += *q == '\n';
	L->at = xcalloc(max, sizeof *L->at);
	L->len = xcalloc(max, sizeof *L->len);
	L->n = 0;
	while (*p && L->n < max) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		L->at[L->n] = p;
		L->len[L->n++] = n;
		p += n + (e != NULL);
	}
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* "Label: waarde": a short label without sentence marks, then a value. */
static size_t label_len(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t k = colon ? (size_t)(colon - s) : 0;

	if (!colon || k == 0 || k > 40 || k + 2 > n || colon[1] != ' ' || s[0] == ' ' || s[0] == '-')
		return 0;
	for (size_t i = 0; i < k; i++)
		if (strchr(".,;?!()<>", s[i]))
			return 0;
	return k;
}

static bool rule_line(const char *s, size_t n)
{
	return n >= 4 && strncmp(s, "----", 4) == 0 && strncmp(s + n - 4, "----", 4) == 0;
}

static const char BUTTON[] =
	"display:inline-block;margin:4px 8px 4px 0;padding:10px 16px;background:#1d5a8c;"
	"color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold";

enum block { B_PARA, B_TABLE, B_REPLY, B_LIST, B_ACTIONS };

static enum block block_kind(const struct lines *L, size_t from, size_t to, const struct action *acts)
{
	bool all_table = to - from >= 2, all_reply = true, all_list = true, all_act = true;

	for (size_t i = from; i < to; i++) {
		all_table &= label_len(L->at[i], L->len[i]) > 0;
		all_reply &= L->len[i] > 2 && strncmp(L->at[i], "  ", 2) == 0;
		all_list &= L->len[i] > 2 && strncmp(L->at[i], "- ", 2) == 0;
		all_act &= acts[i].label != NULL;
	}
	if (all_act)
		return B_ACTIONS;
	if (all_table)
		return B_TABLE;
	if (all_reply)
		return B_REPLY;
	return all_list ? B_LIST : B_PARA;
}

static void html_block(struct buf *h, const struct lines *L, size_t from, size_t to,
		       const struct action *acts, char *const *hrefs)
{
	switch (block_kind(L, from, to, acts)) {
	case B_ACTIONS:
		buf_adds(h, "<p>");
		for (size_t i = from; i < to; i++) {
			if (!hrefs[i])
				continue;
			buf_addf(h, "<a href=\"");
			html_escape(h, hrefs[i], strlen(hrefs[i]));
			buf_addf(h, "\" style=\"%s\">", BUTTON);
			html_escape(h, acts[i].label, strlen(acts[i].label));
			buf_adds(h, "</a>\n");
		}
		buf_adds(h, "</p>\n");
		return;
	case B_TABLE:
		buf_adds(h, "<table style=\"border-collapse:collapse;margin:8px 0\">\n");
		for (size_t i = from; i < to; i++) {
			size_t k = label_len(L->at[i], L->len[i]);
			buf_adds(h, "<tr><th style=\"text-align:left;vertical-align:top;padding:3px 12px 3px 0;"
				    "font-weight:normal;color:#555555\">");
			html_escape(h, L->at[i], k);
			buf_adds(h, "</th><td style=\"padding:3px 0\">");
			html_escape(h, L->at[i] + k + 2, L->len[i] - k - 2);
			buf_adds(h, "</td></tr>\n");
		}
		buf_adds(h, "</table>\n");
		return;
	case B_REPLY:
		buf_adds(h, "<pre style=\"font-family:Consolas,Menlo,monospace;background:#f3f5f7;"
			    "padding:8px 12px;border-left:3px solid #1d5a8c;white-space:pre-wrap\">");
		for (size_t i = from; i < to; i++) {
			html_escape(h, L->at[i] + 2, L->len[i] - 2);
			buf_adds(h, i + 1 < to ? "\n" : "");
		}
		buf_adds(h, "</pre>\n");
		return;
	case B_LIST:
		buf_adds(h, "<ul>\n");
		for (size_t i = from; i < to; i++) {
			buf_adds(h, "<li>");
			html_escape(h, L->at[i] + 2, L->len[i] - 2);
			buf_adds(h, "</li>\n");
		}
		buf_adds(h, "</ul>\n");
		return;
	case B_PARA:
		buf_adds(h, "<p>");
		/* "Ondersteuningsvraag:" above its text: a heading. */
		if (to - from >= 2 && L->len[from] <= 60 && L->len[from] > 1 &&
		    L->at[from][L->len[from] - 1] == ':' && !rule_line(L->at[from], L->len[from])) {
			buf_adds(h, "<strong>");
			html_escape(h, L->at[from], L->len[from]);
			buf_adds(h, "</strong><br>\n");
			from++;
		}
		for (size_t i = from; i < to; i++) {
			if (rule_line(L->at[i], L->len[i])) {
				buf_adds(h, i > from ? "</p>\n<hr>\n<p>" : "</p>\n<hr>\n<p>");
				continue;
			}
			html_escape(h, L->at[i], L->len[i]);
			buf_adds(h, i + 1 < to && !rule_line(L->at[i + 1], L->len[i + 1]) ? "<br>\n" : "");
		}
		buf_adds(h, "</p>\n");
		return;
	}
}

static void html_document(struct buf *h, const char *title, const struct lines *L,
			  const struct action *acts, char *const *hrefs)
{
	buf_adds(h, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(h, title, strlen(title));
	buf_adds(h, "</title>\n</head>\n<body style=\"margin:0;padding:16px;background:#ffffff\">\n"
		    "<div style=\"max-width:640px;font-family:Arial,Helvetica,sans-serif;font-size:15px;"
		    "line-height:1.45;color:#1a1a1a\">\n");
	for (size_t i = 0; i < L->n;) {
		if (blank(L->at[i], L->len[i])) {
			i++;
			continue;
		}
		size_t end = i;
		while (end < L->n && !blank(L->at[end], L->len[end]))
			end++;
		/* Actions and other lines in one paragraph: each run on its own. */
		size_t j = i;
		while (j < end) {
			size_t k = j + 1;
			while (k < end && (acts[k].label != NULL) == (acts[j].label != NULL))
				k++;
			html_block(h, L, j, k, acts, hrefs);
			j = k;
		}
		i = end;
	}
	buf_adds(h, "</div>\n</body>\n</html>\n");
}

void mailbody_make(const char *raw, const char *title, mailbody_href href, void *arg,
		   char **text, char **html)
{
	struct lines lines, *L = &lines;
	struct action *acts;
	char **hrefs;
	struct buf t = BUF_INIT, h = BUF_INIT;

	split_lines(raw, L);
	acts = xcalloc(L->n + 1, sizeof *acts);
	hrefs = xcalloc(L->n + 1, sizeof *hrefs);
	for (size_t i = 0; i < L->n; i++) {
		if (!parse_action(L->at[i], L->len[i], &acts[i])) {
			buf_add(&t, L->at[i], L->len[i]);
			buf_addc(&t, '\n');
			continue;
		}
		hrefs[i] = href ? href(acts[i].label, acts[i].body, acts[i].request_id, arg) : NULL;
		if (hrefs[i])
			buf_addf(&t, "- %s: <%s>\n", acts[i].label, hrefs[i]);
	}
	html_document(&h, title, L, acts, hrefs);
	for (size_t i = 0; i < L->n; i++) {
		free(acts[i].label);
		free(acts[i].body);
		free(hrefs[i]);
	}
	free(hrefs);
	free(acts);
	free(L->at);
	free(L->len);
	*text = buf_detach(&t);
	*html = buf_detach(&h);
}
