/* report.c: the operator's views of requests and messages, as text or JSON. */
#include "date.h"
#include "json.h"
#include "message.h"
#include "outbox.h"
#include "report.h"
#include "request.h"
#include "store.h"
#include "util.h"

static void next_json(struct buf *out, const struct request *r)
{
	enum role next[2];

	workflow_next_roles(r->status, r->gates, next);
	buf_adds(out, "[");
	for (int i = 0; i < 2 && next[i]; i++) {
		if (i)
			buf_adds(out, ", ");
		json_string(out, role_code(next[i]));
	}
	buf_adds(out, "]");
}

static char *next_text(const struct request *r)
{
	enum role next[2];
	struct buf b = BUF_INIT;

	workflow_next_roles(r->status, r->gates, next);
	for (int i = 0; i < 2 && next[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", role_code(next[i]));
	if (!b.len)
		buf_adds(&b, "-");
	return buf_detach(&b);
}

struct listing {
	struct store *st;
	struct buf out;
	bool json;
	int n;
};

static void list_one(int64_t id, void *arg)
{
	struct listing *l = arg;
	struct request r;

	if (request_load(l->st, id, &r) < 0)
		return;
	if (l->json) {
		buf_adds(&l->out, l->n ? ",\n {" : "\n {");
		json_field(&l->out, "id", r.kenmerk, 1);
		json_field(&l->out, "status", status_name(r.status), 0);
		json_field(&l->out, "niveau", niveau_name(r.niveau), 0);
		json_field(&l->out, "school", r.school, 0);
		buf_adds(&l->out, ", \"next\": ");
		next_json(&l->out, &r);
		buf_adds(&l->out, "}");
	} else {
		char *next = next_text(&r);
		buf_addf(&l->out, "%-15s %-26s %-9s %-10s %s\n", r.kenmerk, status_name(r.status),
			 niveau_name(r.niveau), next, r.school);
		free(next);
	}
	l->n++;
	request_clear(&r);
}

int report_list(struct store *st, const char *status, bool json)
{
	enum status want = status ? status_from_name(status) : ST_NONE;
	struct listing l = { st, BUF_INIT, json, 0 };

	if (status && want == ST_NONE) {
		warnx("unknown status '%s' (for example: 'indienen SO-loket' or 'BPO>afgerond')", status);
		return EXIT_USAGE;
	}
	buf_adds(&l.out, json ? "[" : "");
	request_each(st, want, list_one, &l);
	if (json)
		buf_adds(&l.out, l.n ? "\n]\n" : "]\n");
	else if (l.n == 0)
		buf_adds(&l.out, "(geen aanvragen)\n");
	fputs(buf_str(&l.out), stdout);
	buf_free(&l.out);
	return store_failed(st) ? EXIT_TEMPFAIL : EXIT_OK;
}

static void hours_json(struct buf *out, unsigned half)
{
	char h[16];

	if (!half) {
		buf_adds(out, "null");
		return;
	}
	hours_dot(half, h);
	buf_adds(out, h);
}

static void period_json(struct buf *out, const char *key, unsigned half, const char *start,
			const char *end)
{
	buf_addf(out, ",\n  \"%s\": {\"hours\": ", key);
	hours_json(out, half);
	buf_adds(out, ", \"start\": ");
	json_string(out, start);
	buf_adds(out, ", \"end\": ");
	json_string(out, end);
	buf_adds(out, "}");
}

/* Rows written into out; n of them so far. */
struct rows {
	struct buf *out;
	int n;
};

static void event_json(const struct history_line *h, void *arg)
{
	struct rows *w = arg;

	buf_adds(w->out, w->n++ ? ",\n    {" : "\n    {");
	json_field(w->out, "at", h->at, 1);
	json_field(w->out, "status", status_name(h->status), 0);
	json_field(w->out, "by", h->by, 0);
	json_field(w->out, "event", h->event, 0);
	buf_adds(w->out, "}");
}

static void document_json(const struct document_info *d, void *arg)
{
	struct rows *w = arg;

	buf_adds(w->out, w->n++ ? ",\n    {" : "\n    {");
	json_field(w->out, "name", d->filename, 1);
	json_field(w->out, "type", d->content_type, 0);
	buf_addf(w->out, ", \"size\": %lld", (long long)d->size);
	json_field(w->out, "sha256", d->sha256, 0);
	json_field(w->out, "received", d->received_at, 0);
	buf_adds(w->out, "}");
}

static void show_json(struct store *st, const struct request *r, struct buf *out)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(st, r->id, pp, BOUND_PARTICIPANTS);
	struct rows rows = { out, 0 };

	buf_adds(out, "{\n  ");
	json_field(out, "id", r->kenmerk, 1);
	json_field(out, "status", status_name(r->status), 0);
	json_field(out, "niveau", niveau_name(r->niveau), 0);
	json_field(out, "school", r->school, 0);
	json_field(out, "brin", r->brin, 0);
	period_json(out, "requested", r->req_hours_half, r->req_start, r->req_end);
	period_json(out, "granted", r->granted_hours_half, r->granted_start, r->granted_end);
	buf_adds(out, ",\n  \"hours_spent\": ");
	hours_json(out, r->hours_spent_half);
	buf_addf(out, ", \"stopped_early\": %s", r->stopped_early ? "true" : "false");
	buf_adds(out, ",\n  \"follows\": ");
	json_string(out, r->eerdere_aanvraag);
	if (r->ext_by) {
		buf_adds(out, ",\n  \"extension_asked\": {\"hours\": ");
		hours_json(out, r->ext_hours_half);
		json_field(out, "end", r->ext_end, 0);
		json_field(out, "by", role_code(r->ext_by), 0);
		buf_adds(out, "}");
	}
	buf_adds(out, ",\n  \"next\": ");
	next_json(out, r);
	buf_adds(out, ",\n  \"participants\": [");
	for (size_t i = 0; i < np; i++) {
		buf_adds(out, i ? ",\n    {" : "\n    {");
		json_field(out, "role", role_code(pp[i].role), 1);
		json_field(out, "name", pp[i].name, 0);
		json_field(out, "email", pp[i].email, 0);
		buf_adds(out, "}");
	}
	buf_adds(out, np ? "\n  ],\n  \"history\": [" : "],\n  \"history\": [");
	rows.n = 0;
	request_each_event(st, r->id, event_json, &rows);
	buf_adds(out, rows.n ? "\n  ],\n  \"documents\": [" : "],\n  \"documents\": [");
	rows.n = 0;
	request_each_document(st, r->id, document_json, &rows);
	buf_adds(out, rows.n ? "\n  ]\n}\n" : "]\n}\n");
	participants_clear(pp, np);
}

static void event_text(const struct history_line *h, void *arg)
{
	struct buf *out = arg;

	buf_addf(out, "  %s  %-26s %-14s %s", h->at, status_name(h->status), h->event,
		 h->by ? h->by : "");
	if (h->detail && *h->detail && !strchr(h->detail, '\n'))
		buf_addf(out, " (%s)", h->detail);
	buf_addc(out, '\n');
}

static void document_text(const struct document_info *d, void *arg)
{
	buf_addf(arg, "  %s  %s (%s, %lld bytes)\n", d->received_at, d->filename, d->content_type,
		 (long long)d->size);
}

static void disclosure_text(const char *at, const char *recipient, const char *role,
			    const char *what, void *arg)
{
	buf_addf(arg, "  %s  %s (%s): %s\n", at, recipient, role, what);
}

static void outmail_text(const char *created, const char *recipient, const char *template,
			 const char *sent_at, void *arg)
{
	buf_addf(arg, "  %s  %-32s %-28s %s\n", created, recipient, template,
		 sent_at ? sent_at : "in de wachtrij");
}

static void show_text(struct store *st, const struct request *r, struct buf *out)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(st, r->id, pp, BOUND_PARTICIPANTS);
	char h[16] = "-", g[16] = "-";
	char *next = next_text(r);

	hours_nl(r->req_hours_half, h);
	if (r->granted_hours_half)
		hours_nl(r->granted_hours_half, g);
	buf_addf(out, "%s  %s\n", r->kenmerk, status_name(r->status));
	buf_addf(out, "  niveau      %s\n  school      %s (%s), %s\n", niveau_name(r->niveau),
		 r->school, r->brin, r->bestuur);
	if (r->groep)
		buf_addf(out, "  groep       %s\n", r->groep);
	buf_addf(out, "  gevraagd    %s uur, %s tot %s\n", h, r->req_start, r->req_end);
	buf_addf(out, "  toegekend   %s uur, %s tot %s\n", g, r->granted_start ? r->granted_start : "-",
		 r->granted_end ? r->granted_end : "-");
	if (r->hours_spent_half || r->stopped_early) {
		char spent[16] = "-";
		if (r->hours_spent_half)
			hours_nl(r->hours_spent_half, spent);
		buf_addf(out, "  besteed     %s uur%s\n", spent, r->stopped_early ? " (voortijdig gestopt)" : "");
	}
	if (r->ext_by) {
		char extra[16] = "0";
		hours_nl(r->ext_hours_half, extra);
		buf_addf(out, "  verlenging  %s uur extra, tot %s, gevraagd door de %s\n", extra,
			 r->ext_end ? r->ext_end : "-", role_name(r->ext_by));
	}
	if (r->eerdere_aanvraag)
		buf_addf(out, "  vervolg op  %s\n", r->eerdere_aanvraag);
	buf_addf(out, "  volgende    %s\n\nBetrokkenen\n", next);
	for (size_t i = 0; i < np; i++)
		buf_addf(out, "  %-7s %s <%s>\n", role_code(pp[i].role), pp[i].name, pp[i].email);
	buf_adds(out, "\nGeschiedenis\n");
	request_each_event(st, r->id, event_text, out);
	buf_adds(out, "\nDocumenten\n");
	request_each_document(st, r->id, document_text, out);
	buf_adds(out, "\nVerstrekt aan\n");
	request_each_disclosure(st, r->id, disclosure_text, out);
	buf_adds(out, "\nUitgaande berichten\n");
	outbox_each_for_request(st, r->id, outmail_text, out);
	free(next);
	participants_clear(pp, np);
}

