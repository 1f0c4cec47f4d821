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
 */
char *html_to_text(const char *html, size_t len);

#endif
