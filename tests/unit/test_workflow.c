/* test_workflow.c: every status x gates x role x command against a table written from SPEC §1-2. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "notice.h"
#include "util.h"
#include "workflow.h"

/*
 * The expected rules, written out from SPEC §1-2 independently of workflow.c.
 * gate: 'T' the step is the trajectbegeleider's gate, 'C' the consent gate,
 * 0 none. A gate command in BPO>voorlopige aanvraag opens its gate (the
 * request moves on once no gate waits); any other allowed command moves the
 * request to "to".
 */
static const struct allowed {
	enum status from;
	enum role role;
	enum cmd cmd;
	char gate;
	enum status to;
} allowed[] = {
	{ ST_VOORLOPIG, ROLE_TB, CMD_AKKOORD, 'T', ST_VOORLOPIG },
	{ ST_VOORLOPIG, ROLE_TB, CMD_AFGEWEZEN, 'T', ST_AFGEWEZEN },
	{ ST_VOORLOPIG, ROLE_TB, CMD_INCOMPLEET, 'T', ST_INCOMPLEET },
	{ ST_VOORLOPIG, ROLE_OUDER, CMD_TOESTEMMING, 'C', ST_VOORLOPIG },
	{ ST_VOORLOPIG, ROLE_IB, CMD_TOESTEMMING, 'C', ST_VOORLOPIG },
	{ ST_VOORLOPIG, ROLE_OUDER, CMD_GEEN_TOESTEMMING, 'C', ST_INGETROKKEN },
	{ ST_VOORLOPIG, ROLE_IB, CMD_INTREKKEN, 0, ST_INGETROKKEN },
	{ ST_INCOMPLEET, ROLE_IB, CMD_FORM, 0, ST_VOORLOPIG },
	{ ST_INCOMPLEET, ROLE_IB, CMD_INTREKKEN, 0, ST_INGETROKKEN },
	{ ST_INDIENEN, ROLE_LOKET, CMD_SOCO, 0, ST_DOORGEZET },
	{ ST_INDIENEN, ROLE_LOKET, CMD_AFGEWEZEN, 0, ST_AFGEWEZEN },
	{ ST_INDIENEN, ROLE_LOKET, CMD_INCOMPLEET, 0, ST_INCOMPLEET },
	{ ST_INDIENEN, ROLE_IB, CMD_INTREKKEN, 0, ST_INGETROKKEN },
	{ ST_DOORGEZET, ROLE_SOCO, CMD_BPOER, 0, ST_UITVOERING },
	{ ST_DOORGEZET, ROLE_IB, CMD_INTREKKEN, 0, ST_INGETROKKEN },
	{ ST_UITVOERING, ROLE_BPOER, CMD_AFGEROND, 0, ST_AFGEROND },
};

