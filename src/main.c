/* main.c: the command line of bpomail(1): reads options, runs one command, exits with sysexits. */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "admin.h"
#include "config.h"
#include "digest.h"
#include "directory.h"
#include "form_xml.h"
#include "intake.h"
#include "maildir.h"
#include "maillog.h"
#include "oplog.h"
#include "outbox.h"
#include "quarantine.h"
#include "report.h"
#include "sandbox.h"
#include "sender.h"
#include "setup.h"
#include "store.h"
#include "util.h"

/* Every command with its synopsis and what it does: `bpomail --help` and `bpomail COMMAND --help` (bpomail(1), COMMANDS). */
static const struct command_help {
	const char *name;
	const char *synopsis;
	const char *text;
} commands[] = {
	{ "init", "init", "Create the database (mode 0600) with its secret, and the outbox Maildir.\n" },
	{ "setup", "setup [--user USER] [--postfix]",
	  "One-time installation as root: the delivery user, /var/lib/bpomail (0750), the database\n"
	  "(0600), and the exact Postfix lines to add.\n" },
	{ "deliver", "deliver [--recipient ADDR]",
	  "Process one message from standard input, as an MDA (Postfix pipe, procmail, ...).\n"
	  "Exits 0 once it is recorded, 75 when a retry will help.\n" },
	{ "scan", "scan MAILDIR", "Process every message in MAILDIR/new, moving each to cur.\n" },
	{ "flush", "flush [-v]",
	  "Send queued outgoing mail (cron). Prints nothing on success unless -v.\n" },
	{ "directory", "directory import FILE.csv | directory list [--json]",
	  "Replace the directory with FILE.csv (naam,email,rol,organisatie), or list it.\n" },
	{ "list", "list [--status STATUS] [--json]",
	  "The requests; STATUS with or without BPO> ('afgerond', 'BPO>in uitvoering').\n" },
	{ "show", "show ID [--json]", "One request: values, participants, history, documents, mail.\n" },
	{ "export", "export --csv", "Every request as CSV, without pupil data.\n" },
	{ "log", "log [--since DATE] [--request ID] [--json]",
	  "Incoming messages and what became of them, and outgoing mail, oldest first\n"
	  "(default: the last 7 days).\n" },
	{ "quarantine", "quarantine [--json] | quarantine release ID | quarantine delete ID",
	  "Messages that got no answer. release: process it now, as if just delivered\n"
	  "(after adding its sender to the directory); delete: remove it for good.\n" },
	{ "remind", "remind [-v]",
	  "Reminders for steps left waiting longer than remind_after_days (daily, cron).\n" },
	{ "digest", "digest [-v]", "The SO-loket's overview mail (daily, cron).\n" },
	{ "upkeep", "upkeep [-v]",
	  "Daily (cron): quarantined mail older than quarantine_days is deleted, and the\n"
	  "beheer role gets one mail about mail quarantined since the last one.\n" },
	{ "purge", "purge --before DATE", "Delete requests that ended before DATE, for good.\n" },
	{ "check", "check",
	  "Configuration, database (written as this user: database, -wal, -shm, lock),\n"
	  "sendmail command, form schema and templates.\n" },
};

static const struct command_help *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_usage(FILE *f)
{
	fputs("usage: bpomail [-c FILE] [-v] COMMAND [ARGS]\n"
	      "       bpomail --version | --help | COMMAND --help\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %s\n", commands[i].synopsis);
	fputs("The configuration is -c FILE, else $BPOMAIL_CONF, else ./bpomail.conf.\n"
	      "See bpomail(1) and bpomail.conf(5).\n", f);
}

static int usage(void)
{
	print_usage(stderr);
	return EXIT_USAGE;
}

/* Root works as the owner of the database (become_owner()). */
static bool became_owner;

struct cli {
	struct config cfg;
	struct store *st;
	int argc;
	char **argv;
	bool verbose;            /* -v: cron commands say what they did */
};

/* The options that take a value: their value is never a positional argument. */
static bool takes_value(const char *opt)
{
	static const char *const with_value[] = { "--recipient", "--status", "--before", "--since",
						  "--request", "--user" };

	for (size_t i = 0; i < ARRAY_SIZE(with_value); i++)
		if (strcmp(opt, with_value[i]) == 0)
			return true;
	return false;
}

/* The n-th argument after the command that is not an option (n from 1), or NULL. */
static const char *positional(struct cli *c, int n)
{
	for (int i = 1; i < c->argc; i++) {
		if (c->argv[i][0] == '-' && c->argv[i][1]) {
			i += takes_value(c->argv[i]);
			continue;
		}
		if (--n == 0)
			return c->argv[i];
	}
	return NULL;
}

