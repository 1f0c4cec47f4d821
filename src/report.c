/* report.c: the operator's views of requests and messages, as text or JSON. */
#include "date.h"
#include "json.h"
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

int report_list(struct store *st, const char *status, bool json)
{
	enum status want = status ? status_from_name(status) : ST_NONE;
	struct buf out = BUF_INIT;
	int n = 0;

	if (status && want == ST_NONE) {
		warnx("unknown status '%s' (for example: 'indienen SO-loket' or 'BPO>afgerond')", status);
		return EXIT_USAGE;
	}
	sqlite3_stmt *q = status
		? store_query(st, "SELECT id FROM request WHERE status = ? ORDER BY id", "s",
			      status_code(want))
		: store_query(st, "SELECT id FROM request ORDER BY id", "");
	buf_adds(&out, json ? "[" : "");
	while (store_row(st, q)) {
		struct request r;
		if (request_load(st, sqlite3_column_int64(q, 0), &r) < 0)
			continue;
		if (json) {
			buf_adds(&out, n ? ",\n {" : "\n {");
			json_field(&out, "id", r.kenmerk, 1);
			json_field(&out, "status", status_name(r.status), 0);
			json_field(&out, "niveau", niveau_name(r.niveau), 0);
			json_field(&out, "school", r.school, 0);
			buf_adds(&out, ", \"next\": ");
			next_json(&out, &r);
			buf_adds(&out, "}");
		} else {
			char *next = next_text(&r);
			buf_addf(&out, "%-15s %-26s %-9s %-10s %s\n", r.kenmerk, status_name(r.status),
				 niveau_name(r.niveau), next, r.school);
			free(next);
		}
		n++;
		request_clear(&r);
	}
	store_end(q);
	if (json)
		buf_adds(&out, n ? "\n]\n" : "]\n");
	else if (n == 0)
		buf_adds(&out, "(geen aanvragen)\n");
	fputs(buf_str(&out), stdout);
	buf_free(&out);
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

static void show_json(struct store *st, const struct request *r, struct buf *out)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(st, r->id, pp, BOUND_PARTICIPANTS);
	sqlite3_stmt *q;
	int n = 0;

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
	q = store_query(st, "SELECT at, status, coalesce(by_name, by_email), event, detail FROM event"
			" WHERE request_id = ? ORDER BY id", "i", r->id);
	while (store_row(st, q)) {
		buf_adds(out, n++ ? ",\n    {" : "\n    {");
		json_field(out, "at", store_col_str(q, 0), 1);
		json_field(out, "status", status_name(status_from_code(store_col_str(q, 1))), 0);
		json_field(out, "by", sqlite3_column_text(q, 2) ? store_col_str(q, 2) : NULL, 0);
		json_field(out, "event", store_col_str(q, 3), 0);
		buf_adds(out, "}");
	}
	store_end(q);
	buf_adds(out, n ? "\n  ],\n  \"documents\": [" : "],\n  \"documents\": [");
	n = 0;
	q = store_query(st, "SELECT filename, content_type, size, sha256, received_at FROM document"
			" WHERE request_id = ? ORDER BY id", "i", r->id);
	while (store_row(st, q)) {
		buf_adds(out, n++ ? ",\n    {" : "\n    {");
		json_field(out, "name", store_col_str(q, 0), 1);
		json_field(out, "type", store_col_str(q, 1), 0);
		buf_addf(out, ", \"size\": %lld", (long long)sqlite3_column_int64(q, 2));
		json_field(out, "sha256", store_col_str(q, 3), 0);
		json_field(out, "received", store_col_str(q, 4), 0);
		buf_adds(out, "}");
	}
	store_end(q);
	buf_adds(out, n ? "\n  ]\n}\n" : "]\n}\n");
	participants_clear(pp, np);
}

static void show_text(struct store *st, const struct request *r, struct buf *out)
{
	struct participant pp[BOUND_PARTICIPANTS];
	size_t np = participants_load(st, r->id, pp, BOUND_PARTICIPANTS);
	char h[16] = "-", g[16] = "-";
	char *next = next_text(r);
	sqlite3_stmt *q;

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
	q = store_query(st, "SELECT at, status, event, coalesce(by_name, by_email, ''), coalesce(detail, '')"
			" FROM event WHERE request_id = ? ORDER BY id", "i", r->id);
	while (store_row(st, q)) {
		buf_addf(out, "  %s  %-26s %-14s %s", store_col_str(q, 0),
			 status_name(status_from_code(store_col_str(q, 1))), store_col_str(q, 2),
			 store_col_str(q, 3));
		if (*store_col_str(q, 4) && !strchr(store_col_str(q, 4), '\n'))
			buf_addf(out, " (%s)", store_col_str(q, 4));
		buf_addc(out, '\n');
	}
	store_end(q);
	buf_adds(out, "\nDocumenten\n");
	q = store_query(st, "SELECT filename, content_type, size, received_at FROM document"
			" WHERE request_id = ? ORDER BY id", "i", r->id);
	while (store_row(st, q))
		buf_addf(out, "  %s  %s (%s, %lld bytes)\n", store_col_str(q, 3), store_col_str(q, 0),
			 store_col_str(q, 1), (long long)sqlite3_column_int64(q, 2));
	store_end(q);
	buf_adds(out, "\nVerstrekt aan\n");
	q = store_query(st, "SELECT at, recipient, role, what FROM disclosure WHERE request_id = ?"
			" ORDER BY id", "i", r->id);
	while (store_row(st, q))
		buf_addf(out, "  %s  %s (%s): %s\n", store_col_str(q, 0), store_col_str(q, 1),
			 store_col_str(q, 2), store_col_str(q, 3));
	store_end(q);
	buf_adds(out, "\nUitgaande berichten\n");
	q = store_query(st, "SELECT created_at, recipient, template, coalesce(sent_at, 'in de wachtrij')"
			" FROM outmail WHERE request_id = ? ORDER BY id", "i", r->id);
	while (store_row(st, q))
		buf_addf(out, "  %s  %-32s %-28s %s\n", store_col_str(q, 0), store_col_str(q, 1),
			 store_col_str(q, 2), store_col_str(q, 3));
	store_end(q);
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

int report_quarantine(struct store *st, bool json)
{
	sqlite3_stmt *q = store_query(st, "SELECT received_at, msgkey, coalesce(sender, ''),"
				      " coalesce(subject, ''), coalesce(reason, '') FROM message"
				      " WHERE outcome = 'quarantaine' ORDER BY id", "");
	struct buf out = BUF_INIT;
	int n = 0;

	buf_adds(&out, json ? "[" : "");
	while (store_row(st, q)) {
		if (json) {
			buf_adds(&out, n ? ",\n {" : "\n {");
			json_field(&out, "at", store_col_str(q, 0), 1);
			json_field(&out, "key", store_col_str(q, 1), 0);
			json_field(&out, "from", store_col_str(q, 2), 0);
			json_field(&out, "subject", store_col_str(q, 3), 0);
			json_field(&out, "reason", store_col_str(q, 4), 0);
			buf_adds(&out, "}");
		} else {
			buf_addf(&out, "%s  %s  %s\n    %s\n    %s\n", store_col_str(q, 0),
				 store_col_str(q, 2), store_col_str(q, 1), store_col_str(q, 3),
				 store_col_str(q, 4));
		}
		n++;
	}
	store_end(q);
	if (json)
		buf_adds(&out, n ? "\n]\n" : "]\n");
	else if (!n)
		buf_adds(&out, "(geen berichten in quarantaine)\n");
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	return store_failed(st) ? EXIT_TEMPFAIL : EXIT_OK;
}
