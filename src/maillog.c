/* maillog.c: one syslog line per incoming message and per mail sent, free of pupil data. */
#include <syslog.h>

#include "maillog.h"
#include "util.h"

int maillog_facility(const char *name)
{
	static const struct {
		const char *name;
		int facility;
	} facilities[] = {
		{ "mail", LOG_MAIL }, { "daemon", LOG_DAEMON }, { "user", LOG_USER },
		{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
		{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
		{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
	};

	if (!name)
		return LOG_MAIL;
	for (size_t i = 0; i < ARRAY_SIZE(facilities); i++)
		if (str_eq_nocase(name, facilities[i].name))
			return facilities[i].facility;
	return -1;
}

/* At most 200 bytes of s, printable ASCII only: a Message-ID may hold anything. */
static void clean(const char *s, char out[201])
{
	size_t n = 0;

	for (; s && *s && n < 200; s++)
		out[n++] = (*s > ' ' && *s < 0x7f) ? *s : '?';
	out[n] = '\0';
	if (n == 0)
		snprintf(out, 201, "-");
}

void maillog_message(const char *key, const char *outcome, const char *kenmerk)
{
	char k[201];

	clean(key, k);
	syslog(LOG_INFO, "message %s: %s, request %s", k, outcome, kenmerk ? kenmerk : "-");
}

void maillog_sent(int64_t outmail_id, const char *message_id, const char *template,
		  const char *kenmerk)
{
	char m[201];

	clean(message_id, m);
	syslog(LOG_INFO, "sent mail %lld <%s> (%s), request %s", (long long)outmail_id, m, template,
	       kenmerk && *kenmerk ? kenmerk : "-");
}
