/* workflow.c: the BPO process of bpomail(1) as a table of rules, without I/O. */
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

enum role workflow_joins_on_entry(enum status s)
{
	return s == ST_INDIENEN ? ROLE_LOKET : ROLE_NONE;
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

/* The rules -------------------------------------------------------------- */

#define S(s) (1u << (s))
#define R(r) (1u << (r))
#define BEFORE_WORK (S(ST_VOORLOPIG) | S(ST_INCOMPLEET) | S(ST_INDIENEN) | S(ST_DOORGEZET))
#define NOT_FINAL (BEFORE_WORK | S(ST_UITVOERING))

/* What must hold besides the status. */
enum guard {
	G_NONE,
	G_TB_WAITING,        /* the trajectbegeleider's step is open */
	G_TB_UNDECIDED,      /* ... or there is no trajectbegeleider yet */
	G_CONSENT_WAITING,   /* consent is asked */
	G_CONSENT_GIVEN,     /* consent was given */
	G_CONSENT_ASKED,     /* consent is asked or was given: a request about a pupil */
	G_EXTENSION_ASKED,   /* more hours or time were asked */
	G_NO_EXTENSION,      /* ... and none waits yet */
};

/* The step a rule decides: once the request is past it, it is "already decided". */
enum step {
	STEP_NONE,
	STEP_TB,         /* the trajectbegeleider's review */
	STEP_CONSENT,    /* the parents' consent */
	STEP_LOKET,      /* the SO-loket's choice at submission */
	STEP_SOCO,       /* the SO-coördinator's choice of the BPO-er */
};

/*
 * Every transition of the process (bpomail(1), Commands in mail): who may
 * give the command, in which statuses, under which guard; where it leads
 * (ST_NONE: the status stays, or follows from the gates); whether it needs a
 * reason; what else it does; what the history calls it. The first rule that
 * fits decides; the executor (execute.c) carries out the effects.
 */
static const struct rule {
	enum cmd cmd;
	unsigned roles;
	unsigned from;
	enum guard guard;
	enum status to;
	bool reason;
	unsigned effects;
	enum role person;        /* the role of the person a command names (FX_JOIN, FX_REPLACE) */
	const char *event;
	enum step step;
} rules[] = {
	/* The trajectbegeleider's step, or the SO-loket deciding it in their place. */
	{ CMD_AKKOORD, R(ROLE_TB) | R(ROLE_LOKET), S(ST_VOORLOPIG), G_TB_WAITING, ST_NONE, false,
	  FX_OPEN_TB, ROLE_NONE, "akkoord", STEP_TB },
	{ CMD_AFGEWEZEN, R(ROLE_TB) | R(ROLE_LOKET), S(ST_VOORLOPIG), G_TB_WAITING, ST_AFGEWEZEN, true,
	  0, ROLE_NONE, "afgewezen", STEP_TB },
	{ CMD_INCOMPLEET, R(ROLE_TB) | R(ROLE_LOKET), S(ST_VOORLOPIG), G_TB_WAITING, ST_INCOMPLEET,
	  true, FX_SEND_BACK, ROLE_TB, "incompleet", STEP_TB },
	{ CMD_TB, R(ROLE_LOKET), S(ST_VOORLOPIG), G_TB_UNDECIDED, ST_NONE, false,
	  FX_REPLACE | FX_WAIT_TB, ROLE_TB, "tb-vervangen", STEP_TB },
	/* Consent: given, refused, or withdrawn at any moment before the end. */
	{ CMD_TOESTEMMING, R(ROLE_OUDER) | R(ROLE_IB), S(ST_VOORLOPIG) | S(ST_INCOMPLEET),
	  G_CONSENT_WAITING, ST_NONE, false, FX_OPEN_CONSENT, ROLE_NONE, "toestemming", STEP_CONSENT },
	{ CMD_GEEN_TOESTEMMING, R(ROLE_OUDER), S(ST_VOORLOPIG) | S(ST_INCOMPLEET), G_CONSENT_WAITING,
	  ST_INGETROKKEN, false, 0, ROLE_NONE, "geen-toestemming", STEP_CONSENT },
	{ CMD_GEEN_TOESTEMMING, R(ROLE_OUDER), NOT_FINAL, G_CONSENT_GIVEN, ST_INGETROKKEN, false, 0,
	  ROLE_NONE, "toestemming-ingetrokken", STEP_NONE },
	{ CMD_TOESTEMMING_INTREKKEN, R(ROLE_OUDER), NOT_FINAL, G_CONSENT_ASKED, ST_INGETROKKEN, false,
	  0, ROLE_NONE, "toestemming-ingetrokken", STEP_NONE },
	/* The intern begeleider. */
	{ CMD_FORM, R(ROLE_IB), S(ST_INCOMPLEET), G_NONE, ST_NONE, false, 0, ROLE_NONE, "aangevuld",
	  STEP_NONE },
	{ CMD_INTREKKEN, R(ROLE_IB), BEFORE_WORK, G_NONE, ST_INGETROKKEN, true, 0, ROLE_NONE,
	  "ingetrokken", STEP_NONE },
	/* The SO-loket. */
	{ CMD_SOCO, R(ROLE_LOKET), S(ST_INDIENEN), G_NONE, ST_DOORGEZET, false, FX_JOIN | FX_GRANT,
	  ROLE_SOCO, "doorgezet", STEP_LOKET },
	{ CMD_SOCO, R(ROLE_LOKET), S(ST_DOORGEZET), G_NONE, ST_NONE, false, FX_REPLACE, ROLE_SOCO,
	  "soco-vervangen", STEP_NONE },
	{ CMD_AFGEWEZEN, R(ROLE_LOKET), S(ST_INDIENEN), G_NONE, ST_AFGEWEZEN, true, 0, ROLE_NONE,
	  "afgewezen", STEP_LOKET },
	{ CMD_INCOMPLEET, R(ROLE_LOKET), S(ST_INDIENEN), G_NONE, ST_INCOMPLEET, true, FX_SEND_BACK,
	  ROLE_LOKET, "incompleet", STEP_LOKET },
	{ CMD_STOPPEN, R(ROLE_LOKET), BEFORE_WORK, G_NONE, ST_INGETROKKEN, true, 0, ROLE_NONE,
	  "gestopt", STEP_NONE },
	{ CMD_STOPPEN, R(ROLE_LOKET) | R(ROLE_IB) | R(ROLE_SOCO), S(ST_UITVOERING), G_NONE,
	  ST_AFGEROND, true, FX_STOPPED_EARLY, ROLE_NONE, "gestopt", STEP_NONE },
	/* The SO-coördinator. */
	{ CMD_BPOER, R(ROLE_SOCO), S(ST_DOORGEZET), G_NONE, ST_UITVOERING, false, FX_JOIN, ROLE_BPOER,
	  "in-uitvoering", STEP_SOCO },
	{ CMD_BPOER, R(ROLE_SOCO), S(ST_UITVOERING), G_NONE, ST_NONE, false, FX_REPLACE, ROLE_BPOER,
	  "bpoer-vervangen", STEP_NONE },
	{ CMD_TERUG, R(ROLE_SOCO), S(ST_DOORGEZET), G_NONE, ST_INDIENEN, true, FX_LEAVE, ROLE_NONE,
	  "terug", STEP_NONE },
	/* More hours or time: asked during the work, decided by the SO-loket. */
	{ CMD_VERLENGING, R(ROLE_BPOER) | R(ROLE_SOCO) | R(ROLE_IB), S(ST_UITVOERING), G_NO_EXTENSION,
	  ST_NONE, false, FX_ASK_EXTENSION, ROLE_NONE, "verlenging-gevraagd", STEP_NONE },
	{ CMD_VERLENGING_AKKOORD, R(ROLE_LOKET), S(ST_UITVOERING), G_EXTENSION_ASKED, ST_NONE, false,
	  FX_GRANT_EXTENSION, ROLE_NONE, "verlenging-akkoord", STEP_NONE },
	{ CMD_VERLENGING_AFGEWEZEN, R(ROLE_LOKET), S(ST_UITVOERING), G_EXTENSION_ASKED, ST_NONE, true,
	  FX_END_EXTENSION, ROLE_NONE, "verlenging-afgewezen", STEP_NONE },
	/* The BPO-er. */
	{ CMD_AFGEROND, R(ROLE_BPOER), S(ST_UITVOERING), G_NONE, ST_AFGEROND, false, FX_HOURS_SPENT,
	  ROLE_NONE, "afgerond", STEP_NONE },
};

static bool guard_holds(enum guard g, const struct state *st)
{
	switch (g) {
	case G_NONE: return true;
	case G_TB_WAITING: return st->gates.tb == GATE_WAITING;
	case G_TB_UNDECIDED: return st->gates.tb != GATE_OPEN;
	case G_CONSENT_WAITING: return st->gates.consent == GATE_WAITING;
	case G_CONSENT_GIVEN: return st->gates.consent == GATE_OPEN;
	case G_CONSENT_ASKED: return st->gates.consent != GATE_NONE;
	case G_EXTENSION_ASKED: return st->extension_asked;
	case G_NO_EXTENSION: return !st->extension_asked;
	}
	return false;
}

/* Whether the request is past the step (bpomail(1): "a step is decided once"). */
static bool step_decided(enum step step, const struct state *st)
{
	enum status s = st->status;

	switch (step) {
	case STEP_TB: return st->gates.tb == GATE_OPEN && !status_final(s);
	case STEP_CONSENT: return st->gates.consent == GATE_OPEN && !status_final(s);
	case STEP_LOKET: return s == ST_DOORGEZET || s == ST_UITVOERING;
	case STEP_SOCO: return s == ST_UITVOERING;
	case STEP_NONE: break;
	}
	return false;
}

bool workflow_role_may(enum role r, enum cmd c)
{
	if (c == CMD_STATUS || c == CMD_OVERLEG)
		return r != ROLE_NONE;
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].cmd == c && (rules[i].roles & R(r)))
			return true;
	return false;
}

