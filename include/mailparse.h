/* mailparse.h: an incoming message read with libetpan, behind our own guards. */
#ifndef BPOMAIL_MAILPARSE_H
#define BPOMAIL_MAILPARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "util.h"

/* An attachment; every string and the data are owned by the inmail. */
struct attachment_in {
	char *filename;       /* a sanitised base name, never a path */
	char *content_type;   /* lower case, "application/octet-stream" when unknown */
	char *data;
	size_t len;
};

struct inmail {
	char *message_id;     /* without <>, NULL when absent or unusable */
	size_t n_from;        /* mailboxes in From headers: exactly 1 is acceptable */
	char *from_addr;      /* lower case */
	char *from_name;      /* decoded, may be NULL */
	char *subject;        /* decoded, one line, "" when absent */
	char *in_reply_to;    /* the first id, without <> */
	struct strlist references;   /* ids without <>, oldest first */
	struct strlist recipients;   /* envelope and header recipients: Delivered-To, X-Original-To, To, Cc */
	char *return_path;    /* NULL when absent; "" for <> */
	char *auto_submitted; /* value, NULL when absent */
	char *precedence;
	bool list_mail;       /* List-Id or List-Unsubscribe present */
	bool x_autoreply;     /* X-Autoreply, X-Autorespond */
	bool our_loop;        /* carries our own loop header */
	bool is_report;       /* multipart/report (a DSN or MDN) */
	char *text;           /* what the sender wrote: UTF-8, LF; "" when none */
	char *forwarded;      /* the text of the first message attached (forwarded), or NULL */
	bool text_from_html;
	struct attachment_in att[BOUND_ATTACHMENTS];
	size_t n_att;
	size_t n_att_dropped; /* over the count or size bounds */
	size_t n_inline;      /* images of the HTML text (logos), not documents */
	bool truncated;       /* parts beyond the depth or part bounds were skipped */
	bool text_cut;        /* the text was longer than BOUND_TEXT_BODY: it ends in MAILPARSE_CUT_MARK */
};

/* What ends a text that was cut at its bound. */
#define MAILPARSE_CUT_MARK "… (ingekort)"

/*
 * Checks raw[0..len) with a cheap pre-scan (nesting, the boundary that
 * crashes libetpan 1.9.4), then parses a NUL-terminated copy and walks the
 * tree with a depth limit. Returns 0 with *m filled (inmail_free() releases
 * it), or -1 with *why (a Dutch reason for the sender, caller frees) when
 * the message is refused unparsed.
 */
int mailparse(const char *raw, size_t len, struct inmail *m, char **why);
/* The same without the copy: raw[len] and raw[len + 1] must be there and NUL (the sandbox's child reads each message so). */
int mailparse_padded(const char *raw, size_t len, struct inmail *m, char **why);
void inmail_free(struct inmail *m);

/* The Message-ID from raw headers without parsing the body (NULL when none). */
char *mailparse_message_id(const char *raw, size_t len);

/* Length of a leading mbox "From " line (procmail, maildrop, Postfix flags=F): 0 when none. */
size_t mailparse_mbox_from_len(const char *raw, size_t len);

/*
 * Calls emit for the spans of raw that make up its content: everything but
 * the trace header fields servers add on the way (Received, Return-Path,
 * Delivered-To, X-Original-To, Authentication-Results, ARC, spam and virus
 * scanner fields), so one message delivered twice has the same content.
 */
void mailparse_content_spans(const char *raw, size_t len,
			     void (*emit)(void *arg, const char *p, size_t n), void *arg);

#endif
