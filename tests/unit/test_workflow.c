/* test_workflow.c: every state x role x command against a model written from bpomail(1). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util.h"
#include "workflow.h"

/*
 * The expected rules, written out from bpomail(1) (Commands in mail)
 * independently of the rule table in workflow.c: one function per command,
 * in plain conditions.
 */
#define BEFORE_WORK(s) ((s) == ST_VOORLOPIG || (s) == ST_INCOMPLEET || (s) == ST_INDIENEN || \
			(s) == ST_DOORGEZET)

/* Who gives which command at all. */
static bool gives(enum role r, enum cmd c)
{
	switch (c) {
	case CMD_STATUS:
	case CMD_OVERLEG: return r != ROLE_NONE;
	case CMD_AKKOORD:
	case CMD_AFGEWEZEN:
	case CMD_INCOMPLEET: return r == ROLE_TB || r == ROLE_LOKET;
	case CMD_TB:
	case CMD_SOCO:
	case CMD_VERLENGING_AKKOORD:
	case CMD_VERLENGING_AFGEWEZEN: return r == ROLE_LOKET;
	case CMD_TOESTEMMING: return r == ROLE_OUDER || r == ROLE_IB;
	case CMD_GEEN_TOESTEMMING:
	case CMD_TOESTEMMING_INTREKKEN: return r == ROLE_OUDER;
	case CMD_FORM:
	case CMD_INTREKKEN: return r == ROLE_IB;
	case CMD_STOPPEN: return r == ROLE_LOKET || r == ROLE_IB || r == ROLE_SOCO;
	case CMD_BPOER:
	case CMD_TERUG: return r == ROLE_SOCO;
	case CMD_VERLENGING: return r == ROLE_BPOER || r == ROLE_SOCO || r == ROLE_IB;
	case CMD_AFGEROND: return r == ROLE_BPOER;
	case CMD_COUNT: break;
	}
	return false;
}

/* The trajectbegeleider's review is behind the request. */
static bool tb_step_done(struct state st)
{
	return st.gates.tb == GATE_OPEN && !status_final(st.status);
}

static bool consent_step_done(struct state st)
{
	return st.gates.consent == GATE_OPEN && !status_final(st.status);
}

static bool loket_step_done(struct state st)
{
	return st.status == ST_DOORGEZET || st.status == ST_UITVOERING;
}

static struct decision allow(struct state st, enum status to, unsigned fx, const char *event)
{
	struct decision d = { .allowed = true, .to = to == ST_NONE ? st.status : to,
			      .gates = st.gates, .effects = fx, .event = event };
	return d;
}

static struct decision deny(struct state st, enum refusal why)
{
	struct decision d = { .allowed = false, .why = why, .to = st.status, .gates = st.gates };
	return d;
}

/* A gate opens; in voorlopig the request moves on once no gate waits. */
static struct decision open_gate(struct state st, char gate, const char *event, unsigned fx)
{
	struct decision d = allow(st, ST_NONE, fx, event);

	if (gate == 'T')
		d.gates.tb = GATE_OPEN;
	else
		d.gates.consent = GATE_OPEN;
	d.gate_closed = true;
	if (st.status == ST_VOORLOPIG)
		d.to = d.gates.tb == GATE_WAITING || d.gates.consent == GATE_WAITING ? ST_VOORLOPIG
										  : ST_INDIENEN;
	return d;
}

/* Refused: a final status (decided when the command itself ends in it), a step behind, or not now. */
static struct decision refused(struct state st, bool ends_here, bool done)
{
	if (status_final(st.status))
		return deny(st, ends_here ? REFUSE_DECIDED : REFUSE_FINAL);
	return deny(st, done ? REFUSE_DECIDED : REFUSE_STATUS);
}

static struct decision tb_step(struct state st, enum role r, enum cmd c)
{
	struct decision d;
	bool tb_open = st.status == ST_VOORLOPIG && st.gates.tb == GATE_WAITING;
	bool loket_open = r == ROLE_LOKET && st.status == ST_INDIENEN;

	if (tb_open && c == CMD_AKKOORD) {
		d = open_gate(st, 'T', "akkoord", FX_OPEN_TB);
	} else if ((tb_open || loket_open) && c == CMD_AFGEWEZEN) {
		d = allow(st, ST_AFGEWEZEN, 0, "afgewezen");
		d.reason = true;
	} else if ((tb_open || loket_open) && c == CMD_INCOMPLEET) {
		d = allow(st, ST_INCOMPLEET, FX_SEND_BACK, "incompleet");
		d.reason = true;
		d.person = tb_open ? ROLE_TB : ROLE_LOKET;
	} else {
		return refused(st, c == CMD_AFGEWEZEN && st.status == ST_AFGEWEZEN,
			       tb_step_done(st) || (r == ROLE_LOKET && c != CMD_AKKOORD &&
						    loket_step_done(st)));
	}
	d.for_tb = tb_open && r == ROLE_LOKET;
	return d;
}

static struct decision consent(struct state st, enum cmd c)
{
	bool asked = st.status == ST_VOORLOPIG || st.status == ST_INCOMPLEET;
	bool waiting = st.gates.consent == GATE_WAITING, given = st.gates.consent == GATE_OPEN;
	bool ends_here = c != CMD_TOESTEMMING && st.status == ST_INGETROKKEN;

