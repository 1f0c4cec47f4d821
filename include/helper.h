/*
 * helper.h: runs one of bpomail's helper programs (bpomail-pdf), privilege-
 * separation style: fork and execve, no shell, an environment of its own,
 * no descriptor but its standard input, output and error, and bounded in
 * output and time.
 */
#ifndef BPOMAIL_HELPER_H
#define BPOMAIL_HELPER_H

#include <stddef.h>

struct buf;

/*
 * The helper NAME: beside the running binary when it is there (a build
 * tree, build/asan), else in BPOMAIL_LIBEXECDIR (make install puts it
 * there). Caller frees.
 */
char *helper_path(const char *name);

/*
 * Runs the helper NAME with in[0..in_len) on its standard input and appends
 * its standard output, at most out_max bytes, to out. A helper still
 * running after seconds is killed. Returns 0 when it exited 0; else -1 with
 * *why set (caller frees): what went wrong and the first line it wrote on
 * standard error. out may then hold part of the output. The caller ignores
 * SIGPIPE (bpomail's main does), so a helper that stops reading ends only
 * the exchange.
 */
int helper_run(const char *name, const char *in, size_t in_len, size_t out_max, unsigned seconds,
	       struct buf *out, char **why);

#endif
