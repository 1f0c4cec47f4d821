/* quote.h: the part of a reply its sender wrote, above the quoted message. */
#ifndef BPOMAIL_QUOTE_H
#define BPOMAIL_QUOTE_H

/*
 * Returns a new string (caller frees): the text of a reply (UTF-8, LF line
 * ends) cut where the quoted message begins, as Dutch and English Outlook,
 * Gmail, Apple Mail, Thunderbird, Evolution and phone clients mark it, and
 * without the signature ("-- " and below) and phone footers ("Verzonden
 * vanaf mijn iPhone"). Trailing blank lines are removed; leading ones too.
 */
char *quote_strip(const char *text);

#endif
