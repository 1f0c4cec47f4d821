/* maildir.h: Maildir as the spec describes it: tmp, new and cur. */
#ifndef BPOMAIL_MAILDIR_H
#define BPOMAIL_MAILDIR_H

#include <stdbool.h>
#include <stddef.h>

struct strlist;

/* Creates dir and its tmp, new and cur (mode 0700) where missing; 0 or -1 (errno). */
int maildir_make(const char *dir);

/*
 * Writes data to dir/tmp/NAME with O_EXCL, fsyncs it, renames it into
 * dir/new/NAME and fsyncs the directory. NAME is unique ("time.MusecPpid
 * Qn.host") unless key is given: then it is "time.Bkey.host" with the time
 * fixed by the caller, so a second delivery of the same key can be seen
 * with maildir_has(). Returns 0, or -1 with errno (the tmp file removed).
 */
int maildir_deliver(const char *dir, const char *data, size_t len, const char *key, long long when);

/* True when a message delivered with this key is in new/ or cur/. */
bool maildir_has(const char *dir, const char *key, long long when);

/*
 * The same delivery for a batch of mails, with one sync for all: each is
 * written into tmp/ (maildir_put returns its name, or NULL with errno), then
 * maildir_publish makes them durable (fsync each, or syncfs for more than 8), renames
 * each into new/ and syncs new/ once. ok[i] says which names arrived; -1 with
 * errno when the sync failed (none is then known to be durable).
 */
char *maildir_put(const char *dir, const char *data, size_t len, const char *key, long long when);
int maildir_publish(const char *dir, char *const *names, size_t n, bool *ok);

/* The names in dir/new (no dot files), sorted; 0 or -1 (errno). */
int maildir_list_new(const char *dir, struct strlist *out);

/* Moves new/NAME to cur/NAME:2,S once its work is committed; 0 or -1 (errno). */
int maildir_move_to_cur(const char *dir, const char *name);

#endif
