/* composed.h: a composed mail as it will be written out: its text in pieces, its documents encoded on the way. */
#ifndef BPOMAIL_COMPOSED_H
#define BPOMAIL_COMPOSED_H

#include <stddef.h>

#include "compose.h"

struct attachment_out;
struct buf;

/*
 * The headers, texts and MIME lines are kept (LF line ends); a document is
 * kept as a reference to its bytes and base64-encoded only as the mail is
 * written, a piece at a time: a mail with 25 MB of documents needs neither
 * their base64 in memory nor a second copy. The documents referred to must
 * stay as they are until the last composed_write().
 */
struct composed;

struct composed *composed_new(void);
void composed_free(struct composed *c);
void composed_add_text(struct composed *c, const char *crlf_text, size_t n);   /* CRLF becomes LF */
void composed_add_bytes(struct composed *c, const char *s, size_t n);   /* as they are */
/* Document i of a mail: its bytes are a->data, or (data NULL) what read(arg, i, ...) gives. */
void composed_add_document(struct composed *c, const struct attachment_out *a, size_t i,
			   compose_read_fn *read, void *arg);

/* Its size in bytes, exactly as composed_write() writes it. */
size_t composed_size(const struct composed *c);

/* Writes it through sink, a piece at a time; stops at the first non-zero from sink and returns it. */
int composed_write(const struct composed *c, int (*sink)(void *arg, const char *p, size_t n),
		   void *arg);

/*
 * The mail as kept in the outgoing queue (issue 12): every piece but the
 * documents whose bytes are stored in the database (attachment_out.stored),
 * which are encoded in again as it is sent. composed_kept() returns the size
 * of what composed_write_kept() writes and appends to refs a line per
 * document left out, in order: "OFFSET LEN SHA256", OFFSET the place in the
 * kept bytes where its base64 belongs, LEN its size in bytes.
 */
size_t composed_kept(const struct composed *c, struct buf *refs);
int composed_write_kept(const struct composed *c, int (*sink)(void *arg, const char *p, size_t n),
			void *arg);

#endif
