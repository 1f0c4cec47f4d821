/* setup.c: installing bpomail as a service (bpomail(1), INSTALLATION), and checking the delivery user's access. */
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "maildir.h"
#include "setup.h"
#include "store.h"
#include "util.h"

extern char **environ;

static char *dir_of(const char *path)
{
	char *copy = xstrdup(path), *d = xstrdup(dirname(copy));

	free(copy);
	return d;
}

/* The first word of the sendmail setting (caller frees). */
static char *sendmail_program(const char *cmd)
{
	size_t n = strcspn(cmd, " \t");

	return xstrndup(cmd, n);
}

/* Can uid (with gid) write the file described by sb? For root callers checking another user. */
static bool may(const struct stat *sb, uid_t uid, gid_t gid, mode_t bits)
{
	if (uid == 0)
		return true;
	if (sb->st_uid == uid)
		return (sb->st_mode & (bits << 6)) == (bits << 6);
	if (sb->st_gid == gid)
		return (sb->st_mode & (bits << 3)) == (bits << 3);
	return (sb->st_mode & bits) == bits;
}

static const char *user_name(uid_t uid, char buf[32])
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		return pw->pw_name;
	snprintf(buf, 32, "uid %u", (unsigned)uid);
	return buf;
}

int check_access(const struct config *cfg)
{
	static const char *const sides[] = { "", "-wal", "-shm", ".flush-lock" };
	char *dir = dir_of(cfg->database), who_buf[32];
	struct stat sb, db;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	const char *who;
	int problems = 0;

	/* As root, the delivery user is whoever owns the database. */
	if (uid == 0 && stat(cfg->database, &db) == 0 && db.st_uid != 0) {
		uid = db.st_uid;
		gid = db.st_gid;
	}
	who = user_name(uid, who_buf);
	if (stat(dir, &sb) != 0 || !may(&sb, uid, gid, 03)) {
		warnx("%s: the directory of the database is not writable by %s (bpomail setup)", dir,
		      who);
		problems++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++) {
		char *f = xasprintf("%s%s", cfg->database, sides[i]);
		if (stat(f, &sb) != 0) {
			if (i == 0) {
				warnx("%s: %s (bpomail init)", f, strerror(errno));
				problems++;
			}
		} else if (!may(&sb, uid, gid, 06) || (geteuid() != 0 && access(f, R_OK | W_OK) != 0)) {
			warnx("%s: not writable by %s (owner uid %u, mode %03o): every delivery would be "
			      "deferred; chown %s and chmod 600 it", f, who, (unsigned)sb.st_uid,
			      (unsigned)(sb.st_mode & 0777), who);
			problems++;
		} else if (i == 0 && (sb.st_mode & 077)) {
			warnx("%s: readable by others (mode %03o): it holds the reply tokens' secret; "
			      "chmod 600 it", f, (unsigned)(sb.st_mode & 0777));
			problems++;
		}
		free(f);
	}
	if (cfg->sendmail) {
		char *prog = sendmail_program(cfg->sendmail);
		if (prog[0] != '/') {
			warnx("sendmail: '%s' is not an absolute path", prog);
			problems++;
		} else if (stat(prog, &sb) != 0) {
			warnx("sendmail: %s: %s", prog, strerror(errno));
			problems++;
		} else if (!S_ISREG(sb.st_mode) || !may(&sb, uid, gid, 01) || access(prog, X_OK) != 0) {
			warnx("sendmail: %s is not executable by %s", prog, who);
			problems++;
		}
		free(prog);
	}
	if (cfg->outbox && stat(cfg->outbox, &sb) == 0 && !may(&sb, uid, gid, 03)) {
		warnx("%s: the outbox is not writable by %s", cfg->outbox, who);
		problems++;
	}
	free(dir);
	if (problems) {
		warnx("%d access problem%s", problems, problems == 1 ? "" : "s");
		return EXIT_CONFIG;
	}
	printf("%s can write the database, its -wal, -shm and lock%s\n", who,
	       cfg->sendmail ? ", and run the sendmail command" : "");
	return EXIT_OK;
}

static int run_program(char *const argv[])
{
	pid_t pid;
	int status;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0) {
		warnx("%s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		warnx("%s failed", argv[0]);
		return -1;
	}
	return 0;
}

/* The database made by the delivery user itself, 0600, so nothing of it is root's. */
static int init_as(const struct config *cfg, const struct passwd *pw)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct store *st;
		if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 ||
				       setuid(pw->pw_uid) < 0))
			_exit(EXIT_TEMPFAIL);
		umask(077);
		st = store_open(cfg->database, cfg->busy_timeout, true);
		if (!st)
			_exit(EXIT_TEMPFAIL);
		store_close(st);
		if (cfg->outbox && maildir_make(cfg->outbox) < 0)
			_exit(EXIT_TEMPFAIL);
		_exit(EXIT_OK);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/* Postfix's message_size_limit that lets a mail of max bytes through: base64 (4/3, lines of 76+2) and headers. */
static unsigned long postfix_size_limit(size_t max)
{
	unsigned long b64 = (unsigned long)(max + 2) / 3 * 4;

	return b64 + b64 / 76 * 2 + 1024 * 1024;
}