/* How many arguments after the command are not options. */
static int positionals(struct cli *c)
{
	int n = 0;

	while (positional(c, n + 1))
		n++;
	return n;
}

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

/*
 * Cron mails whatever a job prints: a command run for cron prints its counts
 * only with -v; problems still go to standard error (bpomail(1), COMMANDS).
 */
static int quiet_begin(struct cli *c)
{
	int saved, null;

	if (c->verbose)
		return -1;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0) {
		if (saved >= 0)
			close(saved);
		saved = -1;
	}
	if (null >= 0)
		close(null);
	return saved;
}

static void quiet_end(int saved)
{
	if (saved < 0)
		return;
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
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
	char *dir = xstrdup(c->cfg.database), *slash = strrchr(dir, '/');
	struct stat sb;

	/* Its directory first (bpomail(1), init): the database's files are made beside it. */
	if (slash && slash != dir) {
		*slash = '\0';
		if (stat(dir, &sb) != 0 && errno == ENOENT) {
			if (mkdir(dir, 0750) < 0 || chmod(dir, 0750) < 0) {
				warnx("%s: %s", dir, strerror(errno));
				free(dir);
				return EXIT_TEMPFAIL;
			}
			printf("directory %s made (mode 750)\n", dir);
		}
	}
	free(dir);
	if (geteuid() == 0 && getpwnam("bpomail") && stat(c->cfg.database, &sb) != 0)
		warnx("run as root, init makes a database of root's that the user bpomail cannot "
		      "write: 'bpomail setup' makes it that user's");
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
	struct sandbox sb = SANDBOX_INIT;
	struct buf raw = BUF_INIT;
	bool truncated;
	size_t total;
	int rc;

	/* The parsing child first: forked after the message was read, it would hold a copy of it besides its own (issue 12). */
	sandbox_start(&sb);
	/* Read the whole message before anything else: the MTA expects standard input drained. */
	if (read_fd_all(STDIN_FILENO, c->cfg.max_message_size, &raw, &truncated, &total) < 0) {
		warnx("4.3.0 cannot read the message: %s", strerror(errno));
		buf_free(&raw);
		sandbox_stop(&sb);
		return EXIT_TEMPFAIL;
	}
	if ((rc = intake_setup(c, &ix, flag_value(c, "--recipient"))) != EXIT_OK) {
		buf_free(&raw);
		sandbox_stop(&sb);
		return rc;
	}
	ix.sandbox = &sb;
	ix.count_attempts = true;
	store_wal_limit(c->st, STORE_DELIVER_WAL_PAGES);
	enum intake_result r = truncated ? intake_oversized(&ix, buf_str(&raw), raw.len, total)
					 : intake_message(&ix, buf_str(&raw), raw.len);
	sandbox_stop(&sb);
	buf_free(&raw);
	if (r == INTAKE_RETRY)
		return EXIT_TEMPFAIL;
	/* Only this message's answers, within deliver_time_limit: the rest is flush's (bpomail(1), deliver). */
	if (ix.message_row) {
		struct flush_result res;
		if (outbox_flush_cause(c->st, &c->cfg, ix.message_row, c->cfg.deliver_time_limit,
				       true, &res) != 0)
			syslog(LOG_INFO, "message %lld: %u answer%s sent, the rest left to flush",
			       (long long)ix.message_row, res.sent, res.sent == 1 ? "" : "s");
	}
	return EXIT_OK;
}

static int cmd_scan(struct cli *c, const char *dir)
{
	struct intake ix;
	struct strlist names = STRLIST_INIT;
	struct sender sender = SENDER_INIT;
	unsigned done = 0, dup = 0;
	int rc;

	if (maildir_list_new(dir, &names) < 0) {
		warnx("%s/new: %s", dir, strerror(errno));
		return EXIT_USAGE;
	}
	/* Before the database is opened here: the sending process opens its own. */
	if (names.n > 1)
		sender_start(&sender, &c->cfg);
	if ((rc = intake_setup(c, &ix, NULL)) != EXIT_OK) {
		sender_stop(&sender);
		strlist_free(&names);
		return rc;
	}
	ix.count_attempts = true;
	ix.send_batches = true;
	ix.sender = &sender;
	rc = intake_maildir(&ix, dir, &names, &done, &dup);
	sender_stop(&sender);
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
	if (c->verbose || res.failed)
		printf("%u sent, %u kept in the queue\n", res.sent, res.failed);
	return res.failed ? EXIT_TEMPFAIL : EXIT_OK;
}

