/* command.c: what a reply decides (bpomail(1), READING REPLIES): tables of commands, their plain Dutch forms and the words that undo a decision; the words of a line come from reply_line.c. */
#include <stddef.h>

#include "bounds.h"
#include "command.h"
#include "reply_line.h"
#include "utf8.h"
#include "util.h"

#define GREETING_MAX 60    /* bytes of a greeting line ("Beste Trajectbegeleider Noord,") */
#define PERSONAL_MAX 100   /* bytes of the one personal line a decision may follow */

#define R(role) (1u << (role))

enum arg {
	ARG_NONE,        /* nothing may follow: STATUS */
	ARG_REMARK,      /* a yes; a remark may follow; a negation or condition undoes it */
	ARG_NOTE,        /* a no or a stop without a required reason; anything may follow */
	ARG_REASON,      /* "COMMAND: reason"; the reason is required */
	ARG_PERSON,      /* "COMMAND: name or address" */
	ARG_EXTENSION,   /* "VERLENGING: reason", or its Uren: and Einddatum: lines */
};

/* The commands of bpomail(1), longest first: their words as folded, what follows (who gives them: workflow_role_may). */
static const struct command_def {
	enum cmd cmd;
	const char *words;
	enum arg arg;
	bool ends;          /* refuses, stops or hands back: a sentence using it clearly means it */
	enum cmd no;        /* for a yes: the refusal a negated yes means */
	bool spelling;      /* a two-word spelling of a one-word command: not looked for in sentences */
} commands[] = {
	{ CMD_TOESTEMMING_INTREKKEN, "toestemming intrekken", ARG_NOTE, true, CMD_OVERLEG, false },
	{ CMD_VERLENGING_AKKOORD, "verlenging akkoord", ARG_REMARK, false, CMD_VERLENGING_AFGEWEZEN, false },
	{ CMD_VERLENGING_AFGEWEZEN, "verlenging afgewezen", ARG_REASON, true, CMD_OVERLEG, false },
	{ CMD_GEEN_TOESTEMMING, "geen toestemming", ARG_NOTE, true, CMD_OVERLEG, false },
	{ CMD_SOCO, "so coordinator", ARG_PERSON, false, CMD_OVERLEG, true },
	{ CMD_BPOER, "bpo er", ARG_PERSON, false, CMD_OVERLEG, true },
	{ CMD_TOESTEMMING, "toestemming", ARG_REMARK, false, CMD_GEEN_TOESTEMMING, false },
	{ CMD_AKKOORD, "akkoord", ARG_REMARK, false, CMD_AFGEWEZEN, false },
	{ CMD_AFGEWEZEN, "afgewezen", ARG_REASON, true, CMD_OVERLEG, false },
	{ CMD_INCOMPLEET, "incompleet", ARG_REASON, true, CMD_OVERLEG, false },
	{ CMD_INTREKKEN, "intrekken", ARG_REASON, true, CMD_OVERLEG, false },
	{ CMD_SOCO, "socoordinator", ARG_PERSON, false, CMD_OVERLEG, false },
	{ CMD_BPOER, "bpoer", ARG_PERSON, false, CMD_OVERLEG, false },
	{ CMD_TB, "trajectbegeleider", ARG_PERSON, false, CMD_OVERLEG, false },
	{ CMD_AFGEROND, "afgerond", ARG_REMARK, false, CMD_OVERLEG, false },
	{ CMD_TERUG, "terug", ARG_REASON, true, CMD_OVERLEG, false },
	{ CMD_STOPPEN, "stoppen", ARG_REASON, true, CMD_OVERLEG, false },
	{ CMD_VERLENGING, "verlenging", ARG_EXTENSION, false, CMD_OVERLEG, false },
	{ CMD_STATUS, "status", ARG_NONE, false, CMD_OVERLEG, false },
};

/*
 * Short plain Dutch forms of a decision (bpomail(1), READING REPLIES): each is that decision,
 * for the roles whose step it is. Anything else that means it is asked back.
 */
