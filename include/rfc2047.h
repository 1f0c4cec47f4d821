/* rfc2047.h: header text in and out: decoding encoded words, encoding UTF-8. */
#ifndef BPOMAIL_RFC2047_H
#define BPOMAIL_RFC2047_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Decodes a raw header value (folded, RFC 2047 words, raw UTF-8 or
 * windows-1252 bytes) to one line of UTF-8: Outlook's iso-8859-1 labels are
 * read as windows-1252, control characters become spaces, runs of blanks
 * collapse, at most max bytes are kept. Never fails; caller frees.
 */
char *rfc2047_decode(const char *raw, size_t max);

/*
 * Encodes UTF-8 text for a header, as a display name (phrase) or as
 * unstructured text (Subject). Control characters (CR, LF, TAB, ...) become
 * spaces first, so nothing can start a new header line. Words that need it
 * become =?UTF-8?Q?...?= words of at most 62 characters (75 for a run in a
 * phrase that fits one word), split only between characters; in a phrase a
 * word with specials ("Berg,") is encoded, plain words stay plain, and
 * nothing that looks like an encoded word is left unencoded. Caller frees.
 */
char *rfc2047_encode_phrase(const char *utf8);
char *rfc2047_encode_text(const char *utf8);

/*
 * The whole text as encoded words only (=?UTF-8?Q?...?=, at most 62
 * characters each, whole characters, blank separated; "" for ""), for a
 * quoted parameter value such as an attachment's name="...", where mail
 * clients (Outlook) read them although RFC 2047 §5 does not allow them
 * there. Controls become blanks first. Caller frees.
 */
char *rfc2047_encode_words(const char *utf8);

/* Header text without control characters, blanks collapsed (caller frees). */
char *rfc2047_clean(const char *utf8);

#endif