/* Where a step is behind the request (SPEC §4: "a step is decided once"). */
static const struct behind {
	enum role role;
	enum cmd cmd;
	char gate;                  /* in voorlopig: behind once this gate no longer waits */
	enum status past[4];        /* non-final statuses past the step; ST_NONE ends */
} behind[] = {
	{ ROLE_TB, CMD_AKKOORD, 'T', { ST_INDIENEN, ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_TB, CMD_AFGEWEZEN, 'T', { ST_INDIENEN, ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_TB, CMD_INCOMPLEET, 'T', { ST_INDIENEN, ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_OUDER, CMD_TOESTEMMING, 'C', { ST_INDIENEN, ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_IB, CMD_TOESTEMMING, 'C', { ST_INDIENEN, ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_OUDER, CMD_GEEN_TOESTEMMING, 'C', { ST_INDIENEN, ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_IB, CMD_FORM, 0, { ST_INDIENEN, ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_LOKET, CMD_SOCO, 0, { ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_LOKET, CMD_AFGEWEZEN, 0, { ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_LOKET, CMD_INCOMPLEET, 0, { ST_DOORGEZET, ST_UITVOERING } },
	{ ROLE_SOCO, CMD_BPOER, 0, { ST_UITVOERING } },
};

/* The final statuses and the commands that end in them. */
static const struct ending {
	enum status status;
	enum cmd by[2];
} endings[] = {
	{ ST_AFGEWEZEN, { CMD_AFGEWEZEN, CMD_AFGEWEZEN } },
	{ ST_AFGEROND, { CMD_AFGEROND, CMD_AFGEROND } },
	{ ST_INGETROKKEN, { CMD_INTREKKEN, CMD_GEEN_TOESTEMMING } },
};

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
static const char *const why_label[] = { "none", "role", "status", "decided", "final" };
static const char *const gate_label[] = { "none", "waiting", "open" };

static bool gives(enum role r, enum cmd c)
{
	if (c == CMD_STATUS || c == CMD_OVERLEG)
		return r != ROLE_NONE;
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
		if (allowed[i].role == r && allowed[i].cmd == c)
			return true;
	return false;
}

static bool waits(struct gates g, char gate)
{
	return gate == 'T' ? g.tb == GATE_WAITING : g.consent == GATE_WAITING;
}

static const struct ending *ending_of(enum status s)
{
	for (size_t i = 0; i < ARRAY_SIZE(endings); i++)
		if (endings[i].status == s)
			return &endings[i];
	return NULL;
}

static bool is_behind(enum status s, struct gates g, enum role r, enum cmd c)
{
	for (size_t i = 0; i < ARRAY_SIZE(behind); i++) {
		if (behind[i].role != r || behind[i].cmd != c)
			continue;
		if (s == ST_VOORLOPIG && behind[i].gate)
			return !waits(g, behind[i].gate);
		for (size_t k = 0; k < ARRAY_SIZE(behind[i].past) && behind[i].past[k]; k++)
			if (behind[i].past[k] == s)
				return true;
	}
	return false;
}

static struct decision expected(enum status s, struct gates g, enum role r, enum cmd c)
{
	struct decision d = { .allowed = false, .why = REFUSE_NONE, .to = s, .gates = g };
	const struct ending *end = ending_of(s);

	if (r == ROLE_NONE || !gives(r, c)) {
		d.why = REFUSE_ROLE;
		return d;
	}
	if (c == CMD_STATUS || c == CMD_OVERLEG) {
		d.allowed = true;
		return d;
	}
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++) {
		const struct allowed *a = &allowed[i];
		if (a->from != s || a->role != r || a->cmd != c)
			continue;
		if (a->gate && !waits(g, a->gate))
			break;
		d.allowed = true;
		if (a->gate && a->to == ST_VOORLOPIG) {
			if (a->gate == 'T')
				d.gates.tb = GATE_OPEN;
			else
				d.gates.consent = GATE_OPEN;
			d.gate_closed = true;
			d.to = d.gates.tb == GATE_WAITING || d.gates.consent == GATE_WAITING ?
				ST_VOORLOPIG : ST_INDIENEN;
		} else {
			d.to = a->to;
		}
		return d;
	}
	if (end)
		d.why = end->by[0] == c || end->by[1] == c ? REFUSE_DECIDED : REFUSE_FINAL;
	else if (is_behind(s, g, r, c))
		d.why = REFUSE_DECIDED;
	else
		d.why = REFUSE_STATUS;
	return d;
}

static int compare(enum status s, struct gates g, enum role r, enum cmd c)
{
	struct decision want = expected(s, g, r, c);
	struct decision got = workflow_decide(s, g, r, c);

	if (got.allowed == want.allowed && got.why == want.why && got.to == want.to &&
	    got.gates.tb == want.gates.tb && got.gates.consent == want.gates.consent &&
	    got.gate_closed == want.gate_closed)
		return 0;
	print_error("%s [tb %s, consent %s] %s %s: got %s/%s -> %s [%s,%s]%s, want %s/%s -> %s [%s,%s]%s\n",
		    st_label[s], gate_label[g.tb], gate_label[g.consent], role_label[r], cmd_label[c],
		    got.allowed ? "allowed" : "refused", why_label[got.why], st_label[got.to],
		    gate_label[got.gates.tb], gate_label[got.gates.consent],
		    got.gate_closed ? " gate" : "",
		    want.allowed ? "allowed" : "refused", why_label[want.why], st_label[want.to],
		    gate_label[want.gates.tb], gate_label[want.gates.consent],
		    want.gate_closed ? " gate" : "");
	return 1;
}

/* Every status x every gate combination x every role x every command. */
static void test_decide_exhaustive(void **state)
{
	static const enum gate_state gs[] = { GATE_WAITING, GATE_OPEN, GATE_NONE };
	int bad = 0, n = 0, allowed_seen = 0;

	(void)state;
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++)
		for (size_t t = 0; t < ARRAY_SIZE(gs); t++)
			for (size_t k = 0; k < ARRAY_SIZE(gs); k++)
				for (int r = ROLE_NONE; r < ROLE_COUNT; r++)
					for (int c = CMD_OVERLEG; c < CMD_COUNT; c++) {
						struct gates g = { gs[t], gs[k] };
						bad += compare((enum status)s, g, (enum role)r, (enum cmd)c);
						allowed_seen += expected((enum status)s, g, (enum role)r,
									 (enum cmd)c).allowed;
						n++;
					}
	assert_int_equal(n, 8 * 9 * 8 * CMD_COUNT);
	assert_true(allowed_seen > 0);
	if (bad)
		fail_msg("%d of %d decisions differ from the table", bad, n);
}

/* The refusal kinds the brief names, spelled out once more by hand. */
static void test_decide_examples(void **state)
{
	struct gates ww = { GATE_WAITING, GATE_WAITING }, ow = { GATE_OPEN, GATE_WAITING };
	struct gates wo = { GATE_WAITING, GATE_OPEN }, oo = { GATE_OPEN, GATE_OPEN };
	struct decision d;

	(void)state;
	d = workflow_decide(ST_VOORLOPIG, ww, ROLE_TB, CMD_AKKOORD);
	assert_true(d.allowed);
	assert_int_equal(d.to, ST_VOORLOPIG);
	assert_int_equal(d.gates.tb, GATE_OPEN);
	assert_true(d.gate_closed);
	/* A second AKKOORD. */
	assert_int_equal(workflow_decide(ST_VOORLOPIG, ow, ROLE_TB, CMD_AKKOORD).why, REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_VOORLOPIG, wo, ROLE_OUDER, CMD_TOESTEMMING).why,
			 REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_INDIENEN, oo, ROLE_TB, CMD_AKKOORD).why, REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_DOORGEZET, oo, ROLE_LOKET, CMD_SOCO).why, REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_DOORGEZET, oo, ROLE_LOKET, CMD_AFGEWEZEN).why,
			 REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_VOORLOPIG, ww, ROLE_LOKET, CMD_SOCO).why, REFUSE_STATUS);
	assert_int_equal(workflow_decide(ST_INDIENEN, oo, ROLE_SOCO, CMD_BPOER).why, REFUSE_STATUS);
	assert_int_equal(workflow_decide(ST_INDIENEN, oo, ROLE_TB, CMD_SOCO).why, REFUSE_ROLE);
	assert_int_equal(workflow_decide(ST_INDIENEN, oo, ROLE_BEHEER, CMD_AKKOORD).why, REFUSE_ROLE);
	assert_int_equal(workflow_decide(ST_AFGEWEZEN, oo, ROLE_LOKET, CMD_AFGEWEZEN).why,
			 REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_AFGEWEZEN, oo, ROLE_LOKET, CMD_SOCO).why, REFUSE_FINAL);
	assert_int_equal(workflow_decide(ST_AFGEROND, oo, ROLE_BPOER, CMD_AFGEROND).why, REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_AFGEROND, oo, ROLE_IB, CMD_INTREKKEN).why, REFUSE_FINAL);
	assert_int_equal(workflow_decide(ST_INGETROKKEN, wo, ROLE_OUDER, CMD_GEEN_TOESTEMMING).why,
			 REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_INGETROKKEN, ww, ROLE_OUDER, CMD_TOESTEMMING).why,
			 REFUSE_FINAL);
	/* STATUS and OVERLEG: everyone but nobody, in every status, changing nothing. */
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++) {
		d = workflow_decide((enum status)s, ww, ROLE_BEHEER, CMD_STATUS);
		assert_true(d.allowed);
		assert_int_equal(d.to, s);
		d = workflow_decide((enum status)s, ww, ROLE_OUDER, CMD_OVERLEG);
		assert_true(d.allowed);
		assert_int_equal(d.to, s);
		assert_false(d.gate_closed);
		assert_int_equal(workflow_decide((enum status)s, ww, ROLE_NONE, CMD_STATUS).why,
				 REFUSE_ROLE);
	}
}

