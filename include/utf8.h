/* utf8.h: UTF-8 checks, windows-1252 conversion and accent folding for matching. */
#ifndef BPOMAIL_UTF8_H
#define BPOMAIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);

/* Appends s[0..n), read as windows-1252, to out as UTF-8. */
void utf8_from_cp1252(const char *s, size_t n, struct buf *out);

/*
 * Returns a new string (caller frees) that is s as clean UTF-8 text:
 * windows-1252 when s is not valid UTF-8, CR/LF line ends made LF, NUL and
 * control characters other than LF and TAB dropped.
 */
char *utf8_clean_text(const char *s, size_t n);

/*
 * Returns a new string (caller frees) for comparing names and commands:
 * Latin letters lower-cased with accents removed (Ö -> o, ß -> ss, ĳ -> ij),
 * typographic quotes and dashes made ASCII, other characters kept.
 */
char *utf8_fold(const char *s);

/* Length of the longest prefix of s[0..n) that is at most max bytes and ends on a character boundary. */
size_t utf8_prefix_len(const char *s, size_t n, size_t max);

/* Number of characters (code points) in a valid UTF-8 string. */
size_t utf8_width(const char *s);

#endif
