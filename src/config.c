/* config.c: reads bpomail.conf, one table of settings, strict about errors. */
#include <errno.h>
#include <libgen.h>

#include "bounds.h"
#include "config.h"
#include "util.h"

enum setting_type { T_STRING, T_PATH, T_ADDRESS, T_SIZE, T_BOOL, T_SECONDS, T_COUNT };

static const struct setting {
	const char *name;
	enum setting_type type;
	size_t offset;
	const char *fallback;     /* NULL: no default */
	unsigned long min, max;
} settings[] = {
	{ "address", T_ADDRESS, offsetof(struct config, address), NULL, 0, 0 },
	{ "name", T_STRING, offsetof(struct config, name), "BPO-loket", 0, 0 },
	{ "database", T_PATH, offsetof(struct config, database), NULL, 0, 0 },
	{ "outbox", T_PATH, offsetof(struct config, outbox), NULL, 0, 0 },
	{ "sendmail", T_STRING, offsetof(struct config, sendmail), NULL, 0, 0 },
	{ "templates", T_PATH, offsetof(struct config, templates), BPOMAIL_TEMPLATEDIR, 0, 0 },
	{ "max_message_size", T_SIZE, offsetof(struct config, max_message_size), "25M",
	  64 * 1024, BOUND_MESSAGE_HARD },
	{ "trust_from", T_BOOL, offsetof(struct config, trust_from), "no", 0, 0 },
	{ "busy_timeout", T_SECONDS, offsetof(struct config, busy_timeout), "30", 1, 600 },
	{ "sendmail_timeout", T_SECONDS, offsetof(struct config, sendmail_timeout), "60", 1, 3600 },
	{ "error_replies_per_day", T_COUNT, offsetof(struct config, error_replies), "10", 1, 1000 },
	{ "remind_after_days", T_COUNT, offsetof(struct config, remind_after_days), "7", 1, 365 },
};

struct reader {
	const char *file;
	const char *dir;
	unsigned line;
	int errors;
	bool seen[ARRAY_SIZE(settings)];
};

