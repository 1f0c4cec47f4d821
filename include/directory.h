/* directory.h: who is who (bpomail(1), WHO MAY DO WHAT): the CSV import and finding people. */
#ifndef BPOMAIL_DIRECTORY_H
#define BPOMAIL_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>

#include "workflow.h"

struct store;
struct strlist;

/* A directory entry; strings owned by it, released by person_clear(). */
struct person {
	int64_t id;
	char *name;
	char *email;
	enum role role;
	char *organisation;
};

void person_clear(struct person *p);

/*
 * Replaces the directory with a CSV file whose header is
 * naam,email,rol,organisatie (',' or ';' separated, UTF-8 or windows-1252,
 * RFC 4180 quotes). Every error is printed as "file:line: ..." and the
 * whole file is refused. Returns the number of people, or -1.
 */
int directory_import(struct store *st, const char *path);

/* The people with role r (all of them when r is ROLE_NONE), at most max, by name. */
/* How many people the directory holds in role r. */
size_t directory_count_role(struct store *st, enum role r);

size_t directory_with_role(struct store *st, enum role r, struct person *out, size_t max);

/* The directory's entries for an address, one per role, at most max. */
size_t directory_by_address(struct store *st, const char *email, struct person *out, size_t max);

enum lookup {
	LOOKUP_FOUND,
	LOOKUP_UNKNOWN,
	LOOKUP_AMBIGUOUS,
};

/*
 * Finds the one person with role r that query names: by address ("adres",
 * "Naam <adres>"), else by name ignoring case, accents and extra blanks.
 * When unknown or ambiguous, candidates gets "Naam <adres>" lines of the
 * people it may have meant (at most BOUND_CANDIDATES).
 */
enum lookup directory_find(struct store *st, const char *query, enum role r, struct person *out,
			   struct strlist *candidates);

/*
 * True when a and b are one person in role r: the same address, or two
 * lines of the directory with the same name and role (bpomail(1), WHO MAY DO WHAT).
 */
bool directory_same_person(struct store *st, const char *a, const char *b, enum role r);

/* The folded form of a name used for matching (caller frees). */
char *directory_name_key(const char *name);

#endif
