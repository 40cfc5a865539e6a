/* SPDX-License-Identifier: Apache-2.0 */
#include "lib.h"

#include <signal.h>
#include <string.h>

static volatile int lib_hits; /* lib's private data */

static void on_usr1(int sig)
{
	(void)sig;
	lib_hits++;
}

int lib_arm(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGUSR1, &sa, NULL);
}

int lib_raise(int sig)
{
	raise(sig);
	return lib_hits;
}
