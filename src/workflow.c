/* workflow.c: the BPO process of SPEC §1-2 as a table of rules, without I/O. */
#include <strings.h>

#include "workflow.h"
#include "util.h"

static const char *const status_names[ST_COUNT] = {
	[ST_NONE] = "",
	[ST_VOORLOPIG] = "BPO>voorlopige aanvraag",
	[ST_INCOMPLEET] = "BPO>aanvraag incompleet",
	[ST_AFGEWEZEN] = "BPO>afgewezen",
	[ST_INDIENEN] = "BPO>indienen SO-loket",
	[ST_DOORGEZET] = "BPO>doorgezet naar SO",
	[ST_UITVOERING] = "BPO>in uitvoering",
	[ST_AFGEROND] = "BPO>afgerond",
	[ST_INGETROKKEN] = "BPO>ingetrokken",
};

static const struct {
	const char *code;
	const char *name;
} roles[ROLE_COUNT] = {
	[ROLE_NONE] = { "", "onbekend" },
	[ROLE_IB] = { "ib", "intern begeleider" },
	[ROLE_TB] = { "tb", "trajectbegeleider" },
	[ROLE_OUDER] = { "ouder", "ouder/verzorger" },
	[ROLE_LOKET] = { "loket", "coördinator SO-loket" },
	[ROLE_SOCO] = { "soco", "SO-coördinator" },
	[ROLE_BPOER] = { "bpoer", "BPO-er" },
	[ROLE_BEHEER] = { "beheer", "beheerder" },
};

static const char *const cmd_names[CMD_COUNT] = {
	[CMD_OVERLEG] = "bericht",
	[CMD_FORM] = "aangevuld formulier",
	[CMD_AKKOORD] = "AKKOORD",
	[CMD_AFGEWEZEN] = "AFGEWEZEN",
	[CMD_INCOMPLEET] = "INCOMPLEET",
	[CMD_TOESTEMMING] = "TOESTEMMING",
	[CMD_GEEN_TOESTEMMING] = "GEEN TOESTEMMING",
	[CMD_SOCO] = "SO-coördinator",
	[CMD_BPOER] = "BPO-er",
	[CMD_AFGEROND] = "AFGEROND",
	[CMD_INTREKKEN] = "INTREKKEN",
	[CMD_STATUS] = "STATUS",
	[CMD_TOESTEMMING_INTREKKEN] = "TOESTEMMING INTREKKEN",
	[CMD_TB] = "Trajectbegeleider",
	[CMD_TERUG] = "TERUG",
	[CMD_STOPPEN] = "STOPPEN",
	[CMD_VERLENGING] = "VERLENGING",
	[CMD_VERLENGING_AKKOORD] = "VERLENGING AKKOORD",
	[CMD_VERLENGING_AFGEWEZEN] = "VERLENGING AFGEWEZEN",
};

/*
 * The rule table. A command by a role in the status "from" leads to "to";
 * a gate rule opens a gate of BPO>voorlopige aanvraag instead, after which
 * the request moves on by itself once no gate is waiting. "step" orders the
 * statuses along the main path, so that a command for a step that is
 * already behind the request is recognised as decided.
 */
enum effect {
	MOVE,          /* to the status "to" */
	OPEN_TB,       /* the trajectbegeleider's gate */
	OPEN_CONSENT,  /* the parents' consent gate */
};

/* The gate whose step a rule decides; once that gate no longer waits, the step is done. */
enum step_gate {
	NO_GATE,
	TB_GATE,       /* the trajectbegeleider's AKKOORD, AFGEWEZEN or INCOMPLEET */
	CONSENT_GATE,  /* TOESTEMMING or GEEN TOESTEMMING */
};

