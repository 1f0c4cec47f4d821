/* template.c: expands the message templates in templates/ with bounded output. */
#include <errno.h>

#include "bounds.h"
#include "rfc2047.h"
#include "template.h"
#include "util.h"

#define TEMPLATE_DEPTH 8

/*
 * A letter is rendered from some 150 values (its request's, under its own:
 * tvars_over): looking names up by a hash keeps that linear (a list searched
 * per set made a scan spend a tenth of its time comparing names).
 */
static size_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

/* The slot holding name, or the free slot where it would go. */
static size_t slot_of(const struct tvars *v, const char *name, size_t len)
{
	size_t mask = v->nslot - 1, s = name_hash(name, len) & mask;

	while (v->slot[s]) {
		const char *have = v->item[v->slot[s] - 1].name;
		if (strncmp(have, name, len) == 0 && have[len] == '\0')
			break;
		s = (s + 1) & mask;
	}
	return s;
}

static void index_grow(struct tvars *v)
{
	v->nslot = v->nslot ? v->nslot * 2 : 64;
	free(v->slot);
	v->slot = xcalloc(v->nslot, sizeof *v->slot);
	for (size_t i = 0; i < v->n; i++)
		v->slot[slot_of(v, v->item[i].name, strlen(v->item[i].name))] = (unsigned)i + 1;
}

static struct tvar *tvars_find(const struct tvars *v, const char *name, size_t len)
{
	size_t s;

	if (!v->nslot)
		return NULL;
	s = slot_of(v, name, len);
	return v->slot[s] ? &v->item[v->slot[s] - 1] : NULL;
}

static struct tvar *tvars_put(struct tvars *v, const char *name, const char *value)
{
	size_t len = strlen(name), s;
	struct tvar *t = tvars_find(v, name, len);

	if (t) {
		free(t->value);
		t->value = xstrdup(value ? value : "");
		return t;   /* a private value stays private */
	}
	if (2 * (v->n + 1) >= v->nslot)
		index_grow(v);
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 32;
		v->item = xrealloc(v->item, v->cap * sizeof *v->item);
	}
	t = &v->item[v->n];
	t->name = xstrdup(name);
	t->value = xstrdup(value ? value : "");
	t->private = false;
	s = slot_of(v, name, len);
	v->slot[s] = (unsigned)++v->n;
	return t;
}

void tvars_set(struct tvars *v, const char *name, const char *value)
{
	tvars_put(v, name, value);
}

void tvars_setf(struct tvars *v, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	tvars_set(v, name, buf_str(&b));
	buf_free(&b);
}

void tvars_set_private(struct tvars *v, const char *name, const char *value)
{
	tvars_put(v, name, value)->private = true;
}

void tvars_copy(struct tvars *dst, const struct tvars *src)
{
	for (size_t i = 0; src && i < src->n; i++) {
		struct tvar *t = tvars_put(dst, src->item[i].name, src->item[i].value);
		t->private |= src->item[i].private;
	}
}

void tvars_over(struct tvars *v, const struct tvars *under)
{
	v->under = under;
}

/* name's value through v and the sets under it (NULL when unset), and whether any of them holds it private. */
static const char *lookup(const struct tvars *v, const char *name, size_t len, bool *private)
{
	const char *value = NULL;

	*private = false;
	for (; v; v = v->under) {
		const struct tvar *t = tvars_find(v, name, len);
		if (!t)
			continue;
		if (!value)
			value = t->value;
		*private |= t->private;
	}
	return value;
}

const char *tvars_get(const struct tvars *v, const char *name)
{
	bool private;

	return lookup(v, name, strlen(name), &private);
}

void tvars_free(struct tvars *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->item[i].name);
		free(v->item[i].value);
	}
	free(v->item);
	free(v->slot);
	v->item = NULL;
	v->slot = NULL;
	v->under = NULL;
	v->n = v->cap = v->nslot = 0;
}

struct expander {
	const char *dir;          /* where {{>name}} finds name.txt; NULL: no includes */
	const char *p, *end;
	const struct tvars *v;
	bool subject;
	unsigned line;
	struct buf *out;
	char *err;
};

