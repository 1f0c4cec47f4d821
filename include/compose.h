/* compose.h: outgoing mail built with libetpan: headers, body and attachments. */
#ifndef BPOMAIL_COMPOSE_H
#define BPOMAIL_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct buf;
struct composed;

struct attachment_out {
	const char *filename;        /* UTF-8; sent as a safe base name that keeps its characters */
	const char *content_type;    /* "application/xml"; message/, multipart/ and odd types go as bytes */
	const char *data;
	size_t len;
	const char *stored;          /* the sha256 of the blob row holding these bytes, or NULL */
};

/*
 * One outgoing mail. Names and the subject are UTF-8 and may hold anything
 * (they are cleaned and RFC 2047-encoded); addresses must pass addr_valid();
 * message ids are without <> and must hold no blanks, '<' or '>'.
 */
/* Reads n bytes at off of document i of a mail (one whose data is NULL) into p: 0, or non-zero to stop. */
typedef int compose_read_fn(void *arg, size_t i, size_t off, char *p, size_t n);

struct mail_out {
	const char *from_name, *from_addr;
	const char *to_name, *to_addr;
	const char *reply_to;
	const char *subject;
	const char *message_id;
	const char *in_reply_to;            /* NULL when none */
	const char *const *references;      /* oldest first */
	size_t n_references;
	const char *auto_submitted;         /* "auto-replied" or "auto-generated" */
	const char *loop;                   /* value of the loop header */
	const char *body;                   /* UTF-8 text, LF line ends */
	const char *html;                   /* UTF-8 HTML document with the same content, or NULL */
	const struct attachment_out *att;
	size_t n_att;
	compose_read_fn *read;              /* for documents without data (read from the database as written) */
	void *read_arg;
	time_t date;
};

#define COMPOSE_LOOP_HEADER "X-BPOmail-Loop"

/* How a document whose type cannot go out as it came is sent: as bytes. */
#define COMPOSE_BYTES_TYPE "application/octet-stream"

/*
 * Appends the whole message (LF line ends, 7-bit: quoted-printable text,
 * base64 attachments) to out: one text/plain part; with html a
 * multipart/alternative of text/plain then text/html; with attachments a
 * multipart/mixed of that and the documents, each named in RFC 2231
 * (filename*=) and RFC 2047 (name=) when its name is not plain ASCII. Returns 0, or -1 when an address or id is not
 * acceptable (nothing appended).
 */
int compose_mail(const struct mail_out *m, struct buf *out);

/*
 * The same mail as a plan to write (composed.h), documents encoded only as
 * it is written: NULL when an address or id is not acceptable. The strings
 * of m may go; its documents' bytes must stay until written.
 */
struct composed *compose_plan(const struct mail_out *m);

/* True for a message id we can write: "left@right" in printable ASCII without blanks, quotes, <, > or brackets. */
bool compose_id_ok(const char *id);

/* A new random token of hex digits from getrandom(2), bytes*2 long (caller frees). */
char *compose_random_hex(size_t bytes);

#endif
