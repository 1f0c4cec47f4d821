/* html.h: HTML mail bodies as readable text. */
#ifndef BPOMAIL_HTML_H
#define BPOMAIL_HTML_H

#include <stddef.h>

/*
 * Returns a new string (caller frees): the HTML of html[0..len) (UTF-8) as
 * plain text with LF line ends. Block elements and <br> end lines, entities
 * are decoded, <head>, <style> and <script> are dropped, list items start
 * with "- ". The content of <blockquote> and of the containers mail clients
 * put quoted mail in (div.gmail_quote, div.moz-cite-prefix, #appendonsend,
 * #divRplyFwdMsg, blockquote[type=cite]) is prefixed with "> " so that
 * quote_strip() cuts it. Output is bounded by the input's length times 2.
 *
 * Outlook's #appendonsend and #divRplyFwdMsg (also "x_"-prefixed, and new
 * Outlook's #mail-editor-reference-message-container) mark where the quoted
 * message begins rather than hold it: everything after them is quoted.
 * Every line ends with LF; blank lines never repeat; <p> is a line break,
 * not a blank line. &nbsp; and U+00A0 become plain spaces, NUL and other
 * control characters are dropped, &#...; that is no character becomes
 * U+FFFD (128..159 are read as windows-1252, as browsers do); unknown
 * entities stay as written. At most 16 "> " per line; text past the bound is
 * cut. Valid UTF-8 in gives valid UTF-8 out.
 */
char *html_to_text(const char *html, size_t len);

#endif
