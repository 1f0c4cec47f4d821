/* bench/brun.c: runs one command and prints how long it took, measured
 * around fork and wait4 only (the shell loop calling brun is not counted):
 *
 *   brun [-i INPUT] [-o OUTPUT] [-e ERRFILE] -- COMMAND [ARG...]
 *
 * prints "WALL_MS USER_MS SYS_MS MAXRSS_KB STATUS" on standard output.
 * MAXRSS_KB is ru_maxrss of wait4: the largest of the command and the
 * descendants it waited for. Standard input is INPUT (default /dev/null),
 * standard output OUTPUT and standard error ERRFILE (default /dev/null).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	if (fd < 0) {
		perror(path);
		exit(127);
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = "/dev/null", *err = "/dev/null";
	struct timespec t0, t1;
	struct rusage ru;
	int opt, status, fin, fout, ferr;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+i:o:e:")) != -1) {
		switch (opt) {
		case 'i': in = optarg; break;
		case 'o': out = optarg; break;
		case 'e': err = optarg; break;
		default: return 2;
		}
	}
	if (optind >= argc) {
		fputs("usage: brun [-i INPUT] [-o OUTPUT] [-e ERRFILE] -- COMMAND [ARG...]\n", stderr);
		return 2;
	}
	fin = open_or_die(in, O_RDONLY);
	fout = open_or_die(out, O_WRONLY | O_CREAT | O_APPEND);
	ferr = open_or_die(err, O_WRONLY | O_CREAT | O_APPEND);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 127;
	}
	if (pid == 0) {
		dup2(fin, 0);
		dup2(fout, 1);
		dup2(ferr, 2);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 127;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.3f %.3f %.3f %ld %d\n",
	       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
	       (double)ru.ru_utime.tv_sec * 1e3 + (double)ru.ru_utime.tv_usec / 1e3,
	       (double)ru.ru_stime.tv_sec * 1e3 + (double)ru.ru_stime.tv_usec / 1e3,
	       ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