static const struct plain_form {
	enum cmd cmd;
	unsigned roles;
	const char *words;
} plain_forms[] = {
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "ja akkoord" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "prima akkoord" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "ik ga akkoord" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "ja ik ga akkoord" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "ik ben akkoord" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "wij gaan akkoord" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "we gaan akkoord" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "akkoord van mijn kant" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "ziet er goed uit akkoord" },
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), "wat mij betreft akkoord" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "ik geef toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "ik geef mijn toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "ik geef hierbij toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "ja ik geef toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "wij geven toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "we geven toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "wij geven onze toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "wij geven hierbij toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "ja wij geven toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "ja we geven toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "hierbij geef ik toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER), "hierbij geven wij toestemming" },
	{ CMD_TOESTEMMING, R(ROLE_OUDER) | R(ROLE_IB), "toestemming gegeven" },
	{ CMD_TOESTEMMING, R(ROLE_IB), "de ouders hebben toestemming gegeven" },
	{ CMD_TOESTEMMING, R(ROLE_IB), "ouders hebben toestemming gegeven" },
	{ CMD_AFGEROND, R(ROLE_BPOER), "de begeleiding is afgerond" },
};

/*
 * Sentences that are about a decision without taking it, per role, first
 * match wins: "^" ties a pattern to the first word, "*" skips up to
 * GAP_MAX words, "word*" matches words that begin so. A refusal in a
 * sentence with a question mark is read as a question.
 */
static const struct pattern {
	unsigned roles;
	enum reading reading;
	enum cmd cmd;
	const char *words;
} patterns[] = {
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_TOESTEMMING_INTREKKEN, "trek* * toestemming * in" },
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_TOESTEMMING_INTREKKEN, "trek* * toestemming * terug" },
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_TOESTEMMING_INTREKKEN, "toestemming trek* * in" },
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_TOESTEMMING_INTREKKEN, "toestemming * terug" },
	{ R(ROLE_OUDER), READ_QUESTION, CMD_TOESTEMMING, "nog niet * akkoord" },
	{ R(ROLE_OUDER), READ_QUESTION, CMD_TOESTEMMING, "nog niet * eens" },
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_GEEN_TOESTEMMING, "^nee" },
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_GEEN_TOESTEMMING, "niet * akkoord" },
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_GEEN_TOESTEMMING, "niet * eens" },
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_GEEN_TOESTEMMING, "niet * meewerk*" },
	{ R(ROLE_OUDER), READ_REFUSAL, CMD_GEEN_TOESTEMMING, "liever niet" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_INCOMPLEET, "niet compleet" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_INCOMPLEET, "niet volledig" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_INCOMPLEET, "onvolledig" },
	{ R(ROLE_LOKET), READ_REFUSAL, CMD_VERLENGING_AFGEWEZEN, "geen verlenging" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_AFGEWEZEN, "^nee" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_AFGEWEZEN, "keur* * af" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_AFGEWEZEN, "wijs* * af" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_AFGEWEZEN, "wijz* * af" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_AFGEWEZEN, "afwijz*" },
	{ R(ROLE_TB) | R(ROLE_LOKET), READ_REFUSAL, CMD_AFGEWEZEN, "afgekeurd" },
	{ R(ROLE_LOKET), READ_REFUSAL, CMD_AFGEWEZEN, "niet toeken*" },
	{ R(ROLE_IB), READ_REFUSAL, CMD_INTREKKEN, "ingetrokken" },
	{ R(ROLE_IB), READ_REFUSAL, CMD_INTREKKEN, "trekken * in" },
	{ R(ROLE_SOCO), READ_QUESTION, CMD_TERUG, "kom* * terug" },
	{ R(ROLE_SOCO), READ_QUESTION, CMD_TERUG, "op terug" },
	{ R(ROLE_SOCO), READ_QUESTION, CMD_TERUG, "terugkom*" },
	{ R(ROLE_SOCO), READ_QUESTION, CMD_TERUG, "terugkoppel*" },
	{ R(ROLE_SOCO), READ_REFUSAL, CMD_TERUG, "niet * oppak*" },
	{ R(ROLE_SOCO), READ_REFUSAL, CMD_TERUG, "kunnen * niet" },
	{ R(ROLE_SOCO), READ_REFUSAL, CMD_TERUG, "niet * doen" },
	{ R(ROLE_SOCO), READ_REFUSAL, CMD_TERUG, "niets voor ons" },
	{ R(ROLE_SOCO), READ_REFUSAL, CMD_TERUG, "geen capaciteit" },
	{ R(ROLE_SOCO), READ_REFUSAL, CMD_TERUG, "geen bpoer*" },
	{ R(ROLE_IB) | R(ROLE_LOKET) | R(ROLE_SOCO), READ_REFUSAL, CMD_STOPPEN, "gestopt" },
	{ R(ROLE_IB) | R(ROLE_LOKET) | R(ROLE_SOCO), READ_REFUSAL, CMD_STOPPEN, "stopzet*" },
};