static void print_postfix(const struct config *cfg, const char *user)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *at = strrchr(cfg->address, '@');
	char *abs_conf = realpath(cfg->path, NULL);

	exe[n > 0 ? n : 0] = '\0';
	printf("# Postfix: add to /etc/postfix/master.cf\n"
	       "bpomail   unix  -       n       n       -       2       pipe\n"
	       "  flags=DRXq user=%s argv=%s -c %s deliver --recipient ${recipient}\n\n",
	       user, n > 0 ? exe : "/usr/local/bin/bpomail", abs_conf ? abs_conf : cfg->path);
	printf("# /etc/postfix/transport (then: postmap /etc/postfix/transport)\n"
	       "%s bpomail:\n\n", cfg->address);
	printf("# /etc/postfix/virtual (then: postmap /etc/postfix/virtual); makes the address known\n"
	       "# also when %s is in mydestination (else: User unknown in local recipient table)\n"
	       "%s %s\n\n", at ? at + 1 : "the domain", cfg->address, cfg->address);
	printf("# then:\n"
	       "postconf -e 'recipient_delimiter = +'\n"
	       "postconf -e 'transport_maps = hash:/etc/postfix/transport'\n"
	       "postconf -e 'virtual_alias_maps = hash:/etc/postfix/virtual'\n"
	       "postconf -e 'bpomail_destination_recipient_limit = 1'\n"
	       "postconf -e 'bpomail_time_limit = %us'\n"
	       "postconf -e 'message_size_limit = %lu'\n"
	       "postfix reload\n",
	       cfg->deliver_time_limit * 2 + cfg->busy_timeout + 30,
	       postfix_size_limit(cfg->max_message_size));
	printf("# (keep any transport_maps and virtual_alias_maps already set: add these files to them)\n");
	free(abs_conf);
}

int setup_run(const struct config *cfg, const char *user, bool postfix_only)
{
	struct passwd *pw;
	char *dir;
	struct stat sb;
	int rc = EXIT_OK;

	if (!user)
		user = "bpomail";
	if (postfix_only) {
		print_postfix(cfg, user);
		return EXIT_OK;
	}
	if (geteuid() != 0) {
		warnx("setup creates the user %s and %s: run it as root", user, cfg->database);
		return EXIT_USAGE;
	}
	dir = dir_of(cfg->database);
	if (!getpwnam(user)) {
		char *const argv[] = { "/usr/sbin/useradd", "--system", "--user-group", "--home-dir", dir,
				       "--no-create-home", "--shell", "/usr/sbin/nologin", (char *)user,
				       NULL };
		if (run_program(argv) < 0) {
			free(dir);
			return EXIT_TEMPFAIL;
		}
		printf("user %s created\n", user);
	}
	pw = getpwnam(user);
	if (!pw || pw->pw_uid == 0) {
		warnx("%s: no such user, or root", user);
		free(dir);
		return EXIT_USAGE;
	}
	if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
		warnx("%s: %s", dir, strerror(errno));
		free(dir);
		return EXIT_TEMPFAIL;
	}
	if (chown(dir, pw->pw_uid, pw->pw_gid) < 0 || chmod(dir, 0750) < 0) {
		warnx("%s: %s", dir, strerror(errno));
		rc = EXIT_TEMPFAIL;
	}
	/* Files a root-run command left behind become the user's again. */
	static const char *const sides[] = { "", "-wal", "-shm", ".flush-lock" };
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++) {
		char *f = xasprintf("%s%s", cfg->database, sides[i]);
		if (stat(f, &sb) == 0 && (chown(f, pw->pw_uid, pw->pw_gid) < 0 || chmod(f, 0600) < 0)) {
			warnx("%s: %s", f, strerror(errno));
			rc = EXIT_TEMPFAIL;
		}
		free(f);
	}
	if (rc == EXIT_OK && init_as(cfg, pw) < 0) {
		warnx("%s: the database could not be made as %s", cfg->database, user);
		rc = EXIT_TEMPFAIL;
	}
	if (rc == EXIT_OK && chmod(cfg->database, 0600) < 0) {
		warnx("%s: %s", cfg->database, strerror(errno));
		rc = EXIT_TEMPFAIL;
	}
	/* The configuration: root's, readable by the delivery user's group only. */
	if (rc == EXIT_OK && stat(cfg->path, &sb) == 0 && sb.st_uid == 0 &&
	    (chown(cfg->path, 0, pw->pw_gid) < 0 || chmod(cfg->path, 0640) < 0)) {
		warnx("%s: %s", cfg->path, strerror(errno));
		rc = EXIT_TEMPFAIL;
	}
	free(dir);
	if (rc != EXIT_OK)
		return rc;
	printf("%s ready: owned by %s, mode 600, in a directory of mode 750\n", cfg->database, user);
	printf("%s: readable by root and group %s only\n\n", cfg->path,
	       getgrgid(pw->pw_gid) ? getgrgid(pw->pw_gid)->gr_name : user);
	print_postfix(cfg, user);
	return EXIT_OK;
}
