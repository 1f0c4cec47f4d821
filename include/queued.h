/* queued.h: a queued mail's bytes as they go out, its stored documents encoded in again. */
#ifndef BPOMAIL_QUEUED_H
#define BPOMAIL_QUEUED_H

#include <stddef.h>

struct buf;
struct store;

/*
 * kept is a queued mail as composed_write_kept() wrote it and refs the lines
 * composed_kept() gave (NULL: kept is the whole mail). Appends the mail to
 * out, each document base64-encoded from its blob row at its place, exactly
 * as composed_write() writes the whole mail. -1 with *err (caller frees)
 * when a document is no longer in the database as it was, or refs are not
 * ours; -1 with the store failed when reading fails.
 */
int queued_bytes(struct store *st, const char *kept, size_t len, const char *refs,
		 struct buf *out, char **err);

#endif