/*
 * Bug: a trajectbegeleider's AFGEWEZEN or INCOMPLEET after their own AKKOORD
 * (still waiting for consent), and a parent's GEEN TOESTEMMING after a
 * TOESTEMMING, were carried out; SPEC §4: a step is decided once.
 */
static void test_bug_conflicting_answer_after_gate(void **state)
{
	struct gates ow = { GATE_OPEN, GATE_WAITING }, wo = { GATE_WAITING, GATE_OPEN };
	struct decision d;

	(void)state;
	d = workflow_decide(ST_VOORLOPIG, ow, ROLE_TB, CMD_AFGEWEZEN);
	assert_false(d.allowed);
	assert_int_equal(d.why, REFUSE_DECIDED);
	assert_int_equal(d.to, ST_VOORLOPIG);
	assert_int_equal(workflow_decide(ST_VOORLOPIG, ow, ROLE_TB, CMD_INCOMPLEET).why, REFUSE_DECIDED);
	d = workflow_decide(ST_VOORLOPIG, wo, ROLE_OUDER, CMD_GEEN_TOESTEMMING);
	assert_false(d.allowed);
	assert_int_equal(d.why, REFUSE_DECIDED);
	assert_int_equal(d.to, ST_VOORLOPIG);
	/* While the gate still waits they are carried out. */
	assert_int_equal(workflow_decide(ST_VOORLOPIG, wo, ROLE_TB, CMD_AFGEWEZEN).to, ST_AFGEWEZEN);
	assert_int_equal(workflow_decide(ST_VOORLOPIG, ow, ROLE_OUDER, CMD_GEEN_TOESTEMMING).to,
			 ST_INGETROKKEN);
}

