/* reply_line.c: the words of a reply's lines, folded for matching. */
#include <string.h>

#include "bounds.h"
#include "reply_line.h"
#include "utf8.h"
#include "util.h"

/* Length of a letter or digit at p (a Latin letter may take two bytes); 0 for anything else. */
size_t line_letter_len(const char *p, size_t n)
{
	unsigned char c = (unsigned char)p[0];

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	if (n >= 2 && c >= 0xc3 && c <= 0xc5 && ((unsigned char)p[1] & 0xc0) == 0x80)
		return 2;
	return 0;
}

void line_fold_word(const char *p, size_t n, char out[WORD_MAX])
{
	char *raw = xstrndup(p, n), *folded = utf8_fold(raw);
	size_t k = 0;

	for (const char *f = folded; *f && k + 1 < WORD_MAX; f++)
		if ((*f >= 'a' && *f <= 'z') || (*f >= '0' && *f <= '9'))
			out[k++] = *f;
	out[k] = '\0';
	free(folded);
	free(raw);
}

/* Splits p[0..n) into words; a '-' or an apostrophe inside a word joins it ("SO-coördinator"). */
void line_read(const char *p, size_t n, struct line *l)
{
	size_t i = 0;

	l->p = p;
	l->n = n;
	l->nw = 0;
	while (i < n && l->nw < LINE_WORDS) {
		size_t len = line_letter_len(p + i, n - i);
		if (!len) {
			i++;
			continue;
		}
		size_t start = i;
		for (;;) {
			while (i < n && (len = line_letter_len(p + i, n - i)) > 0)
				i += len;
			if (i + 1 < n && (p[i] == '-' || p[i] == '\'') && line_letter_len(p + i + 1, n - i - 1))
				i++;
			else
				break;
		}
		struct word *w = &l->w[l->nw];
		w->start = start;
		w->end = i;
		line_fold_word(p + start, i - start, w->f);
		if (*w->f)
			l->nw++;
	}
}

bool line_space_at(const char *p, size_t n)
{
	return (n >= 1 && (*p == ' ' || *p == '\t' || *p == '\r')) ||
	       (n >= 2 && (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0);
}

/* The first character after word i that is not a blank; '\0' at the end of the line. */
char line_after_word(const struct line *l, size_t i)
{
	size_t k = l->w[i].end;

	while (k < l->n && line_space_at(l->p + k, l->n - k))
		k += (unsigned char)l->p[k] == 0xc2 ? 2 : 1;
	return k < l->n ? l->p[k] : '\0';
}

/* What may stand between a command and its text: ASCII punctuation, or a dash or ellipsis (U+2013, U+2014, U+2026). */
bool line_is_punctuation(char c)
{
	return c && (strchr(":,.;!-?", c) || (unsigned char)c == 0xe2);
}

size_t line_punctuation_len(const char *p, size_t n)
{
	if (n >= 1 && *p && strchr(":,.;!-", *p))
		return 1;
	if (n >= 3 && (unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94 || (unsigned char)p[2] == 0xa6))
		return 3;
	return 0;
}

/* The text after word i and the punctuation that follows it ("Akkoord, ziet er goed uit"). */
const char *line_rest_after(const struct line *l, size_t i, size_t *len)
{
	size_t k = l->w[i].end, step;

	while (k < l->n) {
		if (line_space_at(l->p + k, l->n - k))
			step = (unsigned char)l->p[k] == 0xc2 ? 2 : 1;
		else if ((step = line_punctuation_len(l->p + k, l->n - k)) == 0)
			break;
		k += step;
	}
	*len = l->n - k;
	return l->p + k;
}

/* Words from word i on match pattern words (see struct pattern); the index after the match, or 0. */
size_t line_match_at(const struct line *l, size_t i, const char *pattern)
{
	char pw[WORD_MAX + 1];

	while (*pattern) {
		size_t n = strcspn(pattern, " ");
		if (n > WORD_MAX)
			return 0;
		memcpy(pw, pattern, n);
		pw[n] = '\0';
		pattern += n;
		while (*pattern == ' ')
			pattern++;
		if (strcmp(pw, "*") == 0) {
			for (size_t gap = 0; gap <= GAP_MAX && i + gap <= l->nw; gap++) {
				size_t end = *pattern ? line_match_at(l, i + gap, pattern) : i + gap;
				if (end)
					return end;
			}
			return 0;
		}
		if (i >= l->nw)
			return 0;
		bool prefix = n > 1 && pw[n - 1] == '*';
		if (prefix ? strncmp(l->w[i].f, pw, n - 1) != 0 : strcmp(l->w[i].f, pw) != 0)
			return 0;
		i++;
	}
	return i;
}

/* Where pattern matches in words [from, to); to when nowhere. */
size_t line_find_in(const struct line *l, size_t from, size_t to, const char *pattern)
{
	if (*pattern == '^')
		return from < to && line_match_at(l, from, pattern + 1) ? from : to;
	for (size_t i = from; i < to; i++) {
		size_t end = line_match_at(l, i, pattern);
		if (end && end <= to)
			return i;
	}
	return to;
}

bool line_has_any(const struct line *l, size_t from, size_t to, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (line_find_in(l, from, to, list[k]) < to)
			return true;
	return false;
}


bool line_is_one_of(const char *word, const char *alternatives)
{
	size_t n = strlen(word);

	for (const char *p = alternatives; *p;) {
		size_t k = strcspn(p, "|");
		if (k == n && strncmp(p, word, n) == 0)
			return true;
		p += k;
		if (*p)
			p++;
	}
	return false;
}

/* The text ---------------------------------------------------------------- */


struct line *text_line(struct text *t, size_t i)
{
	if (!t->read[i]) {
		line_read(t->lines[i].p, t->lines[i].n, &t->lines[i]);
		t->read[i] = true;
	}
	return &t->lines[i];
}

void text_split(const char *top, struct text *t)
{
	size_t len = strnlen(top, BOUND_READ_BYTES), cap = 16;

	t->top = top;
	t->n = 0;
	t->lines = xcalloc(cap, sizeof *t->lines);
	for (size_t i = 0; i < len;) {
		size_t n = 0;
		while (i + n < len && top[i + n] != '\n')
			n++;
		if (t->n == cap) {
			cap *= 2;
			t->lines = xrealloc(t->lines, cap * sizeof *t->lines);
		}
		t->lines[t->n].p = top + i;
		t->lines[t->n].n = n;
		t->n++;
		i += n + 1;
	}
	t->read = xcalloc(t->n ? t->n : 1, sizeof *t->read);
}

void text_free(struct text *t)
{
	free(t->lines);
	free(t->read);
}

/* A line without a word ("", "-", an emoji) says nothing. */
bool text_blank(struct text *t, size_t i)
{
	return text_line(t, i)->nw == 0;
}