static struct decision refuse(const struct state *st, enum refusal why)
{
	struct decision d = { .allowed = false, .why = why, .to = st->status, .gates = st->gates };
	return d;
}

struct decision workflow_decide(struct state st, enum role r, enum cmd c)
{
	struct decision d = { .allowed = true, .to = st.status, .gates = st.gates };
	bool role_known = false, decided = false, repeated = false, guarded = false;

	if (c == CMD_STATUS || c == CMD_OVERLEG)
		return r == ROLE_NONE ? refuse(&st, REFUSE_ROLE) : d;
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct rule *rule = &rules[i];
		if (rule->cmd != c || !(rule->roles & R(r)))
			continue;
		role_known = true;
		if ((rule->from & S(st.status)) && guard_holds(rule->guard, &st)) {
			d.effects = rule->effects;
			d.person = rule->person;
			d.event = rule->event;
			d.reason = rule->reason;
			d.for_tb = r == ROLE_LOKET && (rule->roles & R(ROLE_TB));
			if (rule->effects & FX_OPEN_TB)
				d.gates.tb = GATE_OPEN;
			if (rule->effects & FX_WAIT_TB)
				d.gates.tb = GATE_WAITING;
			if (rule->effects & FX_OPEN_CONSENT)
				d.gates.consent = GATE_OPEN;
			d.gate_closed = (rule->effects & (FX_OPEN_TB | FX_OPEN_CONSENT)) != 0;
			if (rule->to != ST_NONE)
				d.to = rule->to;
			else if (d.gate_closed && st.status == ST_VOORLOPIG)
				d.to = after_gates(d.gates);
			return d;
		}
		if (rule->from & S(st.status))
			guarded = true;
		if (step_decided(rule->step, &st))
			decided = true;
		if (rule->to == st.status)
			repeated = true;
	}
	if (!role_known)
		return refuse(&st, REFUSE_ROLE);
	if (status_final(st.status))
		return refuse(&st, repeated ? REFUSE_DECIDED : REFUSE_FINAL);
	if (decided)
		return refuse(&st, REFUSE_DECIDED);
	if (guarded && (c == CMD_VERLENGING_AKKOORD || c == CMD_VERLENGING_AFGEWEZEN))
		return refuse(&st, REFUSE_NOTHING_ASKED);
	if (guarded && c == CMD_VERLENGING)
		return refuse(&st, REFUSE_ALREADY_ASKED);
	return refuse(&st, REFUSE_STATUS);
}

