// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-victim - a target that survives every benchmark injection: its loops
 * are written in assembly and never read rax, the register the benchmarks
 * flip.
 *
 *   bench-victim spin N    N threads (main included) spin in "1: jmp 1b"
 *   bench-victim block     the main thread loops in a raw read(2) on a pipe
 *                          nobody writes to, ignoring what it returns
 *
 * Prints "ready PID" once every thread has been started; the caller waits a
 * little more before injecting so the main thread is inside its loop.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *spin_forever(void *unused)
{
	(void)unused;
	__asm__ volatile("1: jmp 1b");
	return NULL;
}

static void block_forever(int fd)
{
	char byte;

	for (;;) {
		long ret;

		/* Raw syscall: no libc code whose state a flipped rax could
		 * disturb; the result is ignored on purpose. */
		__asm__ volatile("syscall"
				 : "=a"(ret)
				 : "0"(0L), "D"((long)fd), "S"(&byte), "d"(1L)
				 : "rcx", "r11", "memory");
		(void)ret;
	}
}

int main(int argc, char **argv)
{
	int fds[2];

	if (argc == 3 && strcmp(argv[1], "spin") == 0) {
		long threads = strtol(argv[2], NULL, 10);
		pthread_t t;

		if (threads < 1 || threads > 1024) {
			fprintf(stderr, "bench-victim: 1..1024 threads\n");
			return 2;
		}
		for (long i = 1; i < threads; i++) {
			if (pthread_create(&t, NULL, spin_forever, NULL)) {
				perror("pthread_create");
				return 1;
			}
		}
		printf("ready %d\n", (int)getpid());
		fflush(stdout);
		spin_forever(NULL);
	} else if (argc == 2 && strcmp(argv[1], "block") == 0) {
		if (pipe(fds)) {
			perror("pipe");
			return 1;
		}
		printf("ready %d\n", (int)getpid());
		fflush(stdout);
		block_forever(fds[0]);
	}
	fprintf(stderr, "usage: bench-victim spin N | block\n");
	return 2;
}
