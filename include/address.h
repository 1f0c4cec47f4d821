/* address.h: mail addresses: checking, normalising, "Naam <adres>", reply tokens. */
#ifndef BPOMAIL_ADDRESS_H
#define BPOMAIL_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

/* True for a plain addr-spec we are willing to send to: local@domain.tld, no blanks or specials. */
bool addr_valid(const char *addr);

/* A new, lower-cased, trimmed copy (caller frees). */
char *addr_normalize(const char *addr);

/*
 * Splits how people write a person, "Naam <adres>", "adres", "Naam",
 * "Naam (adres)" or "adres (Naam)", into new strings (caller frees; either
 * may be NULL). A bracketed address that is not valid is still returned.
 */
void addr_split_person(const char *text, char **name, char **email);

/*
 * The token in a reply address: "bpo+TOKEN@swv.example" for the system
 * address "bpo@swv.example" gives a new string "TOKEN" (caller frees),
 * anything else NULL.
 */
char *addr_token(const char *addr, const char *system_address);

/* "bpo+TOKEN@swv.example" (caller frees). */
char *addr_with_token(const char *system_address, const char *token);

#endif
