/* form_text.h: the request form as "Label: value" lines and [x] checkboxes. */
#ifndef BPOMAIL_FORM_TEXT_H
#define BPOMAIL_FORM_TEXT_H

#include <stddef.h>

struct form;

/*
 * Reads a text form from the text a sender wrote (UTF-8, LF line ends; a
 * CR before the LF is ignored). Labels are matched ignoring case, accents,
 * surrounding blanks and *bold*, with or without their question mark, and
 * a few synonyms ("BRIN-code", "Aantal uur", "Startdatum", "IB", "Ouders");
 * a value may go on over the following lines until the next label, a
 * checkbox line or a blank line (the four questions keep the line breaks,
 * other fields join with a space; under "Ouder:" each line is a parent);
 * a value keeps at most BOUND_FIELD bytes. "Leerling:" is split into
 * roepnaam, voorvoegsel and achternaam; people are "Naam <adres>",
 * "Naam (adres)", a name or an address; each "[x] code – uitleg" line
 * adds the code as written (any mark counts, "[ ]" does not). Nothing is
 * validated. Fills f (raw values, 1-based source lines) and returns the
 * number of label lines recognised, the "Expertise" heading included;
 * 0 means the text holds no form.
 */
size_t form_text_parse(const char *text, struct form *f);

/*
 * Returns a new string (caller frees): the text form with f's raw values
 * filled in (a fresh form gives the blank form), one line per field, all
 * nine expertise lines with [x] for those f names (then a checked line for
 * each code it does not know), ready to be filled in and parsed back by
 * form_text_parse() to the same values. Multi-line answers go on the lines
 * below their label, without blank lines.
 */
char *form_text_render(const struct form *f);

#endif
