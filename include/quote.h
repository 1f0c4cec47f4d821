/* quote.h: the part of a reply its sender wrote, above the quoted message. */
#ifndef BPOMAIL_QUOTE_H
#define BPOMAIL_QUOTE_H

/*
 * Returns a new string (caller frees): the text of a reply (UTF-8, LF line
 * ends) cut where the quoted message begins, as Dutch and English Outlook,
 * Gmail, Apple Mail, Thunderbird, Evolution and phone clients mark it, and
 * without the signature ("-- " and below) and phone footers ("Verzonden
 * vanaf mijn iPhone"). Trailing blank lines are removed; leading ones too.
 *
 * The quote starts at the first of: a line starting with '>' (and the line
 * "... schreef:" / "... wrote:" just above it); an attribution "Op <date>
 * <h:mm> schreef|heeft ...:", "On ... <h:mm> ... wrote:", "Am ...
 * schrieb ...:", "NAAM schreef op <date> <h:mm> [+0200]:", joined over at
 * most 4 lines (it must hold a time, so ordinary sentences do not match);
 * "-----Oorspronkelijk bericht-----" and the like; 20 or more underscores;
 * two consecutive header lines (Van:, Verzonden:, Datum:, Aan:, CC:,
 * Onderwerp:, their English and German names, also "*Van:*"). In what is
 * left, the first "-- " line or phone footer ends the text. The result has
 * no final LF. Linear in the length of text.
 */
char *quote_strip(const char *text);

/*
 * Returns a new string (caller frees): the quoted or forwarded message below
 * what the sender wrote (from where quote_strip() cuts), with the '>'
 * quoting removed; "" when there is none. A form typed into a quoted mail
 * is read from here.
 */
char *quote_rest(const char *text);

#endif
