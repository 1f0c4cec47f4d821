/* form.h: the request form (bpomail(1), The request form), its field rules and the problems found. */
#ifndef BPOMAIL_FORM_H
#define BPOMAIL_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "date.h"

enum niveau {
	NIVEAU_NONE = 0,
	NIVEAU_LEERLING,
	NIVEAU_GROEP,
	NIVEAU_SCHOOL,
};

/* Fields in the order of the form (and of the XML form). */
enum form_field {
	FF_NONE = 0,      /* the form as a whole */
	FF_NIVEAU,
	FF_SCHOOL,
	FF_BRIN,
	FF_BESTUUR,
	FF_GROEP,
	FF_LEERLING,
	FF_GEBOORTEDATUM,
	FF_IB,
	FF_TB,
	FF_OUDER,
	FF_UREN,
	FF_START,
	FF_EIND,
	FF_SO_ORG,
	FF_VOORKEUR,
	FF_EXPERTISE,
	FF_VRAAG,
	FF_MAATREGELEN,
	FF_RESULTAAT,
	FF_INSTANTIES,
	FF_BEHOEFTEN,        /* the pupil's support needs */
	FF_TOELICHTING_OUDERS,
	FF_EERDERE,          /* an earlier request this one follows up */
	FF_COUNT
};

enum expertise {
	EXP_GEDRAG = 1u << 0,
	EXP_LEREN = 1u << 1,
	EXP_COMMUNICATIE = 1u << 2,
	EXP_ZICHT = 1u << 3,
	EXP_MOTORIEK = 1u << 4,
	EXP_ZIEKTE = 1u << 5,
	EXP_ZML = 1u << 6,
	EXP_AUTISME = 1u << 7,
	EXP_ANDERS = 1u << 8,
};
#define EXPERTISE_COUNT 9

/* A person as written on a form: either part may be NULL. Strings owned by the form. */
struct form_person {
	char *name;
	char *email;
};

/*
 * A request form as the sender wrote it, from either shape. Every string is
 * UTF-8 owned by the form (NULL when the field is absent); form_free()
 * releases them. form_check() reads the raw values and fills the parsed
 * ones at the bottom.
 */
struct form {
	char *niveau;
	char *school, *brin, *bestuur, *groep;
	char *roepnaam, *voorvoegsel, *achternaam;  /* the pupil */
	char *geboortedatum;
	struct form_person ib, tb;
	struct form_person ouder[BOUND_PARENTS];
	size_t n_ouder;
	size_t n_ouder_dropped;      /* parents beyond BOUND_PARENTS */
	char *uren, *startdatum, *einddatum;
	char *so_organisatie, *voorkeur_begeleider;
	char *expertise[EXPERTISE_COUNT + 4];  /* codes as written, in order */
	size_t n_expertise;
	size_t n_expertise_dropped;
	char *ondersteuningsvraag, *maatregelen, *resultaat, *andere_instanties;
	char *ondersteuningsbehoeften, *toelichting_ouders, *eerdere_aanvraag;
	unsigned line[FF_COUNT];      /* line of each field in the source, 0 when unknown */
	unsigned first_line, last_line;  /* the lines of the text form (the rest is the sender's note) */

	/* Filled by form_check() when the raw value is valid. */
	enum niveau lvl;
	struct date birth, start, end;
	unsigned hours_half;
	unsigned expertise_mask;
};

struct form_problem {
	enum form_field field;
	unsigned line;         /* 0 when not known */
	char *what;            /* what is wrong, Dutch, owned */
	char *expected;        /* what is expected, Dutch, owned (may be NULL) */
};

struct form_problems {
	struct form_problem item[BOUND_FORM_PROBLEMS];
	size_t n;
	size_t dropped;        /* problems beyond the bound */
};

void form_init(struct form *f);
void form_free(struct form *f);

/* Dutch label of a field as the text form writes it ("Gewenste startdatum"). */
const char *form_field_label(enum form_field field);

/* Expertise: code for a bit ("gedrag"), its explanation, and the bit for a written code (0 if unknown). */
const char *expertise_code(unsigned bit);
const char *expertise_explanation(unsigned bit);
unsigned expertise_from_text(const char *s);

/* Sets a raw field value, replacing an earlier one. Takes a copy of value. */
void form_set(struct form *f, enum form_field field, const char *value, unsigned line);
/* The raw value of a single-valued field, or NULL. */
const char *form_get(const struct form *f, enum form_field field);
void form_add_parent(struct form *f, const char *name, const char *email, unsigned line);
void form_add_expertise(struct form *f, const char *code, unsigned line);

/*
 * Applies the field rules of the form to the raw values; every problem is
 * added to *p (at most one per field). sender is the address the form came
 * from (the intern begeleider when the form names none). Returns the number
 * of problems added.
 */
size_t form_check(struct form *f, const char *sender, struct form_problems *p);

/* Adds a problem unless the field already has one. what/expected are copied. */
void form_problem_add(struct form_problems *p, enum form_field field, unsigned line,
		      const char *expected, const char *what_fmt, ...)
	__attribute__((format(printf, 5, 6)));
bool form_problem_has(const struct form_problems *p, enum form_field field);
void form_problems_free(struct form_problems *p);

/* The pupil's name as one string ("Roepnaam voorvoegsel Achternaam"); caller frees; NULL when none. */
char *form_pupil_name(const struct form *f);

/* True when s holds something that looks like a BSN or onderwijsnummer. */
bool form_has_bsn(const char *s);

/* The length of a request number ("BPO-2026-0042") at the start of s, any case; 0 when none. */
size_t kenmerk_len(const char *s);

#endif
