/* bench/trivial.c: the process-start floor. Linked statically; reads its
 * standard input to the end and exits 0. */
#include <unistd.h>

int main(void)
{
	char buf[65536];

	while (read(0, buf, sizeof buf) > 0)
		;
	return 0;
}
