/* form_text.h: the request form as "Label: value" lines and [x] checkboxes. */
#ifndef BPOMAIL_FORM_TEXT_H
#define BPOMAIL_FORM_TEXT_H

#include <stddef.h>

struct form;

/*
 * Reads a text form from the text a sender wrote (UTF-8, LF line ends).
 * Labels are matched ignoring case, accents and surrounding blanks, with or
 * without their question mark; a value may go on over the following lines
 * until the next label or a blank line; "Leerling:" is split into roepnaam,
 * voorvoegsel and achternaam; people are "Naam <adres>", a name or an
 * address; each "[x] code – uitleg" line adds an expertise (any mark counts,
 * "[ ]" does not). Fills f (raw values, 1-based source lines) and returns
 * the number of labels recognised; 0 means the text holds no form.
 */
size_t form_text_parse(const char *text, struct form *f);

/*
 * Returns a new string (caller frees): the text form with f's raw values
 * filled in (a fresh form gives the blank form), one line per field, all
 * nine expertise lines with [x] for those f names, ready to be filled in
 * and parsed back by form_text_parse() to the same values.
 */
char *form_text_render(const struct form *f);

#endif