/* A yes that is not the decision itself ("Ja", "Prima", "Is goed"): asked back, never taken. */
static const struct vague_yes {
	enum role role;
	enum cmd cmd;
	const char *words;      /* first words, '|' between alternatives */
	const char *phrases;    /* phrases anywhere, '|' between alternatives */
} vague_yes[] = {
	{ ROLE_OUDER, CMD_TOESTEMMING, "ja|jazeker|jawel|prima|akkoord|ok|oke|okay|okee|goed|top|yes|zeker",
	  "is goed|mee eens|ermee eens|akkoord" },
	{ ROLE_TB, CMD_AKKOORD, "ja|jazeker|prima|ok|oke|okay|okee|goed|top|yes|uitstekend",
	  "is goed|goed zo|mee eens|ermee eens" },
	{ ROLE_BPOER, CMD_AFGEROND, "klaar", "is klaar" },
};

/* Words that make a line no yes: a negation, or a condition or delay. */
static const char *const negations[] = { "niet", "geen", "nee", "nooit", "niemand" };
static const char *const not_negations[] = {   /* "geen bezwaar" says yes */
	"geen bezwaar", "geen enkel bezwaar", "geen probleem", "geen opmerkingen", "geen opmerking",
	"geen vragen", "geen punt",
};
static const char *const delays[] = { "nog niet", "nog geen", "nog even niet" };
static const char *const conditions[] = {
	"pas", "eerst", "zodra", "mits", "tenzij", "voorwaarde", "voorwaarden", "maar", "behalve",
	"indien", "alleen als", "alleen wanneer", "alleen na", "nog niet", "nog geen",
};
/* A condition on a line after a yes undoes it too (bpomail(1), READING REPLIES); a mere "maar" there does not. */
static const char *const later_conditions[] = {
	"mits", "tenzij", "op voorwaarde", "onder voorwaarde", "pas als", "pas na", "pas wanneer",
	"alleen als", "alleen wanneer", "alleen na",
};
static const char *const greetings[] = {
	"beste", "hallo", "hoi", "hi", "hey", "dag", "goedemorgen", "goedemiddag", "goedenavond",
	"geachte", "lieve", "dear", "hello", "morgen", "middag",
};

/* A negation in words [from, to) that is not "geen bezwaar" or one of the command's own words. */
static bool negated(const struct line *l, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		bool neg = false, exempt = false;
		for (size_t k = 0; k < ARRAY_SIZE(negations) && !neg; k++)
			neg = strcmp(l->w[i].f, negations[k]) == 0;
		for (size_t k = 0; k < ARRAY_SIZE(not_negations) && neg && !exempt; k++)
			exempt = line_match_at(l, i, not_negations[k]) != 0;
		if (neg && !exempt)
			return true;
	}
	return false;
}

/* "Startdatum: ...", "Uren: ...": the field lines of SO-coördinator, VERLENGING and AFGEROND. */
static char **field_slot(struct command *c, const struct line *l)
{
	static const struct {
		const char *label;
		size_t offset;
	} fields[] = {
		{ "startdatum", offsetof(struct command, startdatum) },
		{ "start", offsetof(struct command, startdatum) },
		{ "einddatum", offsetof(struct command, einddatum) },
		{ "eind", offsetof(struct command, einddatum) },
		{ "uren", offsetof(struct command, uren) },
		{ "aantal uren", offsetof(struct command, uren) },
		{ "uur", offsetof(struct command, uren) },
		{ "definitief aantal uren", offsetof(struct command, uren) },
		{ "uren besteed", offsetof(struct command, uren_besteed) },
		{ "bestede uren", offsetof(struct command, uren_besteed) },
	};

	for (size_t k = 0; k < ARRAY_SIZE(fields); k++) {
		size_t end = line_match_at(l, 0, fields[k].label);
		if (end && line_after_word(l, end - 1) == ':')
			return (char **)((char *)c + fields[k].offset);
	}
	return NULL;
}

