/*
 * syslog.c: an LD_PRELOAD library for the logging tests (tests/t/0020-quarantine-log.t).
 * Every syslog(3) line bpomail writes is appended to $BPOMAIL_SYSLOG_FILE as
 *
 *   FACILITY.PRIORITY IDENT: message
 *
 * (facility and priority by name: mail.info bpomail: ...) instead of going to
 * /dev/log, so a test can read them without a syslog daemon.
 *
 * cc -shared -fPIC -o syslog.so syslog.c
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static char ident[64] = "?";
static int facility = LOG_USER;

void openlog(const char *id, int option, int fac)
{
	(void)option;
	snprintf(ident, sizeof ident, "%s", id ? id : "?");
	facility = fac;
}

void closelog(void)
{
}

static const char *facility_name(int f)
{
	static const struct { int f; const char *name; } names[] = {
		{ LOG_MAIL, "mail" }, { LOG_DAEMON, "daemon" }, { LOG_USER, "user" },
		{ LOG_LOCAL0, "local0" }, { LOG_LOCAL1, "local1" }, { LOG_LOCAL2, "local2" },
		{ LOG_LOCAL3, "local3" }, { LOG_LOCAL4, "local4" }, { LOG_LOCAL5, "local5" },
		{ LOG_LOCAL6, "local6" }, { LOG_LOCAL7, "local7" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].f == f)
			return names[i].name;
	return "?";
}

void vsyslog(int pri, const char *fmt, va_list ap)
{
	static const char *const prio[] = { "emerg", "alert", "crit", "err", "warning", "notice",
					    "info", "debug" };
	const char *path = getenv("BPOMAIL_SYSLOG_FILE");
	FILE *f;

	if (!path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "%s.%s %s: ", facility_name((pri & LOG_FACMASK) ? (pri & LOG_FACMASK) : facility),
		prio[pri & LOG_PRIMASK], ident);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fclose(f);
}

void syslog(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}

void __syslog_chk(int pri, int flag, const char *fmt, ...);
void __syslog_chk(int pri, int flag, const char *fmt, ...)
{
	va_list ap;

	(void)flag;
	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}

void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap);
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	vsyslog(pri, fmt, ap);
}