	if (c == CMD_TOESTEMMING && asked && waiting)
		return open_gate(st, 'C', "toestemming", FX_OPEN_CONSENT);
	if (c == CMD_GEEN_TOESTEMMING && asked && waiting)
		return allow(st, ST_INGETROKKEN, 0, "geen-toestemming");
	if (c != CMD_TOESTEMMING && !status_final(st.status) &&
	    (given || (c == CMD_TOESTEMMING_INTREKKEN && waiting)))
		return allow(st, ST_INGETROKKEN, 0, "toestemming-ingetrokken");
	return refused(st, ends_here, c != CMD_TOESTEMMING_INTREKKEN && consent_step_done(st));
}

static struct decision extension(struct state st, enum cmd c)
{
	struct decision d;

	if (st.status != ST_UITVOERING)
		return refused(st, false, false);
	if (c == CMD_VERLENGING)
		return st.extension_asked ? deny(st, REFUSE_ALREADY_ASKED)
					  : allow(st, ST_NONE, FX_ASK_EXTENSION, "verlenging-gevraagd");
	if (!st.extension_asked)
		return deny(st, REFUSE_NOTHING_ASKED);
	if (c == CMD_VERLENGING_AKKOORD)
		return allow(st, ST_NONE, FX_GRANT_EXTENSION, "verlenging-akkoord");
	d = allow(st, ST_NONE, FX_END_EXTENSION, "verlenging-afgewezen");
	d.reason = true;
	return d;
}

static struct decision named(struct state st, enum status to, unsigned fx, enum role person,
			     const char *event)
{
	struct decision d = allow(st, to, fx, event);

	d.person = person;
	return d;
}

static struct decision with_reason(struct decision d)
{
	d.reason = true;
	return d;
}

static struct decision expected(struct state st, enum role r, enum cmd c)
{
	enum status s = st.status;

	if (!gives(r, c))
		return deny(st, REFUSE_ROLE);
	switch (c) {
	case CMD_STATUS:
	case CMD_OVERLEG:
		return allow(st, ST_NONE, 0, NULL);
	case CMD_AKKOORD:
	case CMD_AFGEWEZEN:
	case CMD_INCOMPLEET:
		return tb_step(st, r, c);
	case CMD_TB:
		if (s == ST_VOORLOPIG && st.gates.tb != GATE_OPEN) {
			struct decision d = named(st, ST_NONE, FX_REPLACE | FX_WAIT_TB, ROLE_TB,
						  "tb-vervangen");
			d.gates.tb = GATE_WAITING;
			return d;
		}
		return refused(st, false, tb_step_done(st));
	case CMD_TOESTEMMING:
	case CMD_GEEN_TOESTEMMING:
	case CMD_TOESTEMMING_INTREKKEN:
		return consent(st, c);
	case CMD_FORM:
		return s == ST_INCOMPLEET ? allow(st, ST_NONE, 0, "aangevuld") : refused(st, false, false);
	case CMD_INTREKKEN:
		return BEFORE_WORK(s) ? with_reason(allow(st, ST_INGETROKKEN, 0, "ingetrokken"))
				      : refused(st, s == ST_INGETROKKEN, false);
	case CMD_SOCO:
		if (s == ST_INDIENEN)
			return named(st, ST_DOORGEZET, FX_JOIN | FX_GRANT, ROLE_SOCO, "doorgezet");
		if (s == ST_DOORGEZET)
			return named(st, ST_NONE, FX_REPLACE, ROLE_SOCO, "soco-vervangen");
		return refused(st, false, loket_step_done(st));
	case CMD_STOPPEN:
		if (r == ROLE_LOKET && BEFORE_WORK(s))
			return with_reason(allow(st, ST_INGETROKKEN, 0, "gestopt"));
		if (s == ST_UITVOERING)
			return with_reason(allow(st, ST_AFGEROND, FX_STOPPED_EARLY, "gestopt"));
		return refused(st, s == ST_AFGEROND || (r == ROLE_LOKET && s == ST_INGETROKKEN), false);
	case CMD_BPOER:
		if (s == ST_DOORGEZET)
			return named(st, ST_UITVOERING, FX_JOIN, ROLE_BPOER, "in-uitvoering");
		if (s == ST_UITVOERING)
			return named(st, ST_NONE, FX_REPLACE, ROLE_BPOER, "bpoer-vervangen");
		return refused(st, false, false);
	case CMD_TERUG:
		return s == ST_DOORGEZET ? with_reason(allow(st, ST_INDIENEN, FX_LEAVE, "terug"))
					 : refused(st, false, false);
	case CMD_VERLENGING:
	case CMD_VERLENGING_AKKOORD:
	case CMD_VERLENGING_AFGEWEZEN:
		return extension(st, c);
	case CMD_AFGEROND:
		return s == ST_UITVOERING ? allow(st, ST_AFGEROND, FX_HOURS_SPENT, "afgerond")
					  : refused(st, s == ST_AFGEROND, false);
	case CMD_COUNT:
		break;
	}
	return deny(st, REFUSE_ROLE);
}

