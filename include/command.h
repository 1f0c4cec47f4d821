/* command.h: what a reply decides, read from what its sender wrote (bpomail(1), READING REPLIES). */
#ifndef BPOMAIL_COMMAND_H
#define BPOMAIL_COMMAND_H

#include "workflow.h"

/* How a reply reads. Only a decision changes anything. */
enum reading {
	READ_NOTHING = 0,   /* no word of a decision: a free message */
	READ_DECISION,      /* unmistakable: cmd is carried out */
	READ_REFUSAL,       /* clearly refuses, ends or hands back, but not in the exact words: confirm cmd */
	READ_QUESTION,      /* about the decision cmd, but decides nothing: a question, a condition, a vague yes */
};

/* Why a refusal or question is no decision, so the answer can say so. */
enum doubt {
	DOUBT_NONE = 0,
	DOUBT_WORDS,         /* the decision in other words than its own */
	DOUBT_QUESTION,      /* a question mark after it */
	DOUBT_CONDITION,     /* a negation, condition or delay with it ("mits", "nog niet") */
	DOUBT_VAGUE,         /* a yes without saying to what ("Ja", "Prima") */
	DOUBT_NO_REASON,     /* a command that needs a reason, without one */
	DOUBT_FURTHER_DOWN,  /* a command word below the first lines */
};

/* What a reply asks; strings are UTF-8 as written (trimmed), owned, NULL when absent. */
struct command {
	enum reading reading;
	enum cmd cmd;            /* the decision, or the one a refusal or question is about; CMD_OVERLEG: none */
	enum doubt doubt;        /* why a refusal or question decides nothing */
	char *text;              /* reason, remark, or the person named */
	char *startdatum, *einddatum, *uren, *uren_besteed;   /* field lines anywhere in the reply */
	enum cmd conflict;       /* a second, different decision on the first lines */
	bool exact;              /* the decision is the command alone, or "COMMAND: text" */
	bool from_subject;
};

/*
 * Reads what the sender wrote (quoted text and signature already removed,
 * see quote_strip()), as a person in role (ROLE_NONE: any role). A decision
 * stands on the first line after any greeting, or on the line after one
 * short personal line: the command alone, "COMMAND: text", the command and
 * punctuation and a remark, or a plain Dutch form of it from the table in
 * command.c. A decision word followed by '?', or a decision line holding a
 * negation or a condition, decides nothing. Without anything in the body,
 * a decision after "[BPO-YYYY-NNNN]" in the subject counts. Pure; linear in
 * the first BOUND_READ_BYTES of top.
 */
void command_read(const char *top, const char *subject, enum role role, struct command *c);
void command_free(struct command *c);

/* True when role gives cmd (the command table); ROLE_NONE gives every command. */
bool command_of_role(enum cmd cmd, enum role role);

/* The command a role's "yes" is for, to offer when a reply is a vague yes (CMD_OVERLEG: none). */
enum cmd command_yes_of_role(enum role role);

#endif