static int cmd_directory(struct cli *c)
{
	const char *what = positional(c, 1);
	int n;

	if (what && strcmp(what, "list") == 0 && positionals(c) == 1) {
		if (open_store(c, false) < 0)
			return EXIT_TEMPFAIL;
		return report_directory(c->st, has_flag(c, "--json"));
	}
	if (!what || strcmp(what, "import") != 0 || positionals(c) != 2)
		return usage();
	if (open_store(c, false) < 0)
		return EXIT_TEMPFAIL;
	/* The database's files are open: root may read the CSV as root. */
	if (became_owner && seteuid(0) < 0)
		warnx("cannot read as root again: %s", strerror(errno));
	n = directory_import(c->st, positional(c, 2));
	if (n < 0)
		return EXIT_DATAERR;
	printf("%d people in the directory\n", n);
	return EXIT_OK;
}

/* A daily job from cron (remind, upkeep): quiet unless -v, then the mail it queued is sent. */
static int cron_job(struct cli *c, int (*job)(struct store *st, const struct config *cfg,
					      const unsigned char secret[32]))
{
	unsigned char secret[32];
	int rc, saved;

	if (store_secret(c->st, secret) < 0) {
		warnx("%s", c->st->errmsg);
		return EXIT_TEMPFAIL;
	}
	saved = quiet_begin(c);
	rc = job(c->st, &c->cfg, secret);
	quiet_end(saved);
	flush_quietly(c);
	return rc;
}

static int cmd_quarantine(struct cli *c)
{
	const char *what = positional(c, 1);

	if (!what)
		return report_quarantine(c->st, has_flag(c, "--json"));
	if (positionals(c) != 2)
		return usage();
	if (strcmp(what, "delete") == 0)
		return quarantine_delete(c->st, positional(c, 2));
	if (strcmp(what, "release") == 0) {
		struct intake ix;
		int rc;
		/* intake_setup opens the database as deliver does. */
		store_close(c->st);
		c->st = NULL;
		rc = intake_setup(c, &ix, NULL);
		if (rc != EXIT_OK)
			return rc;
		rc = quarantine_release(&ix, positional(c, 2));
		flush_quietly(c);
		return rc;
	}
	return usage();
}