static const char *const st_label[ST_COUNT] = {
	"none", "voorlopig", "incompleet", "afgewezen", "indienen", "doorgezet", "uitvoering",
	"afgerond", "ingetrokken",
};
static const char *const role_label[ROLE_COUNT] = {
	"none", "ib", "tb", "ouder", "loket", "soco", "bpoer", "beheer",
};
static const char *const cmd_label[CMD_COUNT] = {
	"overleg", "form", "akkoord", "afgewezen", "incompleet", "toestemming", "geen-toestemming",
	"soco", "bpoer", "afgerond", "intrekken", "status", "toestemming-intrekken", "tb", "terug",
	"stoppen", "verlenging", "verlenging-akkoord", "verlenging-afgewezen",
};
static const char *const why_label[] = {
	"none", "role", "status", "decided", "final", "nothing-asked", "already-asked",
};
static const char *const gate_label[] = { "none", "waiting", "open" };

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int compare(struct state st, enum role r, enum cmd c)
{
	struct decision want = expected(st, r, c);
	struct decision got = workflow_decide(st, r, c);

	if (got.allowed == want.allowed && got.why == want.why && got.to == want.to &&
	    got.gates.tb == want.gates.tb && got.gates.consent == want.gates.consent &&
	    got.gate_closed == want.gate_closed && (!want.allowed ||
	    (got.effects == want.effects && got.person == want.person && same(got.event, want.event) &&
	     got.reason == want.reason && got.for_tb == want.for_tb)))
		return 0;
	print_error("%s [tb %s, consent %s, back %s%s] %s %s: got %s/%s -> %s [%s,%s]%s fx %#x "
		    "%s %s%s%s, want %s/%s -> %s [%s,%s]%s fx %#x %s %s%s%s\n",
		    st_label[st.status], gate_label[st.gates.tb], gate_label[st.gates.consent],
		    role_label[st.sent_back_by], st.extension_asked ? ", ext" : "", role_label[r],
		    cmd_label[c], got.allowed ? "allowed" : "refused", why_label[got.why],
		    st_label[got.to], gate_label[got.gates.tb], gate_label[got.gates.consent],
		    got.gate_closed ? " gate" : "", got.effects, role_label[got.person],
		    got.event ? got.event : "-", got.reason ? " reason" : "", got.for_tb ? " for-tb" : "",
		    want.allowed ? "allowed" : "refused", why_label[want.why], st_label[want.to],
		    gate_label[want.gates.tb], gate_label[want.gates.consent],
		    want.gate_closed ? " gate" : "", want.effects, role_label[want.person],
		    want.event ? want.event : "-", want.reason ? " reason" : "",
		    want.for_tb ? " for-tb" : "");
	return 1;
}

/* Calls fn for every state the rules look at: status x gates x who sent it back x extension. */
static int each_state(int (*fn)(struct state, void *), void *arg)
{
	static const enum gate_state gs[] = { GATE_WAITING, GATE_OPEN, GATE_NONE };
	static const enum role back[] = { ROLE_NONE, ROLE_TB, ROLE_LOKET };
	int sum = 0;

	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++)
		for (size_t t = 0; t < ARRAY_SIZE(gs); t++)
			for (size_t k = 0; k < ARRAY_SIZE(gs); k++)
				for (size_t b = 0; b < ARRAY_SIZE(back); b++)
					for (int e = 0; e < 2; e++) {
						struct state st = { (enum status)s, { gs[t], gs[k] },
								    back[b], e != 0 };
						sum += fn(st, arg);
					}
	return sum;
}

struct tally {
	int n, bad, allowed;
	unsigned effects;          /* every effect some allowed decision has */
};

static int compare_all(struct state st, void *arg)
{
	struct tally *t = arg;

	for (int r = ROLE_NONE; r < ROLE_COUNT; r++)
		for (int c = CMD_OVERLEG; c < CMD_COUNT; c++) {
			struct decision d = expected(st, (enum role)r, (enum cmd)c);
			t->bad += compare(st, (enum role)r, (enum cmd)c);
			t->allowed += d.allowed;
			if (d.allowed)
				t->effects |= d.effects;
			t->n++;
		}
	return 0;
}

/* Every status x gates x sent back by x extension asked x role x command. */
static void test_decide_exhaustive(void **state)
{
	struct tally t = { 0 };

	(void)state;
	each_state(compare_all, &t);
	assert_int_equal(t.n, 8 * 9 * 3 * 2 * ROLE_COUNT * CMD_COUNT);
	assert_true(t.allowed > 0);
	/* every effect is reachable */
	assert_int_equal(t.effects, (unsigned)(FX_HOURS_SPENT << 1) - 1);
	if (t.bad)
		fail_msg("%d of %d decisions differ from the model", t.bad, t.n);
}

static struct decision dec(enum status s, struct gates g, enum role r, enum cmd c)
{
	struct state st = { s, g, ROLE_NONE, false };
	return workflow_decide(st, r, c);
}

