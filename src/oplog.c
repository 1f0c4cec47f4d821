/* oplog.c: `bpomail log`: what came in and what went out, across requests, oldest first. */
#include "date.h"
#include "json.h"
#include "message.h"
#include "oplog.h"
#include "outbox.h"
#include "store.h"
#include "util.h"

struct entry {
	char *at;
	char *text;   /* a line, or a JSON object */
	size_t seq;
};

struct oplog {
	struct entry *e;
	size_t n, cap;
	bool json;
};

static void add(struct oplog *L, const char *at, char *text)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? 2 * L->cap : 64;
		L->e = xrealloc(L->e, L->cap * sizeof *L->e);
	}
	L->e[L->n] = (struct entry){ xstrdup(at), text, L->n };
	L->n++;
}

static void incoming(const char *at, const char *key, const char *outcome, const char *reason,
		     const char *kenmerk, void *arg)
{
	struct oplog *L = arg;
	struct buf b = BUF_INIT;

	if (L->json) {
		buf_adds(&b, "{");
		json_field(&b, "at", at, 1);
		json_field(&b, "direction", "in", 0);
		json_field(&b, "message_id", key, 0);
		json_field(&b, "outcome", outcome, 0);
		json_field(&b, "reason", reason, 0);
		json_field(&b, "request", kenmerk, 0);
		buf_adds(&b, "}");
	} else {
		buf_addf(&b, "%s  in   %-15s %-12s %s%s%s", at, *kenmerk ? kenmerk : "-", outcome, key,
			 *reason ? ": " : "", reason);
	}
	add(L, at, buf_detach(&b));
}

static void outgoing(int64_t id, const char *created, const char *template, const char *sent_at,
		     int64_t attempts, const char *last_error, const char *kenmerk, void *arg)
{
	struct oplog *L = arg;
	struct buf b = BUF_INIT;

	if (L->json) {
		buf_addf(&b, "{\"id\": %lld, ", (long long)id);
		json_field(&b, "at", created, 1);
		json_field(&b, "direction", "out", 0);
		json_field(&b, "template", template, 0);
		json_field(&b, "request", kenmerk, 0);
		json_field(&b, "sent", sent_at, 0);
		buf_addf(&b, ", \"attempts\": %lld", (long long)attempts);
		json_field(&b, "error", *last_error ? last_error : NULL, 0);
		buf_adds(&b, "}");
	} else if (sent_at) {
		buf_addf(&b, "%s  uit  %-15s %-12s mail %lld (%s)", created, *kenmerk ? kenmerk : "-",
			 "verzonden", (long long)id, template);
	} else {
		buf_addf(&b, "%s  uit  %-15s %-12s mail %lld (%s), %lld poging%s%s%s", created,
			 *kenmerk ? kenmerk : "-", "wachtrij", (long long)id, template,
			 (long long)attempts, attempts == 1 ? "" : "en", *last_error ? ": " : "",
			 last_error);
	}
	add(L, created, buf_detach(&b));
}

static int by_time(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->at, y->at);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

int oplog_print(struct store *st, const char *since, const char *kenmerk, bool json)
{
	struct oplog L = { NULL, 0, 0, json };
	char from[21];
	struct buf out = BUF_INIT;

	if (since) {
		struct date d;
		if (date_parse(since, &d) < 0) {
			warnx("log --since needs a date, for example 2027-01-10");
			return EXIT_USAGE;
		}
		date_iso(&d, from);
	} else {
		iso_time(now() - 7 * 86400, from);
	}
	message_each_since(st, from, kenmerk, incoming, &L);
	outbox_each_since(st, from, kenmerk, outgoing, &L);
	if (L.n)
		qsort(L.e, L.n, sizeof *L.e, by_time);
	buf_adds(&out, json ? "[" : "");
	for (size_t i = 0; i < L.n; i++) {
		if (json)
			buf_adds(&out, i ? ",\n " : "\n ");
		buf_adds(&out, L.e[i].text);
		if (!json)
			buf_addc(&out, '\n');
		free(L.e[i].at);
		free(L.e[i].text);
	}
	if (json)
		buf_adds(&out, L.n ? "\n]\n" : "]\n");
	else if (!L.n)
		buf_addf(&out, "(nothing since %s)\n", from);
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	free(L.e);
	return store_failed(st) ? EXIT_TEMPFAIL : EXIT_OK;
}
