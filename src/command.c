/* command.c: finds AKKOORD, SO-coördinator: ... and the other commands of SPEC §2 in a reply. */
#include "bounds.h"
#include "command.h"
#include "utf8.h"
#include "util.h"

enum arg {
	ARG_NONE,       /* nothing may follow but punctuation */
	ARG_OPTIONAL,   /* a remark may follow */
	ARG_REQUIRED,   /* "KEYWORD: value" */
};

/* Keywords as they look folded (lower case, no accents, only letters and digits). */
static const struct keyword {
	const char *word;
	int words;          /* how many words of the line it takes */
	enum cmd cmd;
	enum arg arg;
} keywords[] = {
	{ "geentoestemming", 2, CMD_GEEN_TOESTEMMING, ARG_OPTIONAL },
	{ "toestemming", 1, CMD_TOESTEMMING, ARG_OPTIONAL },
	{ "akkoord", 1, CMD_AKKOORD, ARG_OPTIONAL },
	{ "afgewezen", 1, CMD_AFGEWEZEN, ARG_REQUIRED },
	{ "afwijzen", 1, CMD_AFGEWEZEN, ARG_REQUIRED },
	{ "incompleet", 1, CMD_INCOMPLEET, ARG_REQUIRED },
	{ "intrekken", 1, CMD_INTREKKEN, ARG_REQUIRED },
	{ "ingetrokken", 1, CMD_INTREKKEN, ARG_REQUIRED },
	{ "socoordinator", 1, CMD_SOCO, ARG_REQUIRED },
	{ "bpoer", 1, CMD_BPOER, ARG_REQUIRED },
	{ "afgerond", 1, CMD_AFGEROND, ARG_OPTIONAL },
	{ "status", 1, CMD_STATUS, ARG_NONE },
};

/* Folds a label to letters and digits only: "SO-coördinator" -> "socoordinator". */
static char *squeeze(const char *s, size_t n)
{
	char *part = xstrndup(s, n), *folded = utf8_fold(part);
	struct buf out = BUF_INIT;

	for (const char *p = folded; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			buf_addc(&out, *p);
	free(part);
	free(folded);
	return buf_detach(&out);
}

static bool is_word_char(char c)
{
	return (unsigned char)c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

/* Text after the first n words of line, without the punctuation that separates it. */
static const char *skip_words(const char *line, int n)
{
	const char *p = line;

	for (int i = 0; i < n; i++) {
		while (*p && (!is_word_char(*p) || *p == '-'))   /* "- Akkoord" */
			p++;
		while (*p && is_word_char(*p))
			p++;
	}
	while (*p && (*p == ' ' || *p == '\t' || *p == ':' || *p == '.' || *p == ',' || *p == '!' ||
		      *p == '?' || *p == '-' || *p == ';' || *p == '='))
		p++;
	return p;
}

static char *value_or_null(const char *s)
{
	char *copy = xstrdup(s), *t = str_trim(copy), *out = *t ? xstrdup(t) : NULL;

	free(copy);
	return out;
}

/* "Label: value" lines with the label folded; value NULL when the line has no ':'. */
static char *label_of(const char *line, const char **value)
{
	const char *colon = strchr(line, ':');

	*value = NULL;
	if (!colon || colon - line > 40)
		return NULL;
	*value = colon + 1;
	return squeeze(line, (size_t)(colon - line));
}

/*
 * Matches one line against the keywords; *rest is the text after it. *alone
 * tells whether the line is a command by itself ("KEYWORD: ..." or the
 * keyword with nothing after it) rather than a sentence that begins with one.
 */
static const struct keyword *match_line(const char *line, const char **rest, bool *alone)
{
	const char *value;
	char *label = label_of(line, &value);
	const struct keyword *found = NULL;

	if (label) {
		for (size_t i = 0; i < ARRAY_SIZE(keywords) && !found; i++)
			if (strcmp(label, keywords[i].word) == 0)
				found = &keywords[i];
		free(label);
		if (found) {
			*rest = value;
			*alone = true;
			return found;
		}
	}
	/* Without a colon: the keyword's words begin the line. */
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++) {
		const char *after = skip_words(line, keywords[i].words);
		char *head = squeeze(line, (size_t)(after - line));
		bool hit = strcmp(head, keywords[i].word) == 0;
		free(head);
		if (!hit)
			continue;
		if (keywords[i].arg == ARG_NONE && *after)
			return NULL;   /* "Status van de leerling ..." is not STATUS */
		*rest = after;
		*alone = !*after;
		return &keywords[i];
	}
	return NULL;
}

/* The extra lines of CMD_SOCO. */
static void read_soco_details(const char *top, struct command *c)
{
	const char *p = top;

	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		const char *value;
		char *label = label_of(line, &value);
		char **slot = NULL;

		if (label && (strcmp(label, "startdatum") == 0 || strcmp(label, "start") == 0))
			slot = &c->startdatum;
		else if (label && (strcmp(label, "einddatum") == 0 || strcmp(label, "eind") == 0))
			slot = &c->einddatum;
		else if (label && (strcmp(label, "uren") == 0 || strcmp(label, "aantaluren") == 0 ||
				   strcmp(label, "uur") == 0 || strcmp(label, "definitiefaantaluren") == 0))
			slot = &c->uren;
		if (slot && !*slot)
			*slot = value_or_null(value);
		free(label);
		free(line);
		p += n;
		if (*p)
			p++;
	}
}