/* The refusal kinds, spelled out once more by hand. */
static void test_decide_examples(void **state)
{
	struct gates ww = { GATE_WAITING, GATE_WAITING }, ow = { GATE_OPEN, GATE_WAITING };
	struct gates wo = { GATE_WAITING, GATE_OPEN }, oo = { GATE_OPEN, GATE_OPEN };
	struct decision d;

	(void)state;
	d = dec(ST_VOORLOPIG, ww, ROLE_TB, CMD_AKKOORD);
	assert_true(d.allowed);
	assert_int_equal(d.to, ST_VOORLOPIG);
	assert_int_equal(d.gates.tb, GATE_OPEN);
	assert_true(d.gate_closed);
	assert_string_equal(d.event, "akkoord");
	/* A second AKKOORD. */
	assert_int_equal(dec(ST_VOORLOPIG, ow, ROLE_TB, CMD_AKKOORD).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_VOORLOPIG, wo, ROLE_OUDER, CMD_TOESTEMMING).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_INDIENEN, oo, ROLE_TB, CMD_AKKOORD).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_UITVOERING, oo, ROLE_LOKET, CMD_SOCO).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_DOORGEZET, oo, ROLE_LOKET, CMD_AFGEWEZEN).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_VOORLOPIG, ww, ROLE_LOKET, CMD_SOCO).why, REFUSE_STATUS);
	assert_int_equal(dec(ST_INDIENEN, oo, ROLE_SOCO, CMD_BPOER).why, REFUSE_STATUS);
	assert_int_equal(dec(ST_INDIENEN, oo, ROLE_TB, CMD_SOCO).why, REFUSE_ROLE);
	assert_int_equal(dec(ST_INDIENEN, oo, ROLE_BEHEER, CMD_AKKOORD).why, REFUSE_ROLE);
	assert_int_equal(dec(ST_AFGEWEZEN, oo, ROLE_LOKET, CMD_AFGEWEZEN).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_AFGEWEZEN, oo, ROLE_LOKET, CMD_SOCO).why, REFUSE_FINAL);
	assert_int_equal(dec(ST_AFGEROND, oo, ROLE_BPOER, CMD_AFGEROND).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_AFGEROND, oo, ROLE_IB, CMD_INTREKKEN).why, REFUSE_FINAL);
	assert_int_equal(dec(ST_INGETROKKEN, wo, ROLE_OUDER, CMD_GEEN_TOESTEMMING).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_INGETROKKEN, ww, ROLE_OUDER, CMD_TOESTEMMING).why, REFUSE_FINAL);
	/* STATUS and OVERLEG: everyone but nobody, in every status, changing nothing. */
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++) {
		d = dec((enum status)s, ww, ROLE_BEHEER, CMD_STATUS);
		assert_true(d.allowed);
		assert_int_equal(d.to, s);
		d = dec((enum status)s, ww, ROLE_OUDER, CMD_OVERLEG);
		assert_true(d.allowed);
		assert_int_equal(d.to, s);
		assert_false(d.gate_closed);
		assert_int_equal(dec((enum status)s, ww, ROLE_NONE, CMD_STATUS).why, REFUSE_ROLE);
	}
}

/*
 * Bug: a trajectbegeleider's AFGEWEZEN or INCOMPLEET after their own AKKOORD
 * (still waiting for consent) was carried out; a step is decided once.
 */
static void test_bug_conflicting_answer_after_gate(void **state)
{
	struct gates ow = { GATE_OPEN, GATE_WAITING }, wo = { GATE_WAITING, GATE_OPEN };
	struct decision d;

	(void)state;
	d = dec(ST_VOORLOPIG, ow, ROLE_TB, CMD_AFGEWEZEN);
	assert_false(d.allowed);
	assert_int_equal(d.why, REFUSE_DECIDED);
	assert_int_equal(d.to, ST_VOORLOPIG);
	assert_int_equal(dec(ST_VOORLOPIG, ow, ROLE_TB, CMD_INCOMPLEET).why, REFUSE_DECIDED);
	/* While the gate still waits they are carried out. */
	assert_int_equal(dec(ST_VOORLOPIG, wo, ROLE_TB, CMD_AFGEWEZEN).to, ST_AFGEWEZEN);
	assert_int_equal(dec(ST_VOORLOPIG, ow, ROLE_OUDER, CMD_GEEN_TOESTEMMING).to, ST_INGETROKKEN);
}

/* Consent can be withdrawn at any moment before the end (bpomail(1), Privacy). */
static void test_consent_withdrawn(void **state)
{
	struct gates oo = { GATE_OPEN, GATE_OPEN }, on = { GATE_OPEN, GATE_NONE };
	struct gates wo = { GATE_WAITING, GATE_OPEN };
	static const enum status running[] = { ST_VOORLOPIG, ST_INCOMPLEET, ST_INDIENEN,
					       ST_DOORGEZET, ST_UITVOERING };
	struct decision d;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(running); i++) {
		struct gates g = running[i] == ST_VOORLOPIG || running[i] == ST_INCOMPLEET ? wo : oo;
		d = dec(running[i], g, ROLE_OUDER, CMD_GEEN_TOESTEMMING);
		assert_true(d.allowed);
		assert_int_equal(d.to, ST_INGETROKKEN);
		assert_string_equal(d.event, "toestemming-ingetrokken");
		d = dec(running[i], g, ROLE_OUDER, CMD_TOESTEMMING_INTREKKEN);
		assert_true(d.allowed);
		assert_int_equal(d.to, ST_INGETROKKEN);
		/* Nobody else can withdraw the parents' consent. */
		assert_int_equal(dec(running[i], g, ROLE_IB, CMD_TOESTEMMING_INTREKKEN).why, REFUSE_ROLE);
	}
	/* A request about a group never asked for consent. */
	assert_int_equal(dec(ST_UITVOERING, on, ROLE_OUDER, CMD_TOESTEMMING_INTREKKEN).why,
			 REFUSE_STATUS);
	assert_int_equal(dec(ST_AFGEROND, oo, ROLE_OUDER, CMD_TOESTEMMING_INTREKKEN).why, REFUSE_FINAL);
	assert_int_equal(dec(ST_INGETROKKEN, oo, ROLE_OUDER, CMD_TOESTEMMING_INTREKKEN).why,
			 REFUSE_DECIDED);
}