static int run(struct cli *c)
{
	const char *cmd = c->argv[0];
	bool json = has_flag(c, "--json");

	if (strcmp(cmd, "init") == 0)
		return cmd_init(c);
	if (strcmp(cmd, "setup") == 0)
		return setup_run(&c->cfg, flag_value(c, "--user"), has_flag(c, "--postfix"));
	if (strcmp(cmd, "deliver") == 0)
		return cmd_deliver(c);
	if (strcmp(cmd, "scan") == 0)
		return positionals(c) == 1 ? cmd_scan(c, positional(c, 1)) : usage();
	if (strcmp(cmd, "flush") == 0)
		return cmd_flush(c);
	if (strcmp(cmd, "directory") == 0)
		return cmd_directory(c);
	if (open_store(c, false) < 0)
		return EXIT_TEMPFAIL;
	if (strcmp(cmd, "list") == 0)
		return report_list(c->st, flag_value(c, "--status"), json);
	if (strcmp(cmd, "show") == 0)
		return positionals(c) == 1 ? report_show(c->st, positional(c, 1), json) : usage();
	if (strcmp(cmd, "quarantine") == 0)
		return cmd_quarantine(c);
	if (strcmp(cmd, "log") == 0)
		return oplog_print(c->st, flag_value(c, "--since"), flag_value(c, "--request"), json);
	if (strcmp(cmd, "export") == 0)
		return has_flag(c, "--csv") ? admin_export_csv(c->st) : usage();
	if (strcmp(cmd, "purge") == 0)
		return flag_value(c, "--before") ? admin_purge(c->st, flag_value(c, "--before")) : usage();
	if (strcmp(cmd, "remind") == 0)
		return cron_job(c, admin_remind);
	if (strcmp(cmd, "digest") == 0) {
		int saved = quiet_begin(c), rc = digest_send(c->st, &c->cfg);
		quiet_end(saved);
		flush_quietly(c);
		return rc;
	}
	if (strcmp(cmd, "upkeep") == 0)
		return cron_job(c, quarantine_upkeep);
	if (strcmp(cmd, "check") == 0)
		return admin_check(c->st, &c->cfg) == EXIT_OK && check_access(&c->cfg) == EXIT_OK
			? EXIT_OK : EXIT_CONFIG;
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

/*
 * Run by root (its cron, an operator's shell), bpomail works as the owner of
 * the database (of its directory before init), so no file of the database
 * ever becomes root's and the delivery user can go on: a root-owned lock or
 * -shm file defers every delivery (bpomail(1), INSTALLATION). Only the
 * effective ids change, so directory import can still read a file only root
 * may read. setup is root's own work.
 */
static void become_owner(struct cli *c)
{
	struct stat sb;
	char *dir;

	if (geteuid() != 0 || strcmp(c->argv[0], "setup") == 0)
		return;
	if (stat(c->cfg.database, &sb) != 0) {
		dir = xstrdup(c->cfg.database);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		if (stat(slash ? (*dir ? dir : "/") : ".", &sb) != 0)
			sb.st_uid = 0;
		free(dir);
	}
	if (sb.st_uid == 0)
		return;
	if (setegid(sb.st_gid) < 0 || seteuid(sb.st_uid) < 0) {
		warnx("cannot work as the database's owner (uid %u): %s", (unsigned)sb.st_uid,
		      strerror(errno));
		return;
	}
	became_owner = true;
}

/*
 * Options go anywhere on the line: -c FILE, -v, --version and --help are the
 * program's; every other word is the command's, in the order given.
 */
int main(int argc, char **argv)
{
	struct cli c = { 0 };
	const char *conf = NULL;
	bool help = false, version = false;
	int rc, facility;

	/*
	 * Issue 12, peak memory: a fixed threshold keeps every large block (a
	 * message, a document, a composed mail) in a mapping of its own, given
	 * back to the system when freed and grown by mremap without a copy.
	 * glibc's default raises the threshold after the first large free, after
	 * which such blocks land in the heap, stay resident once freed, and are
	 * copied when they grow.
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	/*
	 * Issue 12, scan: glibc gives the top of the heap back as soon as 128 KB
	 * of it is free, and a scan frees that much after every message, so the
	 * heap shrank and grew again per message: 39,000 page faults and TLB
	 * flushes in a scan of 400 messages, 1,350 with this. Peak memory is
	 * the same (bpomail(1), PERFORMANCE.md).
	 */
	mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
	signal(SIGPIPE, SIG_IGN);
	umask(077);   /* the database holds the reply tokens' secret: nobody else reads what bpomail makes */
	c.argv = xcalloc((size_t)argc + 1, sizeof *c.argv);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) {
			if (i + 1 >= argc) {
				warnx("%s needs a file", a);
				free(c.argv);
				return EXIT_USAGE;
			}
			conf = argv[++i];
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			c.verbose = true;
		} else if (strcmp(a, "--version") == 0) {
			version = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			help = true;
		} else {
			c.argv[c.argc++] = argv[i];
			if (takes_value(a) && i + 1 < argc)
				c.argv[c.argc++] = argv[++i];
		}
	}
	if (version || help) {
		const struct command_help *h = c.argc ? command_find(c.argv[0]) : NULL;
		if (version)
			printf("bpomail %s\n", BPOMAIL_VERSION);
		else if (h)
			printf("usage: bpomail [-c FILE] %s\n%s", h->synopsis, h->text);
		else
			print_usage(stdout);
		free(c.argv);
		return EXIT_OK;
	}
	if (c.argc == 0) {
		free(c.argv);
		return usage();
	}
	openlog("bpomail", LOG_PID, LOG_MAIL);
	warn_syslog_only(is_mda(c.argv[0]));
	rc = config_load(conf, &c.cfg);
	if (rc == 0 && (facility = maillog_facility(c.cfg.syslog_facility)) < 0) {
		warnx("%s: syslog_facility: '%s' is not one of mail, daemon, user, local0 ... local7",
		      c.cfg.path, c.cfg.syslog_facility);
		rc = -1;
	} else if (rc == 0) {
		closelog();
		openlog("bpomail", LOG_PID, facility);
	}
	warn_syslog_only(false);
	if (rc == 0)
		become_owner(&c);
	rc = rc < 0 ? EXIT_CONFIG : run(&c);
	store_close(c.st);
	config_free(&c.cfg);
	form_xml_cleanup();
	rc = mda_exit(c.argv[0], rc);
	free(c.argv);
	/* Root again for what runs at exit (LeakSanitizer must inspect the process). */
	if (became_owner && seteuid(0) == 0 && setegid(0) < 0)
		warnx("cannot become root again: %s", strerror(errno));
	return rc;
}