static const struct rule {
	enum status from;
	enum role role;
	enum cmd cmd;
	enum effect effect;
	enum status to;
	enum step_gate gate;
} rules[] = {
	{ ST_VOORLOPIG, ROLE_TB, CMD_AKKOORD, OPEN_TB, ST_VOORLOPIG, TB_GATE },
	{ ST_VOORLOPIG, ROLE_TB, CMD_AFGEWEZEN, MOVE, ST_AFGEWEZEN, TB_GATE },
	{ ST_VOORLOPIG, ROLE_TB, CMD_INCOMPLEET, MOVE, ST_INCOMPLEET, TB_GATE },
	{ ST_VOORLOPIG, ROLE_OUDER, CMD_TOESTEMMING, OPEN_CONSENT, ST_VOORLOPIG, CONSENT_GATE },
	{ ST_VOORLOPIG, ROLE_IB, CMD_TOESTEMMING, OPEN_CONSENT, ST_VOORLOPIG, CONSENT_GATE },
	{ ST_VOORLOPIG, ROLE_OUDER, CMD_GEEN_TOESTEMMING, MOVE, ST_INGETROKKEN, CONSENT_GATE },
	{ ST_VOORLOPIG, ROLE_IB, CMD_INTREKKEN, MOVE, ST_INGETROKKEN, NO_GATE },
	{ ST_INCOMPLEET, ROLE_IB, CMD_FORM, MOVE, ST_VOORLOPIG, NO_GATE },
	{ ST_INCOMPLEET, ROLE_IB, CMD_INTREKKEN, MOVE, ST_INGETROKKEN, NO_GATE },
	{ ST_INDIENEN, ROLE_LOKET, CMD_SOCO, MOVE, ST_DOORGEZET, NO_GATE },
	{ ST_INDIENEN, ROLE_LOKET, CMD_AFGEWEZEN, MOVE, ST_AFGEWEZEN, NO_GATE },
	{ ST_INDIENEN, ROLE_LOKET, CMD_INCOMPLEET, MOVE, ST_INCOMPLEET, NO_GATE },
	{ ST_INDIENEN, ROLE_IB, CMD_INTREKKEN, MOVE, ST_INGETROKKEN, NO_GATE },
	{ ST_DOORGEZET, ROLE_SOCO, CMD_BPOER, MOVE, ST_UITVOERING, NO_GATE },
	{ ST_DOORGEZET, ROLE_IB, CMD_INTREKKEN, MOVE, ST_INGETROKKEN, NO_GATE },
	{ ST_UITVOERING, ROLE_BPOER, CMD_AFGEROND, MOVE, ST_AFGEROND, NO_GATE },
};

/* Position along the main path; the final side exits count as the end. */
static int step(enum status s)
{
	switch (s) {
	case ST_NONE: return 0;
	case ST_VOORLOPIG: case ST_INCOMPLEET: return 1;
	case ST_INDIENEN: return 2;
	case ST_DOORGEZET: return 3;
	case ST_UITVOERING: return 4;
	default: return 5;
	}
}

/* How statuses are stored (the database's CHECK lists them too). */
static const char *const status_codes[ST_COUNT] = {
	[ST_NONE] = "",
	[ST_VOORLOPIG] = "voorlopig",
	[ST_INCOMPLEET] = "incompleet",
	[ST_AFGEWEZEN] = "afgewezen",
	[ST_INDIENEN] = "indienen",
	[ST_DOORGEZET] = "doorgezet",
	[ST_UITVOERING] = "uitvoering",
	[ST_AFGEROND] = "afgerond",
	[ST_INGETROKKEN] = "ingetrokken",
};

const char *status_name(enum status s)
{
	return s > ST_NONE && s < ST_COUNT ? status_names[s] : "";
}

const char *status_code(enum status s)
{
	return s > ST_NONE && s < ST_COUNT ? status_codes[s] : "";
}

enum status status_from_code(const char *code)
{
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++)
		if (strcmp(code, status_codes[s]) == 0)
			return (enum status)s;
	return ST_NONE;
}

enum status status_from_name(const char *name)
{
	const char *p = name;

	if (!strncasecmp(p, "BPO>", 4))
		p += 4;
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++)
		if (str_eq_nocase(p, status_names[s] + 4) || str_eq_nocase(p, status_codes[s]))
			return (enum status)s;
	return ST_NONE;
}

bool status_final(enum status s)
{
	return s == ST_AFGEWEZEN || s == ST_AFGEROND || s == ST_INGETROKKEN;
}

const char *role_code(enum role r)
{
	return r >= ROLE_NONE && r < ROLE_COUNT ? roles[r].code : "";
}

