/*
 * store_vfs.c: SQLite's unix VFS, with two changes.
 *
 * SQLite opens a WAL with SQLITE_OPEN_CREATE whether it exists or not, and
 * the unix VFS then syncs the WAL's directory at the first sync after every
 * such open: one sync of each deliver that makes nothing durable (issue 12;
 * 8 syncs a deliver before, strace). A WAL that exists is opened without
 * CREATE: whoever made it synced its directory right then (below). A WAL
 * that does not exist (a new database, or one the sqlite3 command deleted at
 * its close) is made and its directory synced at once, also by a process
 * that only reads and so never syncs anything else; then it is opened as an
 * existing one.
 *
 * SQLite writes a WAL frame as two writes (its 24-byte header, then the
 * page): a scan's batch made ~60 pwrite calls per message. Writes that
 * continue one another are gathered (up to 124 KiB) and written as
 * one at the WAL's sync, before a read of what they hold, when the next
 * write does not continue them, and before the WAL's write lock is let go
 * (db_shm_lock). SQLite syncs the WAL at every commit with synchronous =
 * FULL, which store.c always sets, so no commit is made known to other
 * connections (in the WAL index) before its frames are in the file.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A WAL: the unix VFS's file (real, allocated right after) and the writes gathered for it. */
struct wal_file {
	sqlite3_file base;
	sqlite3_file *real;
	char *gathered;
	size_t len;
	sqlite3_int64 at;
	struct wal_file *next;   /* the process's open WALs */
};

static struct wal_file *open_wals;

/* The unix VFS writes at most 128 KiB - 1 at a time (seekAndWriteFd masks the length with 0x1ffff). */
#define WAL_GATHER (124 * 1024)
#define REAL_OFFSET ((sizeof(struct wal_file) + 7) & ~(size_t)7)

static int flush(struct wal_file *w)
{
	if (!w->len)
		return SQLITE_OK;
	int rc = w->real->pMethods->xWrite(w->real, w->gathered, (int)w->len, w->at);
	w->len = 0;
	return rc;
}

static int wal_close(sqlite3_file *f)
{
	struct wal_file *w = (struct wal_file *)f;
	int rc = flush(w), closed = w->real->pMethods->xClose(w->real);

	for (struct wal_file **p = &open_wals; *p; p = &(*p)->next)
		if (*p == w) {
			*p = w->next;
			break;
		}

	free(w->gathered);
	w->gathered = NULL;
	return rc != SQLITE_OK ? rc : closed;
}

static int wal_read(sqlite3_file *f, void *p, int n, sqlite3_int64 at)
{
	struct wal_file *w = (struct wal_file *)f;

	if (w->len && at < w->at + (sqlite3_int64)w->len && at + n > w->at) {
		int rc = flush(w);
		if (rc != SQLITE_OK)
			return rc;
	}
	return w->real->pMethods->xRead(w->real, p, n, at);
}

static int wal_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 at)
{
	struct wal_file *w = (struct wal_file *)f;
	sqlite3_int64 end = w->at + (sqlite3_int64)w->len;

	if (w->len && at >= w->at && at + n <= end) {   /* a frame written again (its checksum) */
		memcpy(w->gathered + (at - w->at), p, (size_t)n);
		return SQLITE_OK;
	}
	if (!w->len || at != end || w->len + (size_t)n > WAL_GATHER) {
		int rc = flush(w);
		if (rc != SQLITE_OK)
			return rc;
		w->at = at;
	}
	if (!w->gathered)
		w->gathered = malloc(WAL_GATHER);
	if (!w->gathered || (size_t)n > WAL_GATHER)
		return w->real->pMethods->xWrite(w->real, p, n, at);
	memcpy(w->gathered + w->len, p, (size_t)n);
	w->len += (size_t)n;
	return SQLITE_OK;
}

static int wal_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct wal_file *w = (struct wal_file *)f;
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xTruncate(w->real, size);
}

static int wal_sync(sqlite3_file *f, int flags)
{
	struct wal_file *w = (struct wal_file *)f;
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xSync(w->real, flags);
}

static int wal_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct wal_file *w = (struct wal_file *)f;
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xFileSize(w->real, size);
}

static int wal_lock(sqlite3_file *f, int level)
{
	struct wal_file *w = (struct wal_file *)f;
	return w->real->pMethods->xLock(w->real, level);
}

static int wal_unlock(sqlite3_file *f, int level)
{
	struct wal_file *w = (struct wal_file *)f;
	return w->real->pMethods->xUnlock(w->real, level);
}

static int wal_check_reserved(sqlite3_file *f, int *out)
{
	struct wal_file *w = (struct wal_file *)f;
	return w->real->pMethods->xCheckReservedLock(w->real, out);
}

