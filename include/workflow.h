/* workflow.h: the rules of the BPO process as a table; pure code, no I/O. */
#ifndef BPOMAIL_WORKFLOW_H
#define BPOMAIL_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

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

/* What a mail about an existing request asks for (bpomail(1), Commands in mail). */
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
	REFUSE_NOTHING_ASKED,   /* an answer to a request for more time that nobody made */
	REFUSE_ALREADY_ASKED,   /* more time was asked already and waits for the SO-loket */
};

/* The state of a request the rules look at. */
struct state {
	enum status status;
	struct gates gates;
	enum role sent_back_by;      /* while BPO>aanvraag incompleet: ROLE_TB or ROLE_LOKET */
	bool extension_asked;        /* more hours or time wait for the SO-loket */
};

/* What a rule does besides the status; execute.c carries it out. */
enum effect {
	FX_OPEN_TB = 1 << 0,         /* the trajectbegeleider's gate opens */
	FX_OPEN_CONSENT = 1 << 1,    /* the consent gate opens */
	FX_WAIT_TB = 1 << 2,         /* the trajectbegeleider's gate waits again (a new one named) */
	FX_JOIN = 1 << 3,            /* the person named joins in the rule's person role */
	FX_REPLACE = 1 << 4,         /* ... and replaces the one in that role, who is told and leaves */
	FX_LEAVE = 1 << 5,           /* the actor leaves (the SO-coördinator hands it back) */
	FX_SEND_BACK = 1 << 6,       /* remember who sent it back (person: ROLE_TB or ROLE_LOKET) */
	FX_GRANT = 1 << 7,           /* the final dates and hours are set */
	FX_ASK_EXTENSION = 1 << 8,   /* more hours or time are asked */
	FX_GRANT_EXTENSION = 1 << 9, /* ... and granted */
	FX_END_EXTENSION = 1 << 10,  /* ... or refused */
	FX_STOPPED_EARLY = 1 << 11,  /* ended before the work was done */
	FX_HOURS_SPENT = 1 << 12,    /* the hours spent are recorded */
};

struct decision {
	bool allowed;
	enum refusal why;
	enum status to;              /* status after the command */
	struct gates gates;          /* gates after the command */
	bool gate_closed;            /* a gate opened by this command */
	unsigned effects;            /* enum effect bits */
	enum role person;            /* the role of the person the command names, or of FX_SEND_BACK */
	const char *event;           /* what the history calls it */
	bool reason;                 /* the command needs a reason */
	bool for_tb;                 /* the SO-loket decides the trajectbegeleider's step */
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

/* Who joins a request when it enters status s (the SO-loket on submission); ROLE_NONE: nobody. */
enum role workflow_joins_on_entry(enum status s);

/* Status and gates of a new valid request. */
enum status workflow_start(struct gates *g, bool has_tb, bool needs_consent);

/*
 * Decides a command by a role in a state: allowed or refused with why, the
 * new status and gates, and what else carrying it out does (the rule table
 * in workflow.c). STATUS and OVERLEG never change anything.
 */
struct decision workflow_decide(struct state st, enum role r, enum cmd c);

/*
 * The history events that decided what (r, c) would decide, for "already
 * decided by ... on ...": in a final status the events that end in it, else
 * the events of the step c belongs to. out[] is NULL-terminated; returns how
 * many (at most max - 1).
 */
size_t workflow_deciding_events(struct state st, enum role r, enum cmd c, const char *out[],
				size_t max);

/*
 * Where a corrected request goes after BPO>aanvraag incompleet (bpomail(1)):
 * back to the SO-loket when the SO-loket sent it back and neither level nor
 * pupil changed (the akkoord and consent stand); else to the gates: the
 * trajectbegeleider is asked again, consent only when it is new or the
 * pupil changed. Fills *g.
 */
enum status workflow_correct(struct state st, bool pupil_changed, bool has_tb, bool needs_consent,
			     struct gates *g);

/* True when role r may give command c in some status (the rule table). */
bool workflow_role_may(enum role r, enum cmd c);

#endif