const char *role_name(enum role r)
{
	return r >= ROLE_NONE && r < ROLE_COUNT ? roles[r].name : roles[ROLE_NONE].name;
}

enum role role_from_code(const char *code)
{
	for (int r = ROLE_IB; r < ROLE_COUNT; r++)
		if (str_eq_nocase(code, roles[r].code))
			return (enum role)r;
	return ROLE_NONE;
}

const char *cmd_name(enum cmd c)
{
	return c >= CMD_OVERLEG && c < CMD_COUNT ? cmd_names[c] : "?";
}

enum role workflow_next_roles(enum status s, struct gates g, enum role out[2])
{
	out[0] = out[1] = ROLE_NONE;
	switch (s) {
	case ST_VOORLOPIG:
		if (g.tb == GATE_WAITING)
			out[0] = ROLE_TB;
		if (g.consent == GATE_WAITING)
			out[out[0] ? 1 : 0] = ROLE_OUDER;
		break;
	case ST_INCOMPLEET: out[0] = ROLE_IB; break;
	case ST_INDIENEN: out[0] = ROLE_LOKET; break;
	case ST_DOORGEZET: out[0] = ROLE_SOCO; break;
	case ST_UITVOERING: out[0] = ROLE_BPOER; break;
	default: break;
	}
	return out[0];
}

static enum status after_gates(struct gates g)
{
	return g.tb == GATE_WAITING || g.consent == GATE_WAITING ? ST_VOORLOPIG : ST_INDIENEN;
}

enum status workflow_start(struct gates *g, bool has_tb, bool needs_consent)
{
	g->tb = has_tb ? GATE_WAITING : GATE_NONE;
	g->consent = needs_consent ? GATE_WAITING : GATE_NONE;
	return after_gates(*g);
}

bool workflow_role_may(enum role r, enum cmd c)
{
	if (c == CMD_STATUS || c == CMD_OVERLEG)
		return r != ROLE_NONE;
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].role == r && rules[i].cmd == c)
			return true;
	return false;
}

/*
 * Whether the rule's step has already been taken: its gate no longer waits (an
 * AFGEWEZEN after the AKKOORD is a conflicting answer, SPEC §4) or the request
 * is past it.
 */
static bool rule_decided(const struct rule *rule, enum status s, struct gates g)
{
	if (rule->gate == TB_GATE && s == ST_VOORLOPIG)
		return g.tb != GATE_WAITING;
	if (rule->gate == CONSENT_GATE && s == ST_VOORLOPIG)
		return g.consent != GATE_WAITING;
	/* Withdrawal is no step of the path: once the work runs it is simply not possible. */
	if (rule->cmd == CMD_INTREKKEN)
		return false;
	return step(s) > step(rule->from);
}

static struct decision refuse(enum status s, struct gates g, enum refusal why)
{
	struct decision d = { .allowed = false, .why = why, .to = s, .gates = g };
	return d;
}

struct decision workflow_decide(enum status s, struct gates g, enum role r, enum cmd c)
{
	struct decision d = { .allowed = true, .to = s, .gates = g };
	bool role_known = false, decided = false, repeated = false;

	if (c == CMD_STATUS || c == CMD_OVERLEG)
		return r == ROLE_NONE ? refuse(s, g, REFUSE_ROLE) : d;
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct rule *rule = &rules[i];
		if (rule->role != r || rule->cmd != c)
			continue;
		role_known = true;
		if (rule->from == s && !rule_decided(rule, s, g)) {
			if (rule->effect == MOVE) {
				d.to = rule->to;
				return d;
			}
			if (rule->effect == OPEN_TB)
				d.gates.tb = GATE_OPEN;
			else
				d.gates.consent = GATE_OPEN;
			d.gate_closed = true;
			d.to = after_gates(d.gates);
			return d;
		}
		if (rule_decided(rule, s, g))
			decided = true;
		if (rule->effect == MOVE && rule->to == s)
			repeated = true;
	}
	if (!role_known)
		return refuse(s, g, REFUSE_ROLE);
	if (status_final(s))
		return refuse(s, g, repeated ? REFUSE_DECIDED : REFUSE_FINAL);
	if (decided)
		return refuse(s, g, REFUSE_DECIDED);
	return refuse(s, g, REFUSE_STATUS);
}