static int wal_file_control(sqlite3_file *f, int op, void *arg)
{
	struct wal_file *w = (struct wal_file *)f;
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xFileControl(w->real, op, arg);
}

static int wal_sector_size(sqlite3_file *f)
{
	struct wal_file *w = (struct wal_file *)f;
	return w->real->pMethods->xSectorSize(w->real);
}

static int wal_device(sqlite3_file *f)
{
	struct wal_file *w = (struct wal_file *)f;
	return w->real->pMethods->xDeviceCharacteristics(w->real);
}

/* Version 1: a WAL has no shared memory and is never mapped (mmap is for the database). */
static const sqlite3_io_methods wal_methods = {
	.iVersion = 1,
	.xClose = wal_close,
	.xRead = wal_read,
	.xWrite = wal_write,
	.xTruncate = wal_truncate,
	.xSync = wal_sync,
	.xFileSize = wal_file_size,
	.xLock = wal_lock,
	.xUnlock = wal_unlock,
	.xCheckReservedLock = wal_check_reserved,
	.xFileControl = wal_file_control,
	.xSectorSize = wal_sector_size,
	.xDeviceCharacteristics = wal_device,
};

/*
 * The database file: the unix VFS's own, but for xShmLock. Frames a
 * transaction spilled to the WAL and then rolled back may still be
 * gathered: were they written after the write lock went, they would land on
 * frames another process committed meanwhile at the same offsets. So what
 * is gathered goes out before the WAL's write lock (lock 0) is let go, in
 * the order SQLite itself writes.
 */
static sqlite3_io_methods db_methods;
static int (*unix_shm_lock)(sqlite3_file *, int, int, int);

static int db_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	if ((flags & SQLITE_SHM_UNLOCK) && offset == 0)
		for (struct wal_file *w = open_wals; w; w = w->next)
			flush(w);
	return unix_shm_lock(f, offset, n, flags);
}

static int open_db(sqlite3_filename name, sqlite3_file *f, int flags, int *out_flags)
{
	int rc = unix_vfs->xOpen(unix_vfs, name, f, flags, out_flags);

	if (rc != SQLITE_OK || !f->pMethods || f->pMethods->iVersion < 2 || !f->pMethods->xShmLock)
		return rc;
	if (!unix_shm_lock) {
		db_methods = *f->pMethods;
		unix_shm_lock = db_methods.xShmLock;
		db_methods.xShmLock = db_shm_lock;
	}
	if (f->pMethods->xShmLock == unix_shm_lock)
		f->pMethods = &db_methods;
	return rc;
}

/* The WAL through the unix VFS, as described at the top. */
static int open_wal(sqlite3_filename name, sqlite3_file *real, int flags, int *out_flags)
{
	int existing = flags & ~SQLITE_OPEN_CREATE;

	if (!(flags & SQLITE_OPEN_CREATE))
		return unix_vfs->xOpen(unix_vfs, name, real, flags, out_flags);
	if (unix_vfs->xOpen(unix_vfs, name, real, existing, out_flags) == SQLITE_OK)
		return SQLITE_OK;
	int rc = unix_vfs->xOpen(unix_vfs, name, real, flags, out_flags);
	if (rc != SQLITE_OK)
		return rc;
	sync_directory_of(name);
	real->pMethods->xClose(real);
	if (unix_vfs->xOpen(unix_vfs, name, real, existing, out_flags) == SQLITE_OK)
		return SQLITE_OK;
	return unix_vfs->xOpen(unix_vfs, name, real, flags, out_flags);   /* gone again meanwhile */
}

static int open_file(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
		     int *out_flags)
{
	struct wal_file *w = (struct wal_file *)f;

	(void)vfs;
	if (name && (flags & SQLITE_OPEN_MAIN_DB))
		return open_db(name, f, flags, out_flags);
	if (!name || !(flags & SQLITE_OPEN_WAL))
		return unix_vfs->xOpen(unix_vfs, name, f, flags, out_flags);
	memset(w, 0, sizeof *w);
	w->real = (sqlite3_file *)((char *)f + REAL_OFFSET);
	int rc = open_wal(name, w->real, flags, out_flags);
	if (rc != SQLITE_OK || !w->real->pMethods) {
		if (w->real->pMethods)
			w->real->pMethods->xClose(w->real);
		w->base.pMethods = NULL;
		return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
	}
	w->base.pMethods = &wal_methods;
	w->next = open_wals;
	open_wals = w;
	return SQLITE_OK;
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
	ours.szOsFile = unix_vfs->szOsFile + (int)REAL_OFFSET;
	ours.xOpen = open_file;
	if (sqlite3_vfs_register(&ours, 0) != SQLITE_OK) {
		ours.zName = NULL;
		return NULL;
	}
	return ours.zName;
}