static bool is_field(struct command *c, struct text *t, size_t i)
{
	return field_slot(c, text_line(t, i)) != NULL;
}

static void read_fields(struct text *t, struct command *c)
{
	for (size_t i = 0; i < t->n; i++) {
		struct line *l = text_line(t, i);
		char **slot = field_slot(c, l);
		if (!slot || *slot)
			continue;
		const char *colon = memchr(l->p, ':', l->n);
		const char *v;
		size_t n = str_trim_len(colon + 1, l->n - (size_t)(colon + 1 - l->p), &v);
		if (n)
			*slot = xstrndup(v, n);
	}
}

/* Same-line text plus the following lines but field lines, trimmed and bounded; NULL when empty. */
static char *argument(struct command *c, struct text *t, size_t line, const char *rest, size_t rest_len)
{
	struct buf b = BUF_INIT;
	const char *start;
	size_t n;

	buf_add(&b, rest, rest_len);
	for (size_t i = line + 1; i < t->n; i++) {
		if (is_field(c, t, i))
			continue;
		buf_addc(&b, '\n');
		buf_add(&b, t->lines[i].p, t->lines[i].n);
	}
	n = str_trim_len(buf_str(&b), b.len, &start);
	char *out = n ? xstrndup(start, utf8_prefix_len(start, n, BOUND_REMARK)) : NULL;
	buf_free(&b);
	return out;
}

static bool later_condition(struct text *t, size_t line)
{
	for (size_t i = line + 1; i < t->n; i++) {
		struct line *l = text_line(t, i);
		if (line_has_any(l, 0, l->nw, later_conditions, ARRAY_SIZE(later_conditions)))
			return true;
	}
	return false;
}

/* Decisions ---------------------------------------------------------------- */

static bool role_has(unsigned roles, enum role role)
{
	return role == ROLE_NONE || (roles & R(role)) != 0;
}

static bool gives(const struct command_def *def, enum role role)
{
	return role == ROLE_NONE || workflow_role_may(role, def->cmd);
}

/* The command whose words begin the line, for this role, longest first. */
static const struct command_def *command_at_start(const struct line *l, enum role role, size_t *words)
{
	for (size_t k = 0; k < ARRAY_SIZE(commands); k++) {
		size_t end = gives(&commands[k], role) ? line_match_at(l, 0, commands[k].words) : 0;
		if (end) {
			*words = end;
			return &commands[k];
		}
	}
	return NULL;
}

static void set(struct command *c, enum reading r, enum cmd cmd, enum doubt why)
{
	c->reading = r;
	c->cmd = cmd;
	c->doubt = r == READ_DECISION ? DOUBT_NONE : why;
}

/* A yes with its remark: undone by a negation or condition on its line, or a condition after it. */
static void yes(struct command *c, struct text *t, size_t line, size_t words, enum cmd cmd)
{
	const struct line *l = text_line(t, line);
	size_t len;
	const char *rest = words < l->nw ? line_rest_after(l, words - 1, &len) : (len = 0, "");

	if (line_after_word(l, words - 1) == '?') {
		set(c, READ_QUESTION, cmd, DOUBT_QUESTION);
		return;
	}
	if (line_has_any(l, words, l->nw, conditions, ARRAY_SIZE(conditions)) || negated(l, words, l->nw) ||
	    later_condition(t, line)) {
		set(c, READ_QUESTION, cmd, DOUBT_CONDITION);
		return;
	}
	set(c, READ_DECISION, cmd, DOUBT_NONE);
	c->text = argument(c, t, line, rest, len);
}