static int fail(struct expander *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct expander *x, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (x->err)
		return -1;
	buf_addf(&b, "line %u: ", x->line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	x->err = buf_detach(&b);
	return -1;
}

/* True when the tag starting at p is alone on its line (blanks aside). */
static bool tag_alone(const struct expander *x, const char *line_start, const char *tag_end)
{
	for (const char *q = line_start; q < x->p; q++)
		if (*q != ' ' && *q != '\t')
			return false;
	for (const char *q = tag_end; q < x->end && *q != '\n'; q++)
		if (*q != ' ' && *q != '\t')
			return false;
	return true;
}

static int expand_block(struct expander *x, const char *line_start, const char *closing,
			size_t closing_len, bool emit, int depth);

/*
 * Template files are read once per process and kept: a scan renders the
 * same dozen files for every message (11 opens a message before). An edit
 * counts from the next run. rc and errno as read_file.
 */
struct kept_file {
	char *path;
	struct buf text;
};
static struct kept_file **kept;   /* each on its own: a text handed out stays where it is */
static size_t n_kept;

static int template_file(const char *path, const struct buf **text)
{
	struct buf file = BUF_INIT;
	int rc;

	for (size_t i = 0; i < n_kept; i++)
		if (strcmp(kept[i]->path, path) == 0) {
			*text = &kept[i]->text;
			return 0;
		}
	if ((rc = read_file(path, BOUND_TEMPLATE_FILE, &file)) < 0) {
		int saved = errno;
		buf_free(&file);
		errno = saved;
		return rc;
	}
	struct kept_file *k = xmalloc(sizeof *k);
	k->path = xstrdup(path);
	k->text = file;
	kept = xrealloc(kept, (n_kept + 1) * sizeof *kept);
	kept[n_kept++] = k;
	*text = &k->text;
	return 0;
}

/* {{>name}}: the text of dir/name.txt, expanded in place. */
static int include(struct expander *x, const char *name, size_t len, bool emit, int depth)
{
	const struct buf *file;
	char *path;
	int rc;

	if (!x->dir)
		return fail(x, "'{{>%.*s}}' needs a template directory", (int)len, name);
	if (depth >= TEMPLATE_DEPTH)
		return fail(x, "includes nested more than %d deep", TEMPLATE_DEPTH);
	for (size_t i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || name[i] == '-' || name[i] == '_'))
			return fail(x, "'{{>%.*s}}': a template name has only a-z, - and _", (int)len, name);
	path = xasprintf("%s/%.*s.txt", x->dir, (int)len, name);
	rc = template_file(path, &file);
	free(path);
	if (rc < 0)
		return fail(x, "'{{>%.*s}}': %s", (int)len, name, rc == -2 ? "too large" : strerror(errno));
	struct expander inner = { x->dir, buf_str(file), buf_str(file) + file->len, x->v, x->subject,
				  1, x->out, NULL };
	rc = expand_block(&inner, inner.p, NULL, 0, emit, depth + 1);
	if (rc < 0)
		fail(x, "in '%.*s', %s", (int)len, name, inner.err);
	free(inner.err);
	return rc;
}

/* Handles one {{...}} tag at x->p. */
static int expand_tag(struct expander *x, bool emit, int depth, const char *line_start,
		      const char *closing, size_t closing_len, bool *closed)
{
	const char *name = x->p + 2, *close = NULL;
	size_t len;

	for (const char *q = name; q + 1 < x->end && *q != '\n'; q++)
		if (q[0] == '}' && q[1] == '}') {
			close = q;
			break;
		}
	if (!close)
		return fail(x, "'{{' without '}}'");
	len = (size_t)(close - name);
	const char *after = close + 2;
	bool alone = tag_alone(x, line_start, after);
	if (alone && *name != '?' && *name != '^' && *name != '/')
		alone = false;
	if (alone) {
		/* The blanks before the tag were already written: take them back. */
		while (emit && x->out->len && (x->out->data[x->out->len - 1] == ' ' ||
					       x->out->data[x->out->len - 1] == '\t'))
			buf_truncate(x->out, x->out->len - 1);
		while (after < x->end && *after != '\n')
			after++;
		if (after < x->end) {
			after++;
			x->line++;
		}
	}
	x->p = after;
	if (*name == '/') {
		if (!closing || len - 1 != closing_len || memcmp(name + 1, closing, closing_len) != 0)
			return fail(x, "'{{%.*s}}' closes nothing that is open", (int)len, name);
		*closed = true;
		return 0;
	}
	if (*name == '>')
		return include(x, name + 1, len - 1, emit, depth);
	bool private;
	if (*name == '?' || *name == '^') {
		const char *value = lookup(x->v, name + 1, len - 1, &private);
		if (!value)
			return fail(x, "unknown placeholder '%.*s'", (int)len - 1, name + 1);
		if (x->subject && private)
			return fail(x, "'%.*s' may not be used in a subject", (int)len - 1, name + 1);
		bool set = *value != '\0';
		/* A block opened mid-line goes on with that line. */
		return expand_block(x, alone ? x->p : line_start, name + 1, len - 1,
				    emit && (*name == '?' ? set : !set), depth + 1);
	}
	const char *value = lookup(x->v, name, len, &private);
	if (!value)
		return fail(x, "unknown placeholder '%.*s'", (int)len, name);
	if (x->subject && private)
		return fail(x, "'%.*s' may not be used in a subject", (int)len, name);
	if (emit)
		buf_adds(x->out, value);
	return 0;
}

