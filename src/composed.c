/* composed.c: a composed mail in pieces; documents are base64-encoded as the mail is written. */
#include "base64.h"
#include "compose.h"
#include "composed.h"
#include "util.h"

/* A piece: text (owned), or a document (borrowed). */
struct piece {
	char *text;
	size_t len;
	struct attachment_out doc;
	size_t index;
	compose_read_fn *read;
	void *arg;
};

struct composed {
	struct piece *p;
	size_t n, cap;
};

/* Bytes of input per step of the encoder: whole lines of 57 bytes, so pieces join as one encoding. */
#define STEP (57u * 1024)

struct composed *composed_new(void)
{
	return xcalloc(1, sizeof(struct composed));
}

void composed_free(struct composed *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->p[i].text);
	free(c->p);
	free(c);
}

static struct piece *add(struct composed *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->p = xrealloc(c->p, c->cap * sizeof *c->p);
	}
	memset(&c->p[c->n], 0, sizeof c->p[c->n]);
	return &c->p[c->n++];
}

void composed_add_text(struct composed *c, const char *s, size_t n)
{
	struct piece *p;
	size_t k = 0;

	if (!n)
		return;
	p = add(c);
	p->text = xmalloc(n + 1);
	/* Line by line: a CR right before LF is left out. */
	for (size_t i = 0; i < n;) {
		const char *lf = memchr(s + i, '\n', n - i);
		size_t end = lf ? (size_t)(lf - s) : n, len = end - i;
		if (lf && len && s[end - 1] == '\r')
			len--;
		memcpy(p->text + k, s + i, len);
		k += len;
		if (lf)
			p->text[k++] = '\n';
		i = end + (lf ? 1 : 0);
	}
	p->text[k] = '\0';
	p->len = k;
}

void composed_add_bytes(struct composed *c, const char *s, size_t n)
{
	struct piece *p;

	if (!n)
		return;
	p = add(c);
	p->text = xmalloc(n + 1);
	memcpy(p->text, s, n);
	p->text[n] = '\0';
	p->len = n;
}

void composed_add_document(struct composed *c, const struct attachment_out *a, size_t i,
			   compose_read_fn *read, void *arg)
{
	struct piece *p = add(c);

	p->doc = *a;
	p->index = i;
	p->read = read;
	p->arg = arg;
}

size_t composed_size(const struct composed *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		n += c->p[i].text ? c->p[i].len : base64_encoded_size(c->p[i].doc.len);
	return n;
}

/* A document's base64, STEP bytes of it at a time (each step ends a line, as one encoding would). */
static int write_document(const struct piece *d, int (*sink)(void *arg, const char *p, size_t n),
			  void *arg)
{
	struct buf out = BUF_INIT;
	char *chunk = d->doc.data ? NULL : xmalloc(STEP);
	size_t off = 0, len = d->doc.len;
	int rc = 0;

	if (!d->doc.data && len && !d->read)
		rc = -1;
	while (rc == 0) {
		size_t n = len - off < STEP ? len - off : STEP;
		const char *p = chunk ? chunk : d->doc.data + off;
		if (chunk && n)
			rc = d->read(d->arg, d->index, off, chunk, n);
		if (rc == 0) {
			out.len = 0;
			base64_encode(&out, p, n);
			rc = sink(arg, out.data, out.len);
		}
		off += n;
		if (off >= len)
			break;
	}
	free(chunk);
	buf_free(&out);
	return rc;
}

int composed_write(const struct composed *c, int (*sink)(void *arg, const char *p, size_t n),
		   void *arg)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < c->n; i++)
		rc = c->p[i].text ? sink(arg, c->p[i].text, c->p[i].len)
				  : write_document(&c->p[i], sink, arg);
	return rc;
}

static bool is_stored(const struct piece *p)
{
	return !p->text && p->doc.stored;
}

size_t composed_kept(const struct composed *c, struct buf *refs)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++) {
		if (is_stored(&c->p[i]))
			buf_addf(refs, "%zu %zu %s\n", n, c->p[i].doc.len, c->p[i].doc.stored);
		else
			n += c->p[i].text ? c->p[i].len : base64_encoded_size(c->p[i].doc.len);
	}
	return n;
}

int composed_write_kept(const struct composed *c, int (*sink)(void *arg, const char *p, size_t n),
			void *arg)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < c->n; i++)
		if (!is_stored(&c->p[i]))
			rc = c->p[i].text ? sink(arg, c->p[i].text, c->p[i].len)
					  : write_document(&c->p[i], sink, arg);
	return rc;
}