/* Issue 3: INTREKKEN only before BPO>in uitvoering; refused there as not possible, not as decided. */
static void test_intrekken_before_uitvoering(void **state)
{
	struct gates oo = { GATE_OPEN, GATE_OPEN };
	struct decision d = workflow_decide(ST_UITVOERING, oo, ROLE_IB, CMD_INTREKKEN);

	(void)state;
	assert_false(d.allowed);
	assert_int_equal(d.why, REFUSE_STATUS);
	assert_true(workflow_decide(ST_DOORGEZET, oo, ROLE_IB, CMD_INTREKKEN).allowed);
	assert_int_equal(workflow_decide(ST_INGETROKKEN, oo, ROLE_IB, CMD_INTREKKEN).why, REFUSE_DECIDED);
	assert_int_equal(workflow_decide(ST_AFGEROND, oo, ROLE_IB, CMD_INTREKKEN).why, REFUSE_FINAL);
}

static void test_gates_both_orders(void **state)
{
	struct gates g;
	struct decision d;

	(void)state;
	/* Trajectbegeleider first, then the parents. */
	assert_int_equal(workflow_start(&g, true, true), ST_VOORLOPIG);
	d = workflow_decide(ST_VOORLOPIG, g, ROLE_TB, CMD_AKKOORD);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_VOORLOPIG);
	assert_int_equal(d.gates.tb, GATE_OPEN);
	assert_int_equal(d.gates.consent, GATE_WAITING);
	d = workflow_decide(d.to, d.gates, ROLE_OUDER, CMD_TOESTEMMING);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_INDIENEN);
	assert_int_equal(d.gates.tb, GATE_OPEN);
	assert_int_equal(d.gates.consent, GATE_OPEN);

	/* Consent first (from the ib), then the trajectbegeleider. */
	assert_int_equal(workflow_start(&g, true, true), ST_VOORLOPIG);
	d = workflow_decide(ST_VOORLOPIG, g, ROLE_IB, CMD_TOESTEMMING);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_VOORLOPIG);
	assert_int_equal(d.gates.tb, GATE_WAITING);
	assert_int_equal(d.gates.consent, GATE_OPEN);
	d = workflow_decide(d.to, d.gates, ROLE_TB, CMD_AKKOORD);
	assert_true(d.allowed && d.gate_closed);
	assert_int_equal(d.to, ST_INDIENEN);

	/* One gate only: it moves on at once. */
	assert_int_equal(workflow_start(&g, true, false), ST_VOORLOPIG);
	d = workflow_decide(ST_VOORLOPIG, g, ROLE_TB, CMD_AKKOORD);
	assert_int_equal(d.to, ST_INDIENEN);
	assert_int_equal(d.gates.consent, GATE_NONE);
	assert_int_equal(workflow_start(&g, false, true), ST_VOORLOPIG);
	d = workflow_decide(ST_VOORLOPIG, g, ROLE_OUDER, CMD_TOESTEMMING);
	assert_int_equal(d.to, ST_INDIENEN);
	assert_int_equal(d.gates.tb, GATE_NONE);

	/* Back from incompleet the gates are asked again. */
	d = workflow_decide(ST_VOORLOPIG, g, ROLE_TB, CMD_INCOMPLEET);
	assert_false(d.allowed);   /* no trajectbegeleider on this request */
	assert_int_equal(workflow_start(&g, true, true), ST_VOORLOPIG);
	d = workflow_decide(ST_VOORLOPIG, g, ROLE_TB, CMD_INCOMPLEET);
	assert_true(d.allowed);
	assert_int_equal(d.to, ST_INCOMPLEET);
	assert_false(d.gate_closed);
	d = workflow_decide(d.to, d.gates, ROLE_IB, CMD_FORM);
	assert_true(d.allowed);
	assert_int_equal(d.to, ST_VOORLOPIG);
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

