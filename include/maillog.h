/* maillog.h: one syslog line per incoming message and per mail sent, free of pupil data (bpomail(1), LOGGING). */
#ifndef BPOMAIL_MAILLOG_H
#define BPOMAIL_MAILLOG_H

#include <stdint.h>

/* The syslog facility called name (NULL: mail), or -1 when there is none by that name. */
int maillog_facility(const char *name);

/*
 * "message <key>: OUTCOME, request KENMERK" (kenmerk NULL: "-"): the key is
 * the Message-ID (or sha256:...), cut to 200 bytes, control bytes replaced.
 */
void maillog_message(const char *key, const char *outcome, const char *kenmerk);

/* "sent mail N <message-id> (TEMPLATE), request KENMERK": no address, no subject. */
void maillog_sent(int64_t outmail_id, const char *message_id, const char *template,
		  const char *kenmerk);

#endif