static void complain(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void complain(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	struct buf what = BUF_INIT;

	va_start(ap, fmt);
	buf_vaddf(&what, fmt, ap);
	va_end(ap);
	/* A setting that is missing has no line. */
	if (r->line)
		warnx("%s:%u: %s", r->file, r->line, buf_str(&what));
	else
		warnx("%s: %s", r->file, buf_str(&what));
	buf_free(&what);
	r->errors++;
}

static bool parse_size(const char *v, unsigned long min, unsigned long max, size_t *out)
{
	char num[32];
	size_t n = strlen(v);
	unsigned long mult = 1, value;

	if (n == 0 || n >= sizeof num)
		return false;
	memcpy(num, v, n + 1);
	switch (num[n - 1]) {
	case 'k': case 'K': mult = 1024; break;
	case 'm': case 'M': mult = 1024 * 1024; break;
	default: break;
	}
	if (mult > 1)
		num[n - 1] = '\0';
	if (!parse_uint(num, 0, max / mult, &value))
		return false;
	value *= mult;
	if (value < min || value > max)
		return false;
	*out = value;
	return true;
}

static bool parse_bool(const char *v, bool *out)
{
	if (str_eq_nocase(v, "yes") || str_eq_nocase(v, "true") || str_eq_nocase(v, "on") ||
	    str_eq_nocase(v, "ja") || strcmp(v, "1") == 0)
		*out = true;
	else if (str_eq_nocase(v, "no") || str_eq_nocase(v, "false") || str_eq_nocase(v, "off") ||
		 str_eq_nocase(v, "nee") || strcmp(v, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

static bool looks_like_address(const char *v)
{
	const char *at = strchr(v, '@');

	return at && at != v && at[1] && !strchr(at + 1, '@') && !strpbrk(v, " \t<>()\",;\r\n");
}

/* Stores one value; the reader names the problem when it is not valid. */
static void apply(struct reader *r, struct config *c, const struct setting *s, const char *v)
{
	char *base = (char *)c + s->offset;
	unsigned long secs;

	switch (s->type) {
	case T_ADDRESS:
		if (!looks_like_address(v)) {
			complain(r, "%s: '%s' is not a mail address", s->name, v);
			return;
		}
		/* fall through */
	case T_STRING:
		free(*(char **)base);
		*(char **)base = xstrdup(v);
		return;
	case T_PATH:
		free(*(char **)base);
		*(char **)base = (v[0] == '/' || !r->dir) ? xstrdup(v) : xasprintf("%s/%s", r->dir, v);
		return;
	case T_SIZE:
		if (!parse_size(v, s->min, s->max, (size_t *)(void *)base))
			complain(r, "%s: '%s' is not a size between %luK and %luM", s->name, v,
				 s->min / 1024, s->max / (1024 * 1024));
		return;
	case T_BOOL:
		if (!parse_bool(v, (bool *)(void *)base))
			complain(r, "%s: '%s' is not yes or no", s->name, v);
		return;
	case T_SECONDS:
	case T_COUNT:
		if (!parse_uint(v, s->min, s->max, &secs))
			complain(r, "%s: '%s' is not a %s between %lu and %lu", s->name, v,
				 s->type == T_SECONDS ? "number of seconds" : "number", s->min, s->max);
		else
			*(unsigned *)(void *)base = (unsigned)secs;
		return;
	}
}

static void read_line(struct reader *r, struct config *c, char *line)
{
	char *s = str_trim(line);
	char *eq, *key, *value;

	if (*s == '\0' || *s == '#' || *s == ';')
		return;
	if (*s == '[') {
		if (strcmp(s, "[bpomail]") != 0)
			complain(r, "unknown section %s (only [bpomail])", s);
		return;
	}
	eq = strchr(s, '=');
	if (!eq) {
		complain(r, "expected 'name = value'");
		return;
	}
	*eq = '\0';
	key = str_trim(s);
	value = str_trim(eq + 1);
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
		if (strcmp(key, settings[i].name) != 0)
			continue;
		if (r->seen[i])
			complain(r, "%s is set twice", key);
		r->seen[i] = true;
		if (*value == '\0')
			complain(r, "%s has no value", key);
		else
			apply(r, c, &settings[i], value);
		return;
	}
	complain(r, "unknown setting '%s'", key);
}

static bool setting_seen(const struct reader *r, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
		if (strcmp(settings[i].name, name) == 0)
			return r->seen[i];
	return false;
}

static void apply_defaults(struct reader *r, struct config *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
		if (!r->seen[i] && settings[i].fallback) {
			struct reader quiet = *r;
			quiet.dir = NULL;
			apply(&quiet, c, &settings[i], settings[i].fallback);
		}
	r->line = 0;
	/* A setting given with a bad value was already reported on its line. */
	if (!c->address && !setting_seen(r, "address"))
		complain(r, "address is not set (the system's mail address)");
	if (!c->database && !setting_seen(r, "database"))
		complain(r, "database is not set");
	if (!c->outbox && !c->sendmail)
		complain(r, "set outbox (a Maildir) or sendmail (a command) for outgoing mail");
	if (c->outbox && c->sendmail)
		complain(r, "set either outbox or sendmail, not both");
}

int config_load(const char *path, struct config *c)
{
	struct buf text = BUF_INIT;
	struct reader r = { 0 };
	char *dircopy, *line, *next;

	memset(c, 0, sizeof *c);
	if (!path)
		path = getenv("BPOMAIL_CONF");
	if (!path || !*path)
		path = "bpomail.conf";
	c->path = xstrdup(path);
	int rc = read_file(path, 1024 * 1024, &text);
	if (rc < 0) {
		if (rc == -2)
			warnx("%s: configuration file too large", path);
		else
			warnx("%s: %s", path, strerror(errno));
		buf_free(&text);
		config_free(c);
		return -1;
	}
	dircopy = xstrdup(path);
	r.file = path;
	r.dir = dirname(dircopy);
	for (line = text.data ? text.data : (char *)""; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		r.line++;
		if (strlen(line) > BOUND_CONFIG_LINE)
			complain(&r, "line longer than %d bytes", BOUND_CONFIG_LINE);
		else
			read_line(&r, c, line);
	}
	apply_defaults(&r, c);
	free(dircopy);
	buf_free(&text);
	if (r.errors) {
		warnx("%s: %d error%s; configuration refused", path, r.errors, r.errors == 1 ? "" : "s");
		config_free(c);
		return -1;
	}
	return 0;
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
		if (settings[i].type == T_STRING || settings[i].type == T_PATH ||
		    settings[i].type == T_ADDRESS)
			free(*(char **)((char *)c + settings[i].offset));
	free(c->path);
	memset(c, 0, sizeof *c);
}
