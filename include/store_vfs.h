/* store_vfs.h: the SQLite VFS bpomail opens its database with. */
#ifndef BPOMAIL_STORE_VFS_H
#define BPOMAIL_STORE_VFS_H

/*
 * The name of SQLite's unix VFS less one directory sync per process (see
 * store_vfs.c); registered at the first call, not as the default. NULL when
 * there is no unix VFS (then SQLite's default is used).
 */
const char *store_vfs(void);

#endif