/* INTREKKEN only before BPO>in uitvoering; after that the request is stopped (STOPPEN). */
static void test_intrekken_and_stoppen(void **state)
{
	struct gates oo = { GATE_OPEN, GATE_OPEN };
	struct decision d = dec(ST_UITVOERING, oo, ROLE_IB, CMD_INTREKKEN);

	(void)state;
	assert_false(d.allowed);
	assert_int_equal(d.why, REFUSE_STATUS);
	assert_true(dec(ST_DOORGEZET, oo, ROLE_IB, CMD_INTREKKEN).allowed);
	assert_int_equal(dec(ST_INGETROKKEN, oo, ROLE_IB, CMD_INTREKKEN).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_AFGEROND, oo, ROLE_IB, CMD_INTREKKEN).why, REFUSE_FINAL);
	d = dec(ST_UITVOERING, oo, ROLE_IB, CMD_STOPPEN);
	assert_true(d.allowed && d.reason);
	assert_int_equal(d.to, ST_AFGEROND);
	assert_true(d.effects & FX_STOPPED_EARLY);
	d = dec(ST_DOORGEZET, oo, ROLE_LOKET, CMD_STOPPEN);
	assert_true(d.allowed);
	assert_int_equal(d.to, ST_INGETROKKEN);
	assert_false(d.effects & FX_STOPPED_EARLY);
	assert_int_equal(dec(ST_DOORGEZET, oo, ROLE_SOCO, CMD_STOPPEN).why, REFUSE_STATUS);
	assert_int_equal(dec(ST_UITVOERING, oo, ROLE_BPOER, CMD_STOPPEN).why, REFUSE_ROLE);
}

/* The SO-loket in the trajectbegeleider's place, and another trajectbegeleider. */
static void test_loket_for_tb(void **state)
{
	struct gates ww = { GATE_WAITING, GATE_WAITING }, ow = { GATE_OPEN, GATE_WAITING };
	struct gates nw = { GATE_NONE, GATE_WAITING };
	struct decision d;

	(void)state;
	d = dec(ST_VOORLOPIG, ww, ROLE_LOKET, CMD_AKKOORD);
	assert_true(d.allowed && d.for_tb && d.gate_closed);
	assert_int_equal(d.gates.tb, GATE_OPEN);
	d = dec(ST_VOORLOPIG, ww, ROLE_LOKET, CMD_INCOMPLEET);
	assert_true(d.allowed && d.for_tb);
	assert_int_equal(d.person, ROLE_TB);     /* the correction goes to the trajectbegeleider again */
	d = dec(ST_INDIENEN, ww, ROLE_LOKET, CMD_INCOMPLEET);
	assert_true(d.allowed && !d.for_tb);
	assert_int_equal(d.person, ROLE_LOKET);
	d = dec(ST_VOORLOPIG, ww, ROLE_LOKET, CMD_TB);
	assert_true(d.allowed);
	assert_int_equal(d.effects, FX_REPLACE | FX_WAIT_TB);
	assert_int_equal(d.to, ST_VOORLOPIG);
	/* No trajectbegeleider yet: one is added and asked. */
	d = dec(ST_VOORLOPIG, nw, ROLE_LOKET, CMD_TB);
	assert_true(d.allowed);
	assert_int_equal(d.gates.tb, GATE_WAITING);
	/* The trajectbegeleider's step is done: too late for another. */
	assert_int_equal(dec(ST_VOORLOPIG, ow, ROLE_LOKET, CMD_TB).why, REFUSE_DECIDED);
	assert_int_equal(dec(ST_INCOMPLEET, ww, ROLE_LOKET, CMD_TB).why, REFUSE_STATUS);
}

/* Replacements, handing back, more time. */
static void test_after_start(void **state)
{
	struct gates oo = { GATE_OPEN, GATE_OPEN };
	struct state asked = { ST_UITVOERING, { GATE_OPEN, GATE_OPEN }, ROLE_NONE, true };
	struct decision d;

	(void)state;
	d = dec(ST_DOORGEZET, oo, ROLE_LOKET, CMD_SOCO);
	assert_true(d.allowed);
	assert_int_equal(d.effects, FX_REPLACE);
	assert_int_equal(d.person, ROLE_SOCO);
	assert_int_equal(d.to, ST_DOORGEZET);
	d = dec(ST_UITVOERING, oo, ROLE_SOCO, CMD_BPOER);
	assert_int_equal(d.effects, FX_REPLACE);
	assert_int_equal(d.person, ROLE_BPOER);
	d = dec(ST_DOORGEZET, oo, ROLE_SOCO, CMD_TERUG);
	assert_true(d.allowed && d.reason);
	assert_int_equal(d.to, ST_INDIENEN);
	assert_int_equal(d.effects, FX_LEAVE);
	assert_int_equal(dec(ST_UITVOERING, oo, ROLE_SOCO, CMD_TERUG).why, REFUSE_STATUS);
	for (int r = ROLE_IB; r < ROLE_COUNT; r++) {
		bool may = r == ROLE_BPOER || r == ROLE_SOCO || r == ROLE_IB;
		d = dec(ST_UITVOERING, oo, (enum role)r, CMD_VERLENGING);
		assert_int_equal(d.allowed, may);
		if (may)
			assert_int_equal(workflow_decide(asked, (enum role)r, CMD_VERLENGING).why,
					 REFUSE_ALREADY_ASKED);
	}
	assert_int_equal(dec(ST_UITVOERING, oo, ROLE_LOKET, CMD_VERLENGING_AKKOORD).why,
			 REFUSE_NOTHING_ASKED);
	assert_true(workflow_decide(asked, ROLE_LOKET, CMD_VERLENGING_AKKOORD).allowed);
	d = workflow_decide(asked, ROLE_LOKET, CMD_VERLENGING_AFGEWEZEN);
	assert_true(d.allowed && d.reason);
	assert_int_equal(d.to, ST_UITVOERING);
	d = dec(ST_UITVOERING, oo, ROLE_BPOER, CMD_AFGEROND);
	assert_int_equal(d.effects, FX_HOURS_SPENT);
}

