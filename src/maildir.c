/* maildir.c: delivers into and reads from Maildirs, durably (tmp, fsync, rename, fsync dir). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "maildir.h"
#include "util.h"

int maildir_make(const char *dir)
{
	static const char *const subdirs[] = { "", "/tmp", "/new", "/cur" };

	for (size_t i = 0; i < ARRAY_SIZE(subdirs); i++) {
		char *path = xasprintf("%s%s", dir, subdirs[i]);
		int rc = mkdir(path, 0700);
		int saved = errno;
		free(path);
		if (rc < 0 && saved != EEXIST) {
			errno = saved;
			return -1;
		}
	}
	return 0;
}

/* The host's name as a Maildir file name may hold it; looked up once per run. */
static const char *hostname_safe(void)
{
	static char *safe;
	char host[256] = "localhost";
	struct buf out = BUF_INIT;

	if (safe)
		return safe;
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	for (const char *p = host; *p; p++) {
		if (*p == '/')
			buf_adds(&out, "\\057");
		else if (*p == ':')
			buf_adds(&out, "\\072");
		else
			buf_addc(&out, *p);
	}
	return safe = buf_detach(&out);
}

static char *unique_name(const char *key, long long when)
{
	static unsigned counter;
	const char *host = hostname_safe();
	char *name;
	struct timeval tv;

	gettimeofday(&tv, NULL);
	if (key)
		name = xasprintf("%lld.B%s.%s", when, key, host);
	else
		name = xasprintf("%lld.M%ldP%dQ%u.%s", (long long)tv.tv_sec, (long)tv.tv_usec,
				 (int)getpid(), ++counter, host);
	return name;
}

static int write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

int maildir_deliver(const char *dir, const char *data, size_t len, const char *key, long long when)
{
	char *name = unique_name(key, when);
	char *tmp = xasprintf("%s/tmp/%s", dir, name);
	char *dst = xasprintf("%s/new/%s", dir, name);
	char *newdir = xasprintf("%s/new", dir);
	int rc, saved;

	/* A named file may be left in tmp/ by a crash before its rename: start it again. */
	if (key)
		unlink(tmp);
	rc = write_file(tmp, data, len);

	if (rc == 0)
		rc = rename(tmp, dst);
	saved = errno;
	if (rc < 0)
		unlink(tmp);
	else
		rc = fsync_dir(newdir);
	if (rc < 0)
		saved = errno;
	free(name);
	free(tmp);
	free(dst);
	free(newdir);
	errno = saved;
	return rc;
}

char *maildir_put(const char *dir, const char *data, size_t len, const char *key, long long when)
{
	char *name = unique_name(key, when);
	char *tmp = xasprintf("%s/tmp/%s", dir, name);
	int fd, saved;

	/* A named file may be left in tmp/ by a crash before its rename: written again. */
	fd = open(tmp, O_WRONLY | O_CREAT | (key ? O_TRUNC : O_EXCL) | O_CLOEXEC, 0600);
	if (fd >= 0 && write_all(fd, data, len) == 0 && close(fd) == 0) {
		free(tmp);
		return name;
	}
	saved = errno;
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(name);
	errno = saved;
	return NULL;
}

/*
 * A few mails (a deliver's answers) are synced one by one: syncfs writes out
 * the whole file system, other programs' data too, and pays only for a
 * large batch (a scan's).
 */
#define PUBLISH_FSYNC_EACH 8

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int sync_written(const char *dir, char *const *names, size_t n)
{
	int rc = 0;

	if (n > PUBLISH_FSYNC_EACH) {
		int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		rc = fd < 0 || syncfs(fd) < 0 ? -1 : 0;
		if (fd >= 0) {
			int saved = errno;
			close(fd);
			errno = saved;
		}
		return rc;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *tmp = xasprintf("%s/tmp/%s", dir, names[i]);
		rc = sync_file(tmp);
		free(tmp);
	}
	return rc;
}

int maildir_publish(const char *dir, char *const *names, size_t n, bool *ok)
{
	char *newdir = xasprintf("%s/new", dir);
	int rc = 0, saved = 0;

	if (sync_written(dir, names, n) < 0) {
		saved = errno;
		rc = -1;
	}
	for (size_t i = 0; i < n; i++) {
		char *tmp = xasprintf("%s/tmp/%s", dir, names[i]);
		char *dst = xasprintf("%s/new/%s", dir, names[i]);
		ok[i] = rc == 0 && rename(tmp, dst) == 0;
		if (!ok[i])
			unlink(tmp);
		free(tmp);
		free(dst);
	}
	if (rc == 0 && fsync_dir(newdir) < 0) {
		saved = errno;
		rc = -1;
	}
	free(newdir);
	errno = saved;
	return rc;
}

bool maildir_has(const char *dir, const char *key, long long when)
{
	char *prefix = xasprintf("%lld.B%s.", when, key);
	static const char *const sub[] = { "new", "cur" };
	bool found = false;

	for (size_t i = 0; i < ARRAY_SIZE(sub) && !found; i++) {
		char *path = xasprintf("%s/%s", dir, sub[i]);
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && !found && (e = readdir(d)) != NULL)
			found = str_starts_with(e->d_name, prefix);
		if (d)
			closedir(d);
		free(path);
	}
	free(prefix);
	return found;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int maildir_list_new(const char *dir, struct strlist *out)
{
	char *path = xasprintf("%s/new", dir);
	DIR *d = opendir(path);
	struct dirent *e;

	free(path);
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			strlist_add(out, e->d_name);
	closedir(d);
	if (out->n)
		qsort(out->item, out->n, sizeof *out->item, compare_names);
	return 0;
}

int maildir_move_to_cur(const char *dir, const char *name)
{
	char *from = xasprintf("%s/new/%s", dir, name);
	char *to = strchr(name, ':') ? xasprintf("%s/cur/%s", dir, name)
				     : xasprintf("%s/cur/%s:2,S", dir, name);
	int rc = rename(from, to);
	int saved = errno;

	free(from);
	free(to);
	errno = saved;
	return rc;
}
