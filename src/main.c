/* main.c: the command line of bpomail(1): reads options, runs one command, exits with sysexits. */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "admin.h"
#include "config.h"
#include "directory.h"
#include "form_xml.h"
#include "intake.h"
#include "maildir.h"
#include "outbox.h"
#include "report.h"
#include "store.h"
#include "util.h"

static const char usage_text[] =
	"usage: bpomail [-c FILE] COMMAND\n"
	"  init                         create the database and secret\n"
	"  deliver [--recipient ADDR]   one message on standard input (MDA)\n"
	"  scan MAILDIR                 every message in MAILDIR/new\n"
	"  flush                        send queued outgoing mail\n"
	"  directory import FILE.csv    replace the directory\n"
	"  list [--status STATUS] [--json]\n"
	"  show ID [--json]\n"
	"  export --csv                 every request, without pupil data\n"
	"  quarantine [--json]\n"
	"  remind                       reminders for steps left too long (cron)\n"
	"  purge --before DATE          delete ended requests for good\n"
	"  check                        configuration, database and templates\n";

static int usage(void)
{
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

struct cli {
	struct config cfg;
	struct store *st;
	int argc;
	char **argv;
};

static bool has_flag(struct cli *c, const char *flag)
{
	for (int i = 0; i < c->argc; i++)
		if (strcmp(c->argv[i], flag) == 0)
			return true;
	return false;
}

static const char *flag_value(struct cli *c, const char *flag)
{
	for (int i = 0; i + 1 < c->argc; i++)
		if (strcmp(c->argv[i], flag) == 0)
			return c->argv[i + 1];
	return NULL;
}

static int open_store(struct cli *c, bool create)
{
	c->st = store_open(c->cfg.database, c->cfg.busy_timeout, create);
	return c->st ? 0 : -1;
}

static void flush_quietly(struct cli *c)
{
	struct flush_result res;

	outbox_flush(c->st, &c->cfg, &res);
}

static int cmd_init(struct cli *c)
{
	if (open_store(c, true) < 0)
		return EXIT_TEMPFAIL;
	if (c->cfg.outbox && maildir_make(c->cfg.outbox) < 0) {
		warnx("%s: %s", c->cfg.outbox, strerror(errno));
		return EXIT_CONFIG;
	}
	printf("database %s ready (schema %d)\n", c->cfg.database, STORE_SCHEMA_VERSION);
	return EXIT_OK;
}

/* Why deliver or scan could not take mail, for the last line the MTA shows (no paths). */
static const char *mda_reason;

static int intake_setup(struct cli *c, struct intake *ix, const char *recipient)
{
	int rc = EXIT_OK;

	memset(ix, 0, sizeof *ix);
	ix->cfg = &c->cfg;
	ix->recipient = recipient;
	if (form_xml_init() < 0) {
		warnx("the built-in form schema does not compile");
		return EXIT_SOFTWARE;
	}
	/* The database's path and SQLite's words go to the operator's log, not into a bounce. */
	warn_syslog_only(true);
	if (open_store(c, false) < 0) {
		rc = EXIT_TEMPFAIL;
	} else if (store_secret(c->st, ix->secret) < 0) {
		warnx("%s", c->st->errmsg);
		rc = EXIT_TEMPFAIL;
	}
	warn_syslog_only(false);
	ix->st = c->st;
	if (rc != EXIT_OK)
		mda_reason = "the database cannot be opened or written, or was not set up (run 'bpomail "
			     "init' first?)";
	return rc;
}

static int cmd_deliver(struct cli *c)
{
	struct intake ix;
	struct buf raw = BUF_INIT;
	bool truncated;
	size_t total;
	int rc;

	/* Read the whole message before anything else: the MTA expects standard input drained. */
	if (read_fd_all(STDIN_FILENO, c->cfg.max_message_size, &raw, &truncated, &total) < 0) {
		warnx("4.3.0 cannot read the message: %s", strerror(errno));
		buf_free(&raw);
		return EXIT_TEMPFAIL;
	}
	if ((rc = intake_setup(c, &ix, flag_value(c, "--recipient"))) != EXIT_OK) {
		buf_free(&raw);
		return rc;
	}
	enum intake_result r = truncated ? intake_oversized(&ix, buf_str(&raw), raw.len, total)
					 : intake_message(&ix, buf_str(&raw), raw.len);
	buf_free(&raw);
	if (r == INTAKE_RETRY)
		return EXIT_TEMPFAIL;
	flush_quietly(c);
	return EXIT_OK;
}

static int cmd_scan(struct cli *c, const char *dir)
{
	struct intake ix;
	struct strlist names = STRLIST_INIT;
	unsigned done = 0, dup = 0;
	int rc;

	if ((rc = intake_setup(c, &ix, NULL)) != EXIT_OK)
		return rc;
	if (maildir_list_new(dir, &names) < 0) {
		warnx("%s/new: %s", dir, strerror(errno));
		return EXIT_USAGE;
	}
	rc = intake_maildir(&ix, dir, &names, &done, &dup);
	flush_quietly(c);
	fprintf(stderr, "bpomail: scan %s: %u recorded, %u seen before, %zu in new/\n", dir, done, dup,
		names.n);
	strlist_free(&names);
	return rc;
}

static int cmd_flush(struct cli *c)
{
	struct flush_result res;

	if (open_store(c, false) < 0)
		return EXIT_TEMPFAIL;
	if (outbox_flush(c->st, &c->cfg, &res) < 0)
		return EXIT_TEMPFAIL;
	printf("%u sent, %u kept in the queue\n", res.sent, res.failed);
	return res.failed ? EXIT_TEMPFAIL : EXIT_OK;
}

static int cmd_directory(struct cli *c)
{
	int n;

	if (c->argc != 3 || strcmp(c->argv[1], "import") != 0)
		return usage();
	if (open_store(c, false) < 0)
		return EXIT_TEMPFAIL;
	n = directory_import(c->st, c->argv[2]);
	if (n < 0)
		return EXIT_DATAERR;
	printf("%d people in the directory\n", n);
	return EXIT_OK;
}

static int cmd_remind(struct cli *c)
{
	unsigned char secret[32];
	int rc;

	if (store_secret(c->st, secret) < 0) {
		warnx("%s", c->st->errmsg);
		return EXIT_TEMPFAIL;
	}
	rc = admin_remind(c->st, &c->cfg, secret);
	flush_quietly(c);
	return rc;
}

static int run(struct cli *c)
{
	const char *cmd = c->argv[0];
	bool json = has_flag(c, "--json");

	if (strcmp(cmd, "init") == 0)
		return cmd_init(c);
	if (strcmp(cmd, "deliver") == 0)
		return cmd_deliver(c);
	if (strcmp(cmd, "scan") == 0)
		return c->argc == 2 ? cmd_scan(c, c->argv[1]) : usage();
	if (strcmp(cmd, "flush") == 0)
		return cmd_flush(c);
	if (strcmp(cmd, "directory") == 0)
		return cmd_directory(c);
	if (open_store(c, false) < 0)
		return EXIT_TEMPFAIL;
	if (strcmp(cmd, "list") == 0)
		return report_list(c->st, flag_value(c, "--status"), json);
	if (strcmp(cmd, "show") == 0)
		return c->argc >= 2 && c->argv[1][0] != '-' ? report_show(c->st, c->argv[1], json)
							     : usage();
	if (strcmp(cmd, "quarantine") == 0)
		return report_quarantine(c->st, json);
	if (strcmp(cmd, "export") == 0)
		return has_flag(c, "--csv") ? admin_export_csv(c->st) : usage();
	if (strcmp(cmd, "purge") == 0)
		return flag_value(c, "--before") ? admin_purge(c->st, flag_value(c, "--before")) : usage();
	if (strcmp(cmd, "remind") == 0)
		return cmd_remind(c);
	if (strcmp(cmd, "check") == 0)
		return admin_check(c->st, &c->cfg);
	return usage();
}

/*
 * What deliver and scan tell the MTA: 0 when the message is recorded, 75
 * (try again later) in every other case. Postfix bounces the mail on 64 or
 * 78, and a broken configuration must not cost a sender their mail (bpomail(1), EXIT STATUS).
 */
static bool is_mda(const char *cmd)
{
	return strcmp(cmd, "deliver") == 0 || strcmp(cmd, "scan") == 0;
}

static int mda_exit(const char *cmd, int rc)
{
	if (rc == EXIT_OK || !is_mda(cmd))
		return rc;
	if (rc == EXIT_CONFIG)
		mda_reason = "its configuration cannot be read or has errors";
	else if (rc == EXIT_USAGE)
		mda_reason = "its command line is wrong";
	else if (rc != EXIT_TEMPFAIL)
		mda_reason = "an internal error";
	if (mda_reason)
		warnx("4.3.0 not recorded: %s; the details are in the mail log. The mail stays queued.",
		      mda_reason);
	return EXIT_TEMPFAIL;
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	const char *conf = NULL;
	int i = 1, rc;

	signal(SIGPIPE, SIG_IGN);
	if (i + 1 < argc && strcmp(argv[i], "-c") == 0) {
		conf = argv[i + 1];
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
		return usage();
	c.argc = argc - i;
	c.argv = argv + i;
	openlog("bpomail", LOG_PID, LOG_MAIL);
	warn_syslog_only(is_mda(c.argv[0]));
	rc = config_load(conf, &c.cfg);
	warn_syslog_only(false);
	rc = rc < 0 ? EXIT_CONFIG : run(&c);
	store_close(c.st);
	config_free(&c.cfg);
	form_xml_cleanup();
	return mda_exit(c.argv[0], rc);
}