static int expand_block(struct expander *x, const char *line_start, const char *closing,
			size_t closing_len, bool emit, int depth)
{
	if (depth > TEMPLATE_DEPTH)
		return fail(x, "blocks nested more than %d deep", TEMPLATE_DEPTH);
	while (x->p < x->end) {
		if (x->out->len > BOUND_TEMPLATE_OUTPUT)
			return fail(x, "output longer than %u bytes", BOUND_TEMPLATE_OUTPUT);
		if (x->p == line_start && x->end - x->p >= 2 && x->p[0] == '#' && x->p[1] == '#') {
			while (x->p < x->end && *x->p != '\n')
				x->p++;
			if (x->p < x->end)
				x->p++;
			x->line++;
			line_start = x->p;
			continue;
		}
		if (x->end - x->p >= 2 && x->p[0] == '{' && x->p[1] == '{') {
			bool closed = false;
			const char *before = x->p;
			if (expand_tag(x, emit, depth, line_start, closing, closing_len, &closed) < 0)
				return -1;
			if (x->p > before && x->p[-1] == '\n')
				line_start = x->p;
			if (closed)
				return 0;
			continue;
		}
		char c = *x->p++;
		if (emit)
			buf_addc(x->out, c);
		if (c == '\n') {
			x->line++;
			line_start = x->p;
		}
	}
	if (closing)
		return fail(x, "'{{?%.*s}}' or '{{^%.*s}}' is not closed", (int)closing_len, closing,
			    (int)closing_len, closing);
	if (x->out->len > BOUND_TEMPLATE_OUTPUT)   /* the last value may have passed it */
		return fail(x, "output longer than %u bytes", BOUND_TEMPLATE_OUTPUT);
	return 0;
}

static int expand_with(const char *dir, const char *text, size_t len, const struct tvars *v,
		       bool subject, struct buf *out, char **err)
{
	struct expander x = { dir, text, text + len, v, subject, 1, out, NULL };

	if (expand_block(&x, text, NULL, 0, true, 0) < 0) {
		*err = x.err;
		return -1;
	}
	*err = NULL;
	return 0;
}

int template_expand(const char *text, size_t len, const struct tvars *v, bool subject,
		    struct buf *out, char **err)
{
	struct expander x = { NULL, text, text + len, v, subject, 1, out, NULL };

	if (expand_block(&x, text, NULL, 0, true, 0) < 0) {
		*err = x.err;
		return -1;
	}
	*err = NULL;
	return 0;
}

/* Trailing blanks on a line would be mangled by libetpan's QP writer; drop them. */
static char *tidy_body(const char *s)
{
	struct buf out = BUF_INIT;
	const char *start;
	size_t n = str_trim_len(s, strlen(s), &start);

	for (size_t i = 0; i < n; i++) {
		if (start[i] == '\n')
			while (out.len && (out.data[out.len - 1] == ' ' || out.data[out.len - 1] == '\t'))
				buf_truncate(&out, out.len - 1);
		/* At most one blank line in a row. */
		if (start[i] == '\n' && out.len >= 2 && out.data[out.len - 1] == '\n' &&
		    out.data[out.len - 2] == '\n')
			continue;
		buf_addc(&out, start[i]);
	}
	buf_addc(&out, '\n');
	return buf_detach(&out);
}

int template_render(const char *dir, const char *name, const struct tvars *v, char **subject,
		    char **body, char **err)
{
	static const char header[] = "Onderwerp:";
	struct buf sub = BUF_INIT, text = BUF_INIT;
	const struct buf *file = NULL;
	char *path = xasprintf("%s/%s.txt", dir, name);
	const char *nl;
	int rc = template_file(path, &file);

	*subject = *body = *err = NULL;
	if (rc < 0) {
		*err = xasprintf("%s: %s", path, rc == -2 ? "template too large" : strerror(errno));
		goto out;
	}
	nl = memchr(buf_str(file), '\n', file->len);
	if (!str_starts_with(buf_str(file), header) || !nl) {
		*err = xasprintf("%s: the first line must be 'Onderwerp: ...'", path);
		rc = -1;
		goto out;
	}
	const char *subject_start = file->data + strlen(header);
	rc = expand_with(dir, subject_start, (size_t)(nl - subject_start), v, true, &sub, err);
	if (rc == 0)
		rc = expand_with(dir, nl + 1, file->len - (size_t)(nl + 1 - file->data), v, false, &text, err);
	if (rc < 0) {
		char *inner = *err;
		*err = xasprintf("%s: %s", path, inner);
		free(inner);
		goto out;
	}
	*subject = rfc2047_clean(buf_str(&sub));
	*body = tidy_body(buf_str(&text));
out:
	free(path);
	buf_free(&sub);
	buf_free(&text);
	return rc < 0 ? -1 : 0;
}
