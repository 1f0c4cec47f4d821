/* template.h: the texts people receive, from files in templates/, with named placeholders. */
#ifndef BPOMAIL_TEMPLATE_H
#define BPOMAIL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * Values for placeholders. A private value (a pupil's name, birth date, the
 * form) may be used in a body but never in a subject line: rendering a
 * subject that uses one is an error (bpomail(1), PRIVACY).
 */
struct tvar {
	char *name;
	char *value;
	bool private;
};

struct tvars {
	struct tvar *item;          /* in the order they were first set */
	size_t n, cap;
	unsigned *slot;             /* hash index over item by name: position + 1, 0 = free */
	size_t nslot;               /* a power of two, more than twice n; 0 before the first set */
	const struct tvars *under;  /* borrowed, outlives this set: looked in for a name not set here */
};
#define TVARS_INIT { NULL, 0, 0, NULL, 0, NULL }

/* Copies value (NULL is ""); replacing a private value keeps it private. */
void tvars_set(struct tvars *v, const char *name, const char *value);
void tvars_setf(struct tvars *v, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tvars_set_private(struct tvars *v, const char *name, const char *value);
/* Copies every value of src into dst; a value private in either stays private. */
void tvars_copy(struct tvars *dst, const struct tvars *src);
/*
 * v's values over under's, without copying them (a letter over its
 * request's ~150): a name set in v hides under's value, and is private when
 * private in either, as tvars_copy(v, under) before the sets would give.
 */
void tvars_over(struct tvars *v, const struct tvars *under);
const char *tvars_get(const struct tvars *v, const char *name);      /* NULL when unset */
void tvars_free(struct tvars *v);

/*
 * Expands text: {{name}} is the value; {{?name}}...{{/name}} is kept only
 * when the value is not empty, {{^name}}...{{/name}} only when it is; a line
 * holding nothing but a block tag disappears with its line end; lines
 * starting with "##" are comments. Unknown names, unclosed blocks, private
 * values in a subject and output over BOUND_TEMPLATE_OUTPUT are errors:
 * returns -1 and sets *err (caller frees).
 */
int template_expand(const char *text, size_t len, const struct tvars *v, bool subject,
		    struct buf *out, char **err);

/*
 * Renders dir/name.txt, whose first line is "Onderwerp: ..." followed by a
 * blank line and the body. Returns 0 with *subject (one line) and *body
 * (caller frees both), or -1 with *err.
 */
int template_render(const char *dir, const char *name, const struct tvars *v, char **subject,
		    char **body, char **err);

#endif
