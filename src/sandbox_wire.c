/* sandbox_wire.c: the records between bpomail and its parsing child, written and read without a buffer of the whole. */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mailparse.h"
#include "sandbox_wire.h"
#include "util.h"

/* Field tags of the answer: each record is tag, length, bytes. */
enum tag {
	T_MESSAGE_ID = 1, T_FROM_ADDR, T_FROM_NAME, T_SUBJECT, T_IN_REPLY_TO, T_REFERENCE,
	T_RECIPIENT, T_RETURN_PATH, T_AUTO_SUBMITTED, T_PRECEDENCE, T_TEXT, T_ATT_NAME,
	T_ATT_TYPE, T_ATT_DATA, T_COUNTS, T_FORWARDED, T_END, T_REFUSED,
};

enum { N_COUNTS = 10 };

/* Parent: socket I/O against a deadline ------------------------------------ */

static int wait_for(int fd, short what, time_t deadline)
{
	for (;;) {
		struct pollfd p = { fd, what, 0 };
		time_t left = deadline - time(NULL);
		if (left <= 0)
			return -1;
		int r = poll(&p, 1, (int)left * 1000);
		if (r > 0)
			return 0;
		if (r == 0)
			return -1;
		if (errno != EINTR)
			return -2;
	}
}

/* Tries first and waits only when the socket is not ready: one call a chunk, not two. */
int wire_send(int fd, const void *p, size_t n, time_t deadline)
{
	const char *c = p;

	while (n) {
		ssize_t k = send(fd, c, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (k < 0 && errno == EAGAIN) {
			int w = wait_for(fd, POLLOUT, deadline);
			if (w < 0)
				return w;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -2;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* At most n bytes (at least 1) into p: > 0, or -1 (the deadline), -2 (EOF or an error). */
static ssize_t recv_some(int fd, void *p, size_t n, time_t deadline)
{
	for (;;) {
		ssize_t k = recv(fd, p, n, MSG_DONTWAIT);
		if (k > 0)
			return k;
		if (k < 0 && errno == EAGAIN) {
			int w = wait_for(fd, POLLIN, deadline);
			if (w < 0)
				return w;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		return -2;
	}
}

int wire_recv(int fd, void *p, size_t n, time_t deadline)
{
	char *c = p;

	while (n) {
		ssize_t k = recv_some(fd, c, n, deadline);
		if (k < 0)
			return (int)k;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/*
 * The parent's side of one answer: what the socket had ready, read in one
 * call, records taken from it (an answer is ~10 small records and the
 * documents). The child sends nothing after the answer's end record until
 * it is asked again, so nothing is left behind.
 */
struct reader {
	int fd;
	time_t deadline;
	size_t at, end;
	char buf[64 * 1024];
};

static int reader_get(struct reader *r, void *p, size_t n)
{
	char *c = p;

	while (n) {
		if (r->at < r->end) {
			size_t k = r->end - r->at < n ? r->end - r->at : n;
			memcpy(c, r->buf + r->at, k);
			r->at += k;
			c += k;
			n -= k;
		} else if (n >= sizeof r->buf) {
			return wire_recv(r->fd, c, n, r->deadline);   /* a document: into its own block */
		} else {
			ssize_t k = recv_some(r->fd, r->buf, sizeof r->buf, r->deadline);
			if (k < 0)
				return (int)k;
			r->at = 0;
			r->end = (size_t)k;
		}
	}
	return 0;
}

/* Child: records straight to the socket ------------------------------------ */

/* Small records gather in out; a large one goes from where it lies. */
struct writer {
	int fd;
	int err;
	size_t n;
	char out[65536];
};

static void flush_out(struct writer *w)
{
	if (!w->err && w->n && write_all(w->fd, w->out, w->n) < 0)
		w->err = -1;
	w->n = 0;
}

static void put(struct writer *w, enum tag tag, const void *p, size_t n)
{
	uint32_t hdr[2] = { (uint32_t)tag, (uint32_t)n };

	if (w->n + sizeof hdr + n > sizeof w->out)
		flush_out(w);
	memcpy(w->out + w->n, hdr, sizeof hdr);
	w->n += sizeof hdr;
	if (w->n + n > sizeof w->out) {
		flush_out(w);
		if (!w->err && write_all(w->fd, p, n) < 0)
			w->err = -1;
		return;
	}
	memcpy(w->out + w->n, p, n);
	w->n += n;
}

static void put_str(struct writer *w, enum tag tag, const char *s)
{
	if (s)
		put(w, tag, s, strlen(s));
}

static void put_fields(struct writer *w, const struct inmail *m)
{
	uint32_t counts[N_COUNTS] = {
		(uint32_t)m->n_from, m->list_mail, m->x_autoreply, m->our_loop, m->is_report,
		m->text_from_html, m->truncated, (uint32_t)m->n_att_dropped, m->text_cut,
		(uint32_t)m->n_inline,
	};

	put_str(w, T_MESSAGE_ID, m->message_id);
	put_str(w, T_FROM_ADDR, m->from_addr);
	put_str(w, T_FROM_NAME, m->from_name);
	put_str(w, T_SUBJECT, m->subject);
	put_str(w, T_IN_REPLY_TO, m->in_reply_to);
	for (size_t i = 0; i < m->references.n; i++)
		put_str(w, T_REFERENCE, m->references.item[i]);
	for (size_t i = 0; i < m->recipients.n; i++)
		put_str(w, T_RECIPIENT, m->recipients.item[i]);
	put_str(w, T_RETURN_PATH, m->return_path);
	put_str(w, T_AUTO_SUBMITTED, m->auto_submitted);
	put_str(w, T_PRECEDENCE, m->precedence);
	put_str(w, T_TEXT, m->text);
	put_str(w, T_FORWARDED, m->forwarded);
	for (size_t i = 0; i < m->n_att; i++) {
		put_str(w, T_ATT_NAME, m->att[i].filename);
		put_str(w, T_ATT_TYPE, m->att[i].content_type);
		put(w, T_ATT_DATA, m->att[i].data, m->att[i].len);
	}
	put(w, T_COUNTS, counts, sizeof counts);
}

int wire_put_answer(int fd, const struct inmail *m, const char *why)
{
	/* static: 64 kB is more than a child's stack needs to hold */
	static struct writer w;

	w.fd = fd;
	w.err = 0;
	w.n = 0;
	if (m)
		put_fields(&w, m);
	else
		put_str(&w, T_REFUSED, why ? why : "het bericht kon niet worden gelezen");
	put(&w, T_END, "", 0);
	flush_out(&w);
	return w.err;
}

/* Parent: records into their own blocks ------------------------------------ */

static void set_counts(struct inmail *m, const uint32_t c[N_COUNTS])
{
	m->n_from = c[0];
	m->list_mail = c[1];
	m->x_autoreply = c[2];
	m->our_loop = c[3];
	m->is_report = c[4];
	m->text_from_html = c[5];
	m->truncated = c[6];
	m->n_att_dropped = c[7];
	m->text_cut = c[8];
	m->n_inline = c[9];
}

/* Where a string record goes; NULL for a tag that is not one, or a field given twice. */
static char **string_slot(struct inmail *m, uint32_t tag)
{
	char **slot;

	switch (tag) {
	case T_MESSAGE_ID: slot = &m->message_id; break;
	case T_FROM_ADDR: slot = &m->from_addr; break;
	case T_FROM_NAME: slot = &m->from_name; break;
	case T_SUBJECT: slot = &m->subject; break;
	case T_IN_REPLY_TO: slot = &m->in_reply_to; break;
	case T_RETURN_PATH: slot = &m->return_path; break;
	case T_AUTO_SUBMITTED: slot = &m->auto_submitted; break;
	case T_PRECEDENCE: slot = &m->precedence; break;
	case T_TEXT: slot = &m->text; break;
	case T_FORWARDED: slot = &m->forwarded; break;
	default: return NULL;
	}
	return *slot ? NULL : slot;
}

/* Takes the record's bytes p (n long, NUL-terminated): 0, or -3 when it does not fit m. */
static int take(struct inmail *m, uint32_t tag, char *p, size_t n, char **why)
{
	bool text = tag != T_ATT_DATA && tag != T_COUNTS;
	char **slot;

	if (text && memchr(p, '\0', n))
		return -3;   /* a NUL inside a string */
	if (tag == T_REFERENCE || tag == T_RECIPIENT) {
		strlist_add_owned(tag == T_REFERENCE ? &m->references : &m->recipients, p);
	} else if (tag == T_REFUSED && !*why) {
		*why = p;
	} else if (tag == T_ATT_NAME && m->n_att < BOUND_ATTACHMENTS) {
		m->att[m->n_att++].filename = p;
	} else if (tag == T_ATT_TYPE && m->n_att && !m->att[m->n_att - 1].content_type) {
		m->att[m->n_att - 1].content_type = p;
	} else if (tag == T_ATT_DATA && m->n_att && !m->att[m->n_att - 1].data) {
		m->att[m->n_att - 1].data = p;
		m->att[m->n_att - 1].len = n;
	} else if (tag == T_COUNTS && n == N_COUNTS * sizeof(uint32_t)) {
		uint32_t c[N_COUNTS];
		memcpy(c, p, sizeof c);
		set_counts(m, c);
		free(p);
	} else if ((slot = string_slot(m, tag)) != NULL) {
		*slot = p;
	} else {
		free(p);
		return -3;
	}
	return 0;
}

static int complete(struct inmail *m)
{
	for (size_t i = 0; i < m->n_att; i++)
		if (!m->att[i].content_type || !m->att[i].data)
			return -3;
	if (!m->subject)
		m->subject = xstrdup("");
	if (!m->text)
		m->text = xstrdup("");
	return 0;
}

int wire_get_answer(int fd, size_t max, time_t deadline, struct inmail *m, char **why)
{
	struct reader *r = xmalloc(sizeof *r);
	size_t total = 0;
	int rc = 0;

	r->fd = fd;
	r->deadline = deadline;
	r->at = r->end = 0;
	memset(m, 0, sizeof *m);
	*why = NULL;
	for (;;) {
		uint32_t hdr[2];
		if ((rc = reader_get(r, hdr, sizeof hdr)) < 0)
			break;
		total += sizeof hdr + hdr[1];
		if (total > max) {
			rc = -3;
			break;
		}
		if (hdr[0] == T_END) {
			rc = hdr[1] ? -3 : *why ? 1 : complete(m);
			break;
		}
		char *p = xmalloc((size_t)hdr[1] + 1);
		p[hdr[1]] = '\0';
		if ((rc = reader_get(r, p, hdr[1])) < 0) {
			free(p);
			break;
		}
		if ((rc = take(m, hdr[0], p, hdr[1], why)) < 0)
			break;
	}
	free(r);
	if (rc != 0)
		inmail_free(m);
	if (rc < 0) {
		free(*why);
		*why = NULL;
	}
	return rc;
}
