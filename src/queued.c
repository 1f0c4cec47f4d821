/*
 * queued.c: a queued mail's bytes as they go out. Issue 12: a mail that
 * passes a request's documents on is queued without them, since their bytes
 * are already in the database; kept with them, each new request wrote its
 * PDFs into the database once more for each person who got them, and those
 * pages made two thirds of what a scan wrote.
 */
#include "composed.h"
#include "queued.h"
#include "request.h"
#include "store.h"
#include "util.h"

/* The stored documents of one mail, read as it is written. */
struct stored {
	struct document_reader r;
	struct document *d;
	size_t n, cap;
};

static int read_stored(void *arg, size_t i, size_t off, char *p, size_t n)
{
	struct stored *s = arg;

	return request_document_read(&s->r, &s->d[i], off, p, n);
}

/* One line of refs: "OFFSET LEN SHA256". */
static int parse_ref(const char *line, size_t *off, size_t *len, char sha[65])
{
	unsigned long long o, l;
	int used = 0;

	if (sscanf(line, "%llu %llu %64[0-9a-f]%n", &o, &l, sha, &used) != 3 || strlen(sha) != 64 ||
	    (line[used] != '\n' && line[used] != '\0') || o > SIZE_MAX || l > SIZE_MAX)
		return -1;
	*off = (size_t)o;
	*len = (size_t)l;
	return 0;
}

static int add_stored(struct store *st, struct composed *c, struct stored *s, const char *sha,
		      size_t len, char **err)
{
	int64_t blob = store_int(st, "SELECT rowid FROM blob WHERE sha256 = ? AND length(data) = ?",
				 0, "si", sha, (int64_t)len);

	if (blob <= 0) {
		if (!store_failed(st))
			*err = xasprintf("document %.16s... of this mail is no longer in the database", sha);
		return -1;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4;
		s->d = xrealloc(s->d, s->cap * sizeof *s->d);
	}
	s->d[s->n] = (struct document){ .blob = blob, .len = len };
	composed_add_document(c, &(struct attachment_out){ .len = len }, s->n++, read_stored, s);
	return 0;
}

int queued_bytes(struct store *st, const char *kept, size_t len, const char *refs,
		 struct buf *out, char **err)
{
	struct composed *c = composed_new();
	struct stored s = { { st, NULL, 0 }, NULL, 0, 0 };
	size_t at = 0;
	int rc = 0;

	*err = NULL;
	for (const char *line = refs ? refs : ""; rc == 0 && *line;) {
		size_t off, n;
		char sha[65];
		const char *end = strchr(line, '\n');
		if (parse_ref(line, &off, &n, sha) < 0 || off < at || off > len) {
			*err = xstrdup("the queued mail's list of documents is damaged");
			rc = -1;
			break;
		}
		composed_add_bytes(c, kept + at, off - at);
		rc = add_stored(st, c, &s, sha, n, err);
		at = off;
		line = end ? end + 1 : line + strlen(line);
	}
	if (rc == 0) {
		composed_add_bytes(c, kept + at, len - at);
		buf_grow(out, composed_size(c));
		rc = composed_write(c, buf_sink, out) == 0 && !store_failed(st) ? 0 : -1;
	}
	request_document_done(&s.r);
	free(s.d);
	composed_free(c);
	return rc;
}