/* Where a corrected request goes: back to whoever sent it back, keeping what stands. */
static void test_correct(void **state)
{
	struct state by_loket = { ST_INCOMPLEET, { GATE_OPEN, GATE_OPEN }, ROLE_LOKET, false };
	struct state by_tb = { ST_INCOMPLEET, { GATE_WAITING, GATE_OPEN }, ROLE_TB, false };
	struct state by_tb_early = { ST_INCOMPLEET, { GATE_WAITING, GATE_WAITING }, ROLE_TB, false };
	struct gates g;

	(void)state;
	/* The SO-loket sent it back: straight back to it, akkoord and consent stand. */
	assert_int_equal(workflow_correct(by_loket, false, true, true, &g), ST_INDIENEN);
	assert_int_equal(g.tb, GATE_OPEN);
	assert_int_equal(g.consent, GATE_OPEN);
	/* ... unless the pupil changed: both gates again. */
	assert_int_equal(workflow_correct(by_loket, true, true, true, &g), ST_VOORLOPIG);
	assert_int_equal(g.tb, GATE_WAITING);
	assert_int_equal(g.consent, GATE_WAITING);
	/* The trajectbegeleider sent it back: only the trajectbegeleider is asked again. */
	assert_int_equal(workflow_correct(by_tb, false, true, true, &g), ST_VOORLOPIG);
	assert_int_equal(g.tb, GATE_WAITING);
	assert_int_equal(g.consent, GATE_OPEN);
	assert_int_equal(workflow_correct(by_tb_early, false, true, true, &g), ST_VOORLOPIG);
	assert_int_equal(g.consent, GATE_WAITING);
	/* Level changed to groep: no consent; no trajectbegeleider named: no gate. */
	assert_int_equal(workflow_correct(by_tb, false, false, false, &g), ST_INDIENEN);
	assert_int_equal(g.tb, GATE_NONE);
	assert_int_equal(g.consent, GATE_NONE);
	/* Level changed to leerling: consent is asked for the first time. */
	by_tb.gates.consent = GATE_NONE;
	assert_int_equal(workflow_correct(by_tb, false, true, true, &g), ST_VOORLOPIG);
	assert_int_equal(g.consent, GATE_WAITING);
}

static void test_gates_both_orders(void **state)
{
	struct gates g;
	struct decision d;

	(void)state;
	/* Trajectbegeleider first, then the parents. */
	assert_int_equal(workflow_start(&g, true, true), ST_VOORLOPIG);
	d = dec(ST_VOORLOPIG, g, ROLE_TB, CMD_AKKOORD);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_VOORLOPIG);
	assert_int_equal(d.gates.tb, GATE_OPEN);
	assert_int_equal(d.gates.consent, GATE_WAITING);
	d = dec(d.to, d.gates, ROLE_OUDER, CMD_TOESTEMMING);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_INDIENEN);
	assert_int_equal(d.gates.tb, GATE_OPEN);
	assert_int_equal(d.gates.consent, GATE_OPEN);

	/* Consent first (from the ib), then the trajectbegeleider. */
	assert_int_equal(workflow_start(&g, true, true), ST_VOORLOPIG);
	d = dec(ST_VOORLOPIG, g, ROLE_IB, CMD_TOESTEMMING);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_VOORLOPIG);
	assert_int_equal(d.gates.tb, GATE_WAITING);
	assert_int_equal(d.gates.consent, GATE_OPEN);
	d = dec(d.to, d.gates, ROLE_TB, CMD_AKKOORD);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_INDIENEN);

	/* One gate only: it moves on at once. */
	assert_int_equal(workflow_start(&g, true, false), ST_VOORLOPIG);
	d = dec(ST_VOORLOPIG, g, ROLE_TB, CMD_AKKOORD);
	assert_int_equal(d.to, ST_INDIENEN);
	assert_int_equal(d.gates.consent, GATE_NONE);
	assert_int_equal(workflow_start(&g, false, true), ST_VOORLOPIG);
	d = dec(ST_VOORLOPIG, g, ROLE_OUDER, CMD_TOESTEMMING);
	assert_int_equal(d.to, ST_INDIENEN);
	assert_int_equal(d.gates.tb, GATE_NONE);
	d = dec(ST_VOORLOPIG, g, ROLE_TB, CMD_INCOMPLEET);
	assert_false(d.allowed);   /* no trajectbegeleider on this request */

	/* Consent while the ib completes the request: the status stays. */
	assert_int_equal(workflow_start(&g, true, true), ST_VOORLOPIG);
	d = dec(ST_VOORLOPIG, g, ROLE_TB, CMD_INCOMPLEET);
	assert_true(d.allowed);
	assert_int_equal(d.to, ST_INCOMPLEET);
	d = dec(d.to, d.gates, ROLE_OUDER, CMD_TOESTEMMING);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_INCOMPLEET);
	assert_int_equal(d.gates.consent, GATE_OPEN);
}

static void test_start(void **state)
{
	struct gates g = { GATE_OPEN, GATE_OPEN };

	(void)state;
	assert_int_equal(workflow_start(&g, true, true), ST_VOORLOPIG);
	assert_int_equal(g.tb, GATE_WAITING);
	assert_int_equal(g.consent, GATE_WAITING);
	assert_int_equal(workflow_start(&g, true, false), ST_VOORLOPIG);
	assert_int_equal(g.tb, GATE_WAITING);
	assert_int_equal(g.consent, GATE_NONE);
	assert_int_equal(workflow_start(&g, false, true), ST_VOORLOPIG);
	assert_int_equal(g.tb, GATE_NONE);
	assert_int_equal(g.consent, GATE_WAITING);
	/* No gate at all (groep or school, no trajectbegeleider): straight to the loket. */
	assert_int_equal(workflow_start(&g, false, false), ST_INDIENEN);
	assert_int_equal(g.tb, GATE_NONE);
	assert_int_equal(g.consent, GATE_NONE);
}