/*
 * Bug: an INTREKKEN after the parents' GEEN TOESTEMMING (or the other way
 * round) was answered "already decided" without by whom and when: the
 * "decided by" lookup of notice.c did not know the other command that ends
 * in BPO>ingetrokken. For every command refused as decided in a final
 * status, every command that leads into that status must be a deciding event.
 */
static void test_bug_decided_by_in_final_status(void **state)
{
	struct gates g = { GATE_OPEN, GATE_OPEN };

	(void)state;
	for (int s = ST_VOORLOPIG; s < ST_COUNT; s++) {
		if (!status_final((enum status)s))
			continue;
		for (int r = ROLE_IB; r < ROLE_COUNT; r++)
			for (int c = CMD_FORM; c < CMD_STATUS; c++) {
				if (workflow_decide((enum status)s, g, (enum role)r, (enum cmd)c).why !=
				    REFUSE_DECIDED)
					continue;
				for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
					if (allowed[i].to == (enum status)s &&
					    !lists(notice_step_events((enum cmd)c), notice_event(allowed[i].cmd)))
						fail_msg("%s in %s: \"%s\" is not among its deciding events",
							 cmd_label[c], st_label[s], notice_event(allowed[i].cmd));
			}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide_exhaustive),
		cmocka_unit_test(test_decide_examples),
		cmocka_unit_test(test_bug_conflicting_answer_after_gate),
		cmocka_unit_test(test_intrekken_before_uitvoering),
		cmocka_unit_test(test_gates_both_orders),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_next_roles),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_role_may),
		cmocka_unit_test(test_bug_decided_by_in_final_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
