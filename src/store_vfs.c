/*
 * store_vfs.c: SQLite's unix VFS, with one change. SQLite opens a WAL with
 * SQLITE_OPEN_CREATE whether it exists or not, and the unix VFS then syncs
 * the WAL's directory at the first sync after every such open: one sync of
 * each deliver that makes nothing durable (issue 12; 8 syncs a deliver
 * before, strace). A WAL that exists is opened without CREATE: its name
 * was made durable when it was created. A WAL that does not exist (a new
 * database, or one that sqlite3 deleted at its close) is created, and its
 * directory synced, as before.
 */
#include <stddef.h>
#include <sqlite3.h>

#include "store_vfs.h"

#define VFS_NAME "bpomail-unix"

static sqlite3_vfs *unix_vfs;
static sqlite3_vfs ours;

static int open_file(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
		     int *out_flags)
{
	(void)vfs;
	if (name && (flags & SQLITE_OPEN_WAL) && (flags & SQLITE_OPEN_CREATE) &&
	    unix_vfs->xOpen(unix_vfs, name, f, flags & ~SQLITE_OPEN_CREATE, out_flags) == SQLITE_OK)
		return SQLITE_OK;
	return unix_vfs->xOpen(unix_vfs, name, f, flags, out_flags);
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