static void expect_next(enum status s, enum gate_state tb, enum gate_state consent, enum role a,
			enum role b)
{
	struct gates g = { tb, consent };
	enum role out[2] = { ROLE_BEHEER, ROLE_BEHEER };
	enum role first = workflow_next_roles(s, g, out);

	if (first != a || out[0] != a || out[1] != b)
		fail_msg("next(%s, tb %s, consent %s) = %s %s (returned %s), want %s %s", st_label[s],
			 gate_label[tb], gate_label[consent], role_label[out[0]], role_label[out[1]],
			 role_label[first], role_label[a], role_label[b]);
}

static void test_next_roles(void **state)
{
	(void)state;
	expect_next(ST_VOORLOPIG, GATE_WAITING, GATE_WAITING, ROLE_TB, ROLE_OUDER);
	expect_next(ST_VOORLOPIG, GATE_WAITING, GATE_OPEN, ROLE_TB, ROLE_NONE);
	expect_next(ST_VOORLOPIG, GATE_WAITING, GATE_NONE, ROLE_TB, ROLE_NONE);
	expect_next(ST_VOORLOPIG, GATE_OPEN, GATE_WAITING, ROLE_OUDER, ROLE_NONE);
	expect_next(ST_VOORLOPIG, GATE_NONE, GATE_WAITING, ROLE_OUDER, ROLE_NONE);
	expect_next(ST_VOORLOPIG, GATE_OPEN, GATE_OPEN, ROLE_NONE, ROLE_NONE);
	expect_next(ST_INCOMPLEET, GATE_WAITING, GATE_WAITING, ROLE_IB, ROLE_NONE);
	expect_next(ST_INDIENEN, GATE_OPEN, GATE_OPEN, ROLE_LOKET, ROLE_NONE);
	expect_next(ST_DOORGEZET, GATE_OPEN, GATE_NONE, ROLE_SOCO, ROLE_NONE);
	expect_next(ST_UITVOERING, GATE_NONE, GATE_NONE, ROLE_BPOER, ROLE_NONE);
	expect_next(ST_AFGEWEZEN, GATE_WAITING, GATE_NONE, ROLE_NONE, ROLE_NONE);
	expect_next(ST_AFGEROND, GATE_OPEN, GATE_OPEN, ROLE_NONE, ROLE_NONE);
	expect_next(ST_INGETROKKEN, GATE_NONE, GATE_WAITING, ROLE_NONE, ROLE_NONE);
	expect_next(ST_NONE, GATE_NONE, GATE_NONE, ROLE_NONE, ROLE_NONE);
}

static void test_status_names(void **state)
{
	static const struct {
		enum status s;
		const char *name;
		bool final;
	} names[] = {
		{ ST_VOORLOPIG, "BPO>voorlopige aanvraag", false },
		{ ST_INCOMPLEET, "BPO>aanvraag incompleet", false },
		{ ST_AFGEWEZEN, "BPO>afgewezen", true },
		{ ST_INDIENEN, "BPO>indienen SO-loket", false },
		{ ST_DOORGEZET, "BPO>doorgezet naar SO", false },
		{ ST_UITVOERING, "BPO>in uitvoering", false },
		{ ST_AFGEROND, "BPO>afgerond", true },
		{ ST_INGETROKKEN, "BPO>ingetrokken", true },
	};

	(void)state;
	assert_int_equal(ARRAY_SIZE(names), ST_COUNT - 1);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		assert_string_equal(status_name(names[i].s), names[i].name);
		assert_int_equal(status_from_name(names[i].name), names[i].s);
		assert_int_equal(status_final(names[i].s), names[i].final);
	}
	assert_string_equal(status_name(ST_NONE), "");
	assert_string_equal(status_name(ST_COUNT), "");
	assert_int_equal(status_from_name(""), ST_NONE);
	assert_int_equal(status_from_name("BPO>"), ST_NONE);
	/* as an operator types it: any case, with or without "BPO>", or the stored code */
	assert_int_equal(status_from_name("bpo>afgerond"), ST_AFGEROND);
	assert_int_equal(status_from_name("indienen so-loket"), ST_INDIENEN);
	assert_int_equal(status_from_name("doorgezet"), ST_DOORGEZET);
	assert_int_equal(status_from_name("BPO>afgerond "), ST_NONE);
	assert_int_equal(status_from_name("afge"), ST_NONE);
	/* stored codes are exact */
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++)
		assert_int_equal(status_from_code(status_code((enum status)s)), s);
	assert_int_equal(status_from_code("Voorlopig"), ST_NONE);
	assert_int_equal(status_from_code(""), ST_NONE);
	assert_false(status_final(ST_NONE));
}