int report_show(struct store *st, const char *kenmerk, bool json)
{
	struct request r;
	struct buf out = BUF_INIT;

	if (request_load_kenmerk(st, kenmerk, &r) < 0) {
		warnx("no request %s", kenmerk);
		return store_failed(st) ? EXIT_TEMPFAIL : EXIT_DATAERR;
	}
	if (json)
		show_json(st, &r, &out);
	else
		show_text(st, &r, &out);
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	request_clear(&r);
	return store_failed(st) ? EXIT_TEMPFAIL : EXIT_OK;
}

static void quarantined(const char *at, const char *key, const char *sender, const char *subject,
			const char *reason, void *arg)
{
	struct listing *l = arg;

	if (l->json) {
		buf_adds(&l->out, l->n ? ",\n {" : "\n {");
		json_field(&l->out, "at", at, 1);
		json_field(&l->out, "key", key, 0);
		json_field(&l->out, "from", sender, 0);
		json_field(&l->out, "subject", subject, 0);
		json_field(&l->out, "reason", reason, 0);
		buf_adds(&l->out, "}");
	} else {
		buf_addf(&l->out, "%s  %s  %s\n    %s\n    %s\n", at, sender, key, subject, reason);
	}
	l->n++;
}

int report_quarantine(struct store *st, bool json)
{
	struct listing l = { st, BUF_INIT, json, 0 };

	buf_adds(&l.out, json ? "[" : "");
	message_each_quarantined(st, quarantined, &l);
	if (json)
		buf_adds(&l.out, l.n ? "\n]\n" : "]\n");
	else if (!l.n)
		buf_adds(&l.out, "(geen berichten in quarantaine)\n");
	fputs(buf_str(&l.out), stdout);
	buf_free(&l.out);
	return store_failed(st) ? EXIT_TEMPFAIL : EXIT_OK;
}