/*
 * Reads one line as a decision. Returns false when it is not shaped like
 * one (then the line is read for what it is about); true when c is set: a
 * decision, or a command that decides nothing ("Akkoord?", "AFGEWEZEN."
 * without a reason).
 */
static bool decision(struct command *c, struct text *t, size_t line, enum role role)
{
	const struct line *l = text_line(t, line);
	size_t words = 0, len = 0;
	const struct command_def *def = command_at_start(l, role, &words);

	if (def) {
		char sep = line_after_word(l, words - 1);
		if (words < l->nw && !line_is_punctuation(sep))
			def = NULL;     /* "Akkoord gaan we pas als ...": a sentence, not a command */
	}
	if (def) {
		char sep = line_after_word(l, words - 1);
		const char *rest = words < l->nw ? line_rest_after(l, words - 1, &len) : "";
		c->exact = words == l->nw || sep == ':';
		if (sep == '?' && def->cmd != CMD_STATUS) {
			set(c, READ_QUESTION, def->cmd, DOUBT_QUESTION);
			return true;
		}
		switch (def->arg) {
		case ARG_NONE:
			set(c, words == l->nw ? READ_DECISION : READ_QUESTION, def->cmd, DOUBT_WORDS);
			return true;
		case ARG_REMARK:
			yes(c, t, line, words, def->cmd);
			return true;
		case ARG_PERSON: {
			const char *v;
			size_t n = str_trim_len(rest, len, &v);
			if (sep != ':' || memchr(rest, '?', len) ||
			    line_has_any(l, words, l->nw, conditions, ARRAY_SIZE(conditions)) ||
			    negated(l, words, l->nw)) {
				set(c, READ_QUESTION, def->cmd, sep != ':' ? DOUBT_WORDS
					: memchr(rest, '?', len) ? DOUBT_QUESTION : DOUBT_CONDITION);
				return true;
			}
			set(c, READ_DECISION, def->cmd, DOUBT_NONE);
			c->text = n ? xstrndup(v, utf8_prefix_len(v, n, BOUND_NAME)) : NULL;
			return true;
		}
		case ARG_EXTENSION:
		case ARG_REASON:
		case ARG_NOTE:
			c->text = argument(c, t, line, rest, len);
			if (!c->text && (def->arg == ARG_REASON ||
					 (def->arg == ARG_EXTENSION && !c->uren && !c->einddatum))) {
				set(c, READ_QUESTION, def->cmd, DOUBT_NO_REASON);
				return true;
			}
			set(c, READ_DECISION, def->cmd, DOUBT_NONE);
			return true;
		}
	}
	for (size_t k = 0; k < ARRAY_SIZE(plain_forms); k++) {
		const struct plain_form *f = &plain_forms[k];
		size_t end = role_has(f->roles, role) ? line_match_at(l, 0, f->words) : 0;
		if (!end)
			continue;
		yes(c, t, line, end, f->cmd);
		return true;
	}
	return false;
}

/* What it is about ----------------------------------------------------------- */

/* The longest command of the role whose words all stand in words [from, to) ("word*" matching). */
static const struct command_def *command_in(const struct line *l, size_t from, size_t to,
					    enum role role, bool with_status)
{
	const struct command_def *best = NULL;
	size_t best_words = 0;

	for (size_t k = 0; k < ARRAY_SIZE(commands); k++) {
		const struct command_def *def = &commands[k];
		char pattern[WORD_MAX + 1];
		size_t words = 0;
		bool all = gives(def, role) && !def->spelling &&
			   (with_status || def->cmd != CMD_STATUS);

		for (const char *p = def->words; *p && all; words++) {
			size_t n = strcspn(p, " ");
			snprintf(pattern, sizeof pattern, "%.*s*", (int)n, p);
			all = line_find_in(l, from, to, pattern) < to;
			p += n;
			while (*p == ' ')
				p++;
		}
		if (all && words > best_words) {
			best = def;
			best_words = words;
		}
	}
	return best;
}

