/*
 * store_vfs.c: SQLite's unix VFS, with one change. SQLite opens a WAL with
 * SQLITE_OPEN_CREATE whether it exists or not, and the unix VFS then syncs
 * the WAL's directory at the first sync after every such open: one sync of
 * each deliver that makes nothing durable (issue 12; 8 syncs a deliver
 * before, strace). A WAL that exists is opened without CREATE: whoever made
 * it synced its directory right then (below). A WAL that does not exist (a
 * new database, or one the sqlite3 command deleted at its close) is made and
 * its directory synced at once, also by a process that only reads and so
 * never syncs anything else; then it is opened as an existing one.
 */
#include <stddef.h>
#include <stdio.h>
#include <sqlite3.h>
#include <string.h>

#include "store_vfs.h"
#include "util.h"

#define VFS_NAME "bpomail-unix"

static sqlite3_vfs *unix_vfs;
static sqlite3_vfs ours;

/* Makes the name of the file at path durable: fsync of its directory. */
static void sync_directory_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];

	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path) >=
		 (int)sizeof dir)
		return;
	fsync_dir(dir);
}

static int open_file(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
		     int *out_flags)
{
	int existing = flags & ~SQLITE_OPEN_CREATE;

	(void)vfs;
	if (!name || !(flags & SQLITE_OPEN_WAL) || !(flags & SQLITE_OPEN_CREATE))
		return unix_vfs->xOpen(unix_vfs, name, f, flags, out_flags);
	if (unix_vfs->xOpen(unix_vfs, name, f, existing, out_flags) == SQLITE_OK)
		return SQLITE_OK;
	int rc = unix_vfs->xOpen(unix_vfs, name, f, flags, out_flags);
	if (rc != SQLITE_OK)
		return rc;
	sync_directory_of(name);
	f->pMethods->xClose(f);
	if (unix_vfs->xOpen(unix_vfs, name, f, existing, out_flags) == SQLITE_OK)
		return SQLITE_OK;
	return unix_vfs->xOpen(unix_vfs, name, f, flags, out_flags);   /* gone again meanwhile */
}

const char *store_vfs(void)
{
	if (ours.zName)
		return ours.zName;
	if (!(unix_vfs = sqlite3_vfs_find("unix")))
		return NULL;
	/* Everything else is the unix VFS's own, its state (pAppData) included. */
	ours = *unix_vfs;
	ours.pNext = NULL;
	ours.zName = VFS_NAME;
	ours.xOpen = open_file;
	if (sqlite3_vfs_register(&ours, 0) != SQLITE_OK) {
		ours.zName = NULL;
		return NULL;
	}
	return ours.zName;
}
