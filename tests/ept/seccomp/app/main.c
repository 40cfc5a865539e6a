/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tests/ept/seccomp: the default compartment. With no argument, gate calls
 * that the allowlist of 'net' permits (from the main thread and from two
 * threads); "open": then a call in which 'net' opens a file; "main-open":
 * then main itself opens a file.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <flexos.h>
#include "../net/net.h"

#define ROUNDS 1000

static void *worker(void *arg)
{
	long id = (long)arg, bad = 0;

	for (int i = 0; i < ROUNDS; i++)
		if (flexos_gate(libnet, net_add, (int)id * 10000, i) !=
		    (int)id * 10000 + i)
			bad++;
	return (void *)bad;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t t[2];
	long bad = 0;

	printf("main: 2 + 3 = %d\n", flexos_gate(libnet, net_add, 2, 3));
	printf("main: hello wrote %d\n", flexos_gate(libnet, net_hello, 42));
	printf("main: printf gave %d\n", flexos_gate(libnet, net_printf, 64));
	for (long i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)(i + 1)) != 0)
			return 1;
	for (int i = 0; i < 2; i++) {
		void *r;

		pthread_join(t[i], &r);
		bad += (long)r;
	}
	printf("main: threads bad=%ld\n", bad);
	if (strcmp(mode, "open") == 0)
		printf("main: net opened %d\n", flexos_gate(libnet, net_open));
	if (strcmp(mode, "main-open") == 0) {
		int fd;

		/* A forbidden call ends the process as a crash would: what
		 * stdio still holds is lost. */
		fflush(stdout);
		fd = open("/etc/hostname", O_RDONLY);

		printf("main: opened %d\n", fd >= 0);
	}
	printf("main: done\n");
	return 0;
}