/* The words of the sentence holding word i: between '.', '?' or '!' (the line when there are none). */
static void sentence_of(const struct line *l, size_t i, size_t *from, size_t *to)
{
	*from = i;
	while (*from > 0 && !strchr(".?!", line_after_word(l, *from - 1)))
		(*from)--;
	*to = i;
	while (*to < l->nw && !strchr(".?!", line_after_word(l, *to)))
		(*to)++;
	if (*to < l->nw)
		(*to)++;
}

static bool question_mark_in(const struct line *l, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (line_after_word(l, i) == '?')
			return true;
	return false;
}

/*
 * Reads a line that is no decision: a refusal, a question about one, a
 * vague yes; false: nothing. Lines further down (first is false) only ask:
 * a command word there is a question, never a refusal.
 */
static bool about(struct command *c, const struct line *l, enum role role, bool first)
{
	for (size_t k = 0; k < ARRAY_SIZE(patterns) && first; k++) {
		const struct pattern *p = &patterns[k];
		size_t at = role_has(p->roles, role) && role != ROLE_NONE ? line_find_in(l, 0, l->nw, p->words)
									 : l->nw;
		if (at == l->nw)
			continue;
		bool asked = question_mark_in(l, 0, l->nw);
		set(c, asked ? READ_QUESTION : p->reading, p->cmd, asked ? DOUBT_QUESTION : DOUBT_WORDS);
		return true;
	}
	for (size_t i = 0; i < l->nw; i++) {
		size_t from, to;
		sentence_of(l, i, &from, &to);
		const struct command_def *def = command_in(l, from, to, role, first);
		if (!def) {
			i = to - 1;
			continue;
		}
		if (!first)
			set(c, READ_QUESTION, def->cmd, DOUBT_FURTHER_DOWN);
		else if (question_mark_in(l, from, to))
			set(c, READ_QUESTION, def->cmd, DOUBT_QUESTION);
		else if (line_has_any(l, from, to, delays, ARRAY_SIZE(delays)))
			set(c, READ_QUESTION, def->cmd, DOUBT_CONDITION);
		else if (def->ends)
			set(c, READ_REFUSAL, def->cmd, DOUBT_WORDS);
		else if (def->no != CMD_OVERLEG && negated(l, from, to))
			set(c, READ_REFUSAL, def->no, DOUBT_WORDS);
		else
			set(c, READ_QUESTION, def->cmd, DOUBT_WORDS);
		return true;
	}
	for (size_t k = 0; k < ARRAY_SIZE(vague_yes) && first && l->nw; k++) {
		const struct vague_yes *v = &vague_yes[k];
		bool hit = v->role == role && line_is_one_of(l->w[0].f, v->words);
		for (const char *p = v->phrases; *p && !hit && v->role == role;) {
			size_t n = strcspn(p, "|");
			char phrase[WORD_MAX * 2];
			snprintf(phrase, sizeof phrase, "%.*s", (int)n, p);
			hit = line_find_in(l, 0, l->nw, phrase) < l->nw;
			p += n;
			if (*p)
				p++;
		}
		if (hit) {
			set(c, READ_QUESTION, v->cmd, DOUBT_VAGUE);
			return true;
		}
	}
	return false;
}

/* Greeting lines ("Beste Trajectbegeleider Noord,", "Hallo,", "Goedemorgen") come before what counts. */
static bool is_greeting(struct text *t, size_t i, enum role role)
{
	const struct line *l = text_line(t, i);
	size_t words;

	if (l->nw == 0 || t->lines[i].n > GREETING_MAX || command_at_start(l, role, &words))
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(greetings); k++)
		if (strcmp(l->w[0].f, greetings[k]) == 0)
			return l->nw <= 5 || strchr(",!", line_after_word(l, l->nw - 1));
	return false;
}

/* One short line before the decision ("Sorry voor de late reactie.") that says nothing of it. */
static bool is_personal(struct text *t, size_t i, enum role role)
{
	struct command probe = { 0 };
	const struct line *l = text_line(t, i);
	bool said = about(&probe, l, role, true);

	command_free(&probe);
	return t->lines[i].n <= PERSONAL_MAX && !said && !negated(l, 0, l->nw) &&
	       !line_has_any(l, 0, l->nw, conditions, ARRAY_SIZE(conditions));
}