/* A remark or reason: the rest of the command line and the lines after it. */
static char *argument(const char *rest, const char *following)
{
	struct buf b = BUF_INIT;
	const char *start;
	size_t n;

	buf_adds(&b, rest);
	if (following && *following) {
		buf_addc(&b, '\n');
		buf_adds(&b, following);
	}
	n = str_trim_len(buf_str(&b), b.len, &start);
	char *out = n ? xstrndup(start, utf8_prefix_len(start, n, BOUND_REMARK)) : NULL;
	buf_free(&b);
	return out;
}

/* A line that goes on with the sentence of the line before ("Ik ga niet\nakkoord met ..."). */
static bool continues(const char *line, bool alone, char prev_end)
{
	return !alone && *line >= 'a' && *line <= 'z' &&
	       ((prev_end >= 'a' && prev_end <= 'z') || (prev_end >= 'A' && prev_end <= 'Z') ||
		(prev_end >= '0' && prev_end <= '9') || (unsigned char)prev_end >= 0x80);
}

/*
 * The first command on the first lines. A second, different one is a
 * conflict only when it stands alone on its line: a reason that wraps onto
 * "incompleet en ..." is still the reason.
 */
static bool read_body(const char *top, struct command *c)
{
	const char *p = top;
	int seen = 0;
	bool found = false;
	char prev_end = '\0';

	while (*p && seen < BOUND_COMMAND_LINES) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n), *t = str_trim(line);
		const char *rest;
		const char *following = p[n] ? p + n + 1 : "";
		bool alone = false;
		const struct keyword *k = *t ? match_line(t, &rest, &alone) : NULL;

		if (k && continues(t, alone, prev_end))
			k = NULL;
		prev_end = *t ? t[strlen(t) - 1] : '\0';
		if (*t)
			seen++;
		if (k && !found) {
			found = true;
			c->cmd = k->cmd;
			if (k->cmd == CMD_SOCO || k->cmd == CMD_BPOER)
				c->text = value_or_null(rest);
			else if (k->arg != ARG_NONE)
				c->text = argument(rest, following);
		} else if (k && alone && k->cmd != c->cmd && !c->conflict) {
			c->conflict = k->cmd;
		}
		free(line);
		p += n;
		if (*p)
			p++;
	}
	return found;
}

/* The subject after the request's tag: "Re: [BPO-2027-0001] AKKOORD". */
static void read_subject(const char *subject, struct command *c)
{
	const char *tag = strstr(subject, "[BPO-");
	const char *after = tag ? strchr(tag, ']') : NULL;
	const char *rest;
	bool alone;

	if (!after)
		return;
	char *line = xstrdup(after + 1), *t = str_trim(line);
	const struct keyword *k = match_line(t, &rest, &alone);
	if (k) {
		c->cmd = k->cmd;
		c->from_subject = true;
		if (k->arg != ARG_NONE)
			c->text = value_or_null(rest);
	}
	free(line);
}

void command_read(const char *top, const char *subject, struct command *c)
{
	memset(c, 0, sizeof *c);
	c->cmd = CMD_OVERLEG;
	if (!read_body(top ? top : "", c) && subject)
		read_subject(subject, c);
	if (c->cmd == CMD_SOCO)
		read_soco_details(top ? top : "", c);
}

void command_free(struct command *c)
{
	free(c->text);
	free(c->startdatum);
	free(c->einddatum);
	free(c->uren);
	memset(c, 0, sizeof *c);
}