/* The steps the rules of (r, c) decide. */
static unsigned steps_of(enum role r, enum cmd c)
{
	unsigned steps = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].cmd == c && (rules[i].roles & R(r)) && rules[i].step != STEP_NONE)
			steps |= 1u << rules[i].step;
	return steps;
}

size_t workflow_deciding_events(struct state st, enum role r, enum cmd c, const char *out[],
				size_t max)
{
	unsigned steps = steps_of(r, c);
	bool final = status_final(st.status);
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rules) && n + 1 < max; i++) {
		const struct rule *rule = &rules[i];
		bool seen = false;
		if (final ? rule->to != st.status
			  : rule->step == STEP_NONE || !(steps & (1u << rule->step)))
			continue;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(out[k], rule->event) == 0;
		if (!seen)
			out[n++] = rule->event;
	}
	if (max)
		out[n] = NULL;
	return n;
}

enum status workflow_correct(struct state st, bool pupil_changed, bool has_tb, bool needs_consent,
			     struct gates *g)
{
	*g = st.gates;
	if (st.sent_back_by == ROLE_LOKET && !pupil_changed)
		return ST_INDIENEN;   /* the akkoord and the consent stand */
	g->tb = has_tb ? GATE_WAITING : GATE_NONE;
	if (!needs_consent)
		g->consent = GATE_NONE;
	else if (pupil_changed || st.gates.consent == GATE_NONE)
		g->consent = GATE_WAITING;
	return after_gates(*g);
}