static size_t next_nonblank(struct text *t, size_t i)
{
	while (i < t->n && text_blank(t, i))
		i++;
	return i;
}

/* A second, different decision on the lines right after the first one is a conflict. */
static void find_conflict(struct command *c, struct text *t, size_t line, enum role role)
{
	size_t i = line;

	for (int seen = 0; seen < BOUND_COMMAND_LINES - 1; seen++) {
		i = next_nonblank(t, i + 1);
		if (i >= t->n)
			return;
		struct command other = { 0 };
		size_t words;
		const struct line *l = text_line(t, i);
		const struct command_def *def = command_at_start(l, role, &words);
		/* only a command standing alone or with a colon: a reason may wrap onto "incompleet en ..." */
		if (def && (words == l->nw || line_after_word(l, words - 1) == ':') &&
		    decision(&other, t, i, role) && other.reading == READ_DECISION && other.cmd != c->cmd)
			c->conflict = other.cmd;
		command_free(&other);
		if (c->conflict)
			return;
	}
}

static void read_body(const char *top, enum role role, struct command *c)
{
	struct text t;
	size_t d0, d1;

	text_split(top, &t);
	read_fields(&t, c);
	d0 = next_nonblank(&t, 0);
	while (d0 < t.n && is_greeting(&t, d0, role))
		d0 = next_nonblank(&t, d0 + 1);
	if (d0 >= t.n)
		goto out;
	if (!is_field(c, &t, d0) && decision(c, &t, d0, role)) {
		if (c->reading == READ_DECISION)
			find_conflict(c, &t, d0, role);
		goto out;
	}
	d1 = is_personal(&t, d0, role) ? next_nonblank(&t, d0 + 1) : t.n;
	if (d1 < t.n && !is_field(c, &t, d1) && decision(c, &t, d1, role)) {
		if (c->reading == READ_DECISION)
			find_conflict(c, &t, d1, role);
		goto out;
	}
	/* No decision: the first lines, then the rest, for what they are about. */
	for (size_t i = d0; i < t.n; i++) {
		if (text_blank(&t, i) || is_field(c, &t, i))
			continue;
		if (about(c, text_line(&t, i), role, i == d0 || i == d1 || (i == d0 + 1 && !text_blank(&t, d0))))
			goto out;
	}
out:
	if (c->reading != READ_DECISION) {
		free(c->text);
		c->text = NULL;
		c->exact = false;
	}
	if (c->reading == READ_NOTHING)
		c->cmd = CMD_OVERLEG;
	text_free(&t);
}

/* The subject after the request's tag counts for a decision only: "Re: [BPO-2027-0001] AKKOORD". */
static void read_subject(const char *subject, enum role role, struct command *c)
{
	const char *tag = strstr(subject, "[BPO-");
	const char *after = tag ? strchr(tag, ']') : NULL;
	struct command s = { 0 };

	if (!after)
		return;
	char *line = xstrdup(after + 1), *one = str_trim(line);
	read_body(one, role, &s);
	if (s.reading == READ_DECISION) {
		command_free(c);
		*c = s;
		c->from_subject = true;
	} else {
		command_free(&s);
	}
	free(line);
}

void command_read(const char *top, const char *subject, enum role role, struct command *c)
{
	memset(c, 0, sizeof *c);
	c->cmd = CMD_OVERLEG;
	read_body(top ? top : "", role, c);
	if (c->reading == READ_NOTHING && subject)
		read_subject(subject, role, c);
}

void command_free(struct command *c)
{
	free(c->text);
	free(c->startdatum);
	free(c->einddatum);
	free(c->uren);
	free(c->uren_besteed);
	memset(c, 0, sizeof *c);
}

bool command_of_role(enum cmd cmd, enum role role)
{
	for (size_t k = 0; k < ARRAY_SIZE(commands); k++)
		if (commands[k].cmd == cmd && gives(&commands[k], role))
			return true;
	return false;
}

enum cmd command_yes_of_role(enum role role)
{
	for (size_t k = 0; k < ARRAY_SIZE(vague_yes); k++)
		if (vague_yes[k].role == role)
			return vague_yes[k].cmd;
	return CMD_OVERLEG;
}
