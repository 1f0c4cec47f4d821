/* base64.h: base64 both ways, byte for byte as libetpan 1.9.4 writes and reads it. */
#ifndef BPOMAIL_BASE64_H
#define BPOMAIL_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* Whether every line of p (n bytes) is the alphabet and '=' alone, blanks, CR and NUL at its end aside. */
bool base64_only(const char *p, size_t n);

/*
 * Decodes n bytes at p as libetpan's mailmime_base64_body_parse() does:
 * every byte outside the alphabet ('=' too) is skipped, each four values
 * give three bytes, and one, two or three values left at the end give one,
 * one and two bytes. Returns the bytes (NUL-terminated, caller frees) and
 * their count in *len.
 */
char *base64_decode(const char *p, size_t n, size_t *len);

struct buf;

/* Appends len bytes as base64 exactly as libetpan writes it (lines of 76, each ending in LF, also the last). */
void base64_encode(struct buf *out, const char *data, size_t len);
/* How many bytes base64_encode() appends for len bytes, the last LF included. */
size_t base64_encoded_size(size_t len);

#endif