static void test_roles(void **state)
{
	static const char *const codes[ROLE_COUNT] = {
		"", "ib", "tb", "ouder", "loket", "soco", "bpoer", "beheer",
	};

	(void)state;
	for (int r = ROLE_NONE; r < ROLE_COUNT; r++)
		assert_string_equal(role_code((enum role)r), codes[r]);
	for (int r = ROLE_IB; r < ROLE_COUNT; r++) {
		char upper[16];
		size_t i;
		assert_int_equal(role_from_code(codes[r]), r);
		for (i = 0; codes[r][i] && i + 1 < sizeof upper; i++)
			upper[i] = (char)(codes[r][i] - 'a' + 'A');
		upper[i] = '\0';
		assert_int_equal(role_from_code(upper), r);
		assert_true(*role_name((enum role)r));
	}
	assert_int_equal(role_from_code(""), ROLE_NONE);
	assert_int_equal(role_from_code("onbekend"), ROLE_NONE);
	assert_int_equal(role_from_code("ib "), ROLE_NONE);
	assert_string_equal(role_code(ROLE_COUNT), "");
	assert_string_equal(role_name(ROLE_IB), "intern begeleider");
	assert_string_equal(role_name(ROLE_TB), "trajectbegeleider");
	assert_string_equal(role_name(ROLE_LOKET), "coördinator SO-loket");
	assert_string_equal(role_name(ROLE_SOCO), "SO-coördinator");
	assert_string_equal(role_name(ROLE_BPOER), "BPO-er");
	assert_string_equal(cmd_name(CMD_AKKOORD), "AKKOORD");
	assert_string_equal(cmd_name(CMD_GEEN_TOESTEMMING), "GEEN TOESTEMMING");
	assert_string_equal(cmd_name(CMD_SOCO), "SO-coördinator");
	assert_string_equal(cmd_name(CMD_COUNT), "?");
	for (int c = CMD_OVERLEG; c < CMD_COUNT; c++)
		assert_true(*cmd_name((enum cmd)c));
}

static void test_role_may(void **state)
{
	(void)state;
	for (int r = ROLE_NONE; r < ROLE_COUNT; r++)
		for (int c = CMD_OVERLEG; c < CMD_COUNT; c++)
			if (workflow_role_may((enum role)r, (enum cmd)c) != gives((enum role)r, (enum cmd)c))
				fail_msg("workflow_role_may(%s, %s) = %d", role_label[r], cmd_label[c],
					 workflow_role_may((enum role)r, (enum cmd)c));
}

static bool lists(const char *const *events, const char *event)
{
	for (size_t i = 0; events[i]; i++)
		if (strcmp(events[i], event) == 0)
			return true;
	return false;
}

/* The events of every allowed transition into a final status, from the model. */
struct into {
	enum status final;
	const char *event[16];
	size_t n;
};

static int collect_into(struct state st, void *arg)
{
	struct into *in = arg;

	for (int r = ROLE_IB; r < ROLE_COUNT; r++)
		for (int c = CMD_FORM; c < CMD_COUNT; c++) {
			struct decision d = expected(st, (enum role)r, (enum cmd)c);
			if (d.allowed && d.to == in->final && st.status != in->final && d.event &&
			    !lists(in->event, d.event) && in->n + 1 < ARRAY_SIZE(in->event))
				in->event[in->n++] = d.event;
		}
	return 0;
}

/*
 * Bug: an INTREKKEN after the parents' GEEN TOESTEMMING (or the other way
 * round) was answered "already decided" without by whom and when: the
 * lookup did not know the other command that ends in BPO>ingetrokken. For
 * every command refused as decided in a final status, every event that
 * leads into that status must be among its deciding events; in a running
 * request, the event of the step's own command must be.
 */
static void test_bug_decided_by(void **state)
{
	struct gates oo = { GATE_OPEN, GATE_OPEN };
	const char *ev[16];

	(void)state;
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++) {
		struct into in = { .final = (enum status)s };
		struct state st = { (enum status)s, oo, ROLE_NONE, false };
		if (!status_final((enum status)s))
			continue;
		each_state(collect_into, &in);
		assert_true(in.n > 0);
		for (int r = ROLE_IB; r < ROLE_COUNT; r++)
			for (int c = CMD_FORM; c < CMD_COUNT; c++) {
				if (workflow_decide(st, (enum role)r, (enum cmd)c).why != REFUSE_DECIDED)
					continue;
				workflow_deciding_events(st, (enum role)r, (enum cmd)c, ev, ARRAY_SIZE(ev));
				for (size_t i = 0; i < in.n; i++)
					if (!lists(ev, in.event[i]))
						fail_msg("%s by %s in %s: \"%s\" is not among its deciding "
							 "events", cmd_label[c], role_label[r], st_label[s],
							 in.event[i]);
			}
	}
	/* Running: the step's own events. */
	struct state run = { ST_DOORGEZET, oo, ROLE_NONE, false };
	workflow_deciding_events(run, ROLE_TB, CMD_AKKOORD, ev, ARRAY_SIZE(ev));
	assert_true(lists(ev, "akkoord") && lists(ev, "afgewezen") && lists(ev, "incompleet"));
	assert_false(lists(ev, "toestemming"));
	workflow_deciding_events(run, ROLE_OUDER, CMD_TOESTEMMING, ev, ARRAY_SIZE(ev));
	assert_true(lists(ev, "toestemming"));
	assert_false(lists(ev, "akkoord"));
	run.status = ST_UITVOERING;
	workflow_deciding_events(run, ROLE_LOKET, CMD_SOCO, ev, ARRAY_SIZE(ev));
	assert_true(lists(ev, "doorgezet"));
	/* max bounds the list */
	assert_int_equal(workflow_deciding_events(run, ROLE_TB, CMD_AKKOORD, ev, 2), 1);
	assert_null(ev[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide_exhaustive),
		cmocka_unit_test(test_decide_examples),
		cmocka_unit_test(test_bug_conflicting_answer_after_gate),
		cmocka_unit_test(test_consent_withdrawn),
		cmocka_unit_test(test_intrekken_and_stoppen),
		cmocka_unit_test(test_loket_for_tb),
		cmocka_unit_test(test_after_start),
		cmocka_unit_test(test_correct),
		cmocka_unit_test(test_gates_both_orders),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_next_roles),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_role_may),
		cmocka_unit_test(test_bug_decided_by),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
