/* workflow.h: the rules of the BPO process as a table; pure code, no I/O. */
#ifndef BPOMAIL_WORKFLOW_H
#define BPOMAIL_WORKFLOW_H

#include <stdbool.h>

enum status {
	ST_NONE = 0,        /* not yet a request */
	ST_VOORLOPIG,
	ST_INCOMPLEET,
	ST_AFGEWEZEN,
	ST_INDIENEN,
	ST_DOORGEZET,
	ST_UITVOERING,
	ST_AFGEROND,
	ST_INGETROKKEN,
	ST_COUNT
};

enum role {
	ROLE_NONE = 0,
	ROLE_IB,
	ROLE_TB,
	ROLE_OUDER,
	ROLE_LOKET,
	ROLE_SOCO,
	ROLE_BPOER,
	ROLE_BEHEER,
	ROLE_COUNT
};

/* What a mail about an existing request asks for (SPEC §2). */
enum cmd {
	CMD_OVERLEG = 0,     /* anything else: a message for the other participants */
	CMD_FORM,            /* a corrected form, after incompleet */
	CMD_AKKOORD,
	CMD_AFGEWEZEN,
	CMD_INCOMPLEET,
	CMD_TOESTEMMING,
	CMD_GEEN_TOESTEMMING,
	CMD_SOCO,            /* SO-coördinator: ... [Startdatum, Einddatum, Uren] */
	CMD_BPOER,           /* BPO-er: ... */
	CMD_AFGEROND,
	CMD_INTREKKEN,
	CMD_STATUS,
	CMD_TOESTEMMING_INTREKKEN,
	CMD_TB,              /* Trajectbegeleider: ... (the SO-loket names another) */
	CMD_TERUG,           /* TERUG: reason (the SO-coördinator hands it back) */
	CMD_STOPPEN,
	CMD_VERLENGING,      /* VERLENGING: [reason] with Uren: and/or Einddatum: */
	CMD_VERLENGING_AKKOORD,
	CMD_VERLENGING_AFGEWEZEN,
	CMD_COUNT
};

/* The two gates of BPO>voorlopige aanvraag. */
enum gate_state {
	GATE_NONE = 0,       /* not needed for this request */
	GATE_WAITING,
	GATE_OPEN,
};

struct gates {
	enum gate_state tb;
	enum gate_state consent;
};

enum refusal {
	REFUSE_NONE = 0,
	REFUSE_ROLE,         /* this role never gives this command */
	REFUSE_STATUS,       /* not (yet) possible in this status */
	REFUSE_DECIDED,      /* the step was already decided */
	REFUSE_FINAL,        /* the request has ended */
};

struct decision {
	bool allowed;
	enum refusal why;
	enum status to;              /* status after the command */
	struct gates gates;          /* gates after the command */
	bool gate_closed;            /* a gate opened by this command */
};

const char *status_name(enum status s);          /* "BPO>voorlopige aanvraag" */
const char *status_code(enum status s);          /* "voorlopig", as stored */
enum status status_from_code(const char *code);  /* ST_NONE when unknown */
/* "BPO>voorlopige aanvraag", "voorlopige aanvraag" (any case) or "voorlopig"; ST_NONE when unknown. */
enum status status_from_name(const char *name);
bool status_final(enum status s);
const char *role_code(enum role r);              /* "ib" */
const char *role_name(enum role r);              /* "intern begeleider" */
enum role role_from_code(const char *code);      /* ROLE_NONE when unknown */
const char *cmd_name(enum cmd c);                /* "AKKOORD" */

/* Who acts next in a status with these gates (ROLE_NONE: nobody). */
enum role workflow_next_roles(enum status s, struct gates g, enum role out[2]);

/* Status and gates of a new valid request. */
enum status workflow_start(struct gates *g, bool has_tb, bool needs_consent);

/*
 * Decides a command by a role in a status: allowed or refused with why,
 * the new status and gates. STATUS and OVERLEG never change anything.
 */
struct decision workflow_decide(enum status s, struct gates g, enum role r, enum cmd c);

/* True when role r may give command c in some status (the rule table). */
bool workflow_role_may(enum role r, enum cmd c);

#endif
