/* command.h: the command a reply carries, read from its top lines or its subject. */
#ifndef BPOMAIL_COMMAND_H
#define BPOMAIL_COMMAND_H

#include "workflow.h"

/* What a reply asks; strings are UTF-8 as written (trimmed), owned, NULL when absent. */
struct command {
	enum cmd cmd;            /* CMD_OVERLEG when no command was found */
	char *text;              /* reason, remark, or the person named */
	char *startdatum, *einddatum, *uren;   /* with CMD_SOCO */
	enum cmd conflict;       /* a second, different command on the first lines */
	bool from_subject;
};

/*
 * Reads the command from the top of a reply (quoted text already removed):
 * it must stand on one of the first BOUND_COMMAND_LINES lines that are not
 * blank; case, accents and punctuation around it do not matter. Startdatum,
 * Einddatum and Uren lines may follow anywhere in the top. Without a command
 * in the body, the subject after "[BPO-YYYY-NNNN]" is read the same way.
 */
void command_read(const char *top, const char *subject, struct command *c);
void command_free(struct command *c);

#endif
