/* reply_line.h: the words of a reply's lines, folded for matching (command.c reads decisions with them). */
#ifndef BPOMAIL_REPLY_LINE_H
#define BPOMAIL_REPLY_LINE_H

#include <stdbool.h>
#include <stddef.h>

#define LINE_WORDS  64     /* words of a line that are read */
#define WORD_MAX    40     /* bytes of a folded word */
#define GAP_MAX     4      /* words a '*' in a pattern may skip */

struct word {
	size_t start, end;          /* in the line */
	char f[WORD_MAX];           /* folded: a-z and 0-9 only */
};

struct line {
	const char *p;
	size_t n;
	struct word w[LINE_WORDS];
	size_t nw;
};

struct text {
	const char *top;
	struct line *lines;      /* lines[i].p points into top; words are read on demand */
	bool *read;
	size_t n;
};

/* Length of a letter or digit at p (a Latin letter may take two bytes); 0 for anything else. */
size_t line_letter_len(const char *p, size_t n);

void line_fold_word(const char *p, size_t n, char out[WORD_MAX]);

/* Splits p[0..n) into words; a '-' or an apostrophe inside a word joins it ("SO-coördinator"). */
void line_read(const char *p, size_t n, struct line *l);

bool line_space_at(const char *p, size_t n);

/* The first character after word i that is not a blank; '\0' at the end of the line. */
char line_after_word(const struct line *l, size_t i);

/* What may stand between a command and its text: ASCII punctuation, or a dash or ellipsis (U+2013, U+2014, U+2026). */
bool line_is_punctuation(char c);

size_t line_punctuation_len(const char *p, size_t n);

/* The text after word i and the punctuation that follows it ("Akkoord, ziet er goed uit"). */
const char *line_rest_after(const struct line *l, size_t i, size_t *len);

/* Words from word i on match pattern words (see struct pattern); the index after the match, or 0. */
size_t line_match_at(const struct line *l, size_t i, const char *pattern);

/* Where pattern matches in words [from, to); to when nowhere. */
size_t line_find_in(const struct line *l, size_t from, size_t to, const char *pattern);

bool line_has_any(const struct line *l, size_t from, size_t to, const char *const *list, size_t n);

bool line_is_one_of(const char *word, const char *alternatives);

struct line *text_line(struct text *t, size_t i);

void text_split(const char *top, struct text *t);

void text_free(struct text *t);

/* A line without a word ("", "-", an emoji) says nothing. */
bool text_blank(struct text *t, size_t i);

#endif
