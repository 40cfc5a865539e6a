/* SPDX-License-Identifier: Apache-2.0 */
/* Signal handlers under mpk: each runs with the rights of the compartment
 * that registered it, whichever compartment the thread was in. */
#include <signal.h>
#include <stdio.h>
#include <flexos.h>
#include "../lib/lib.h"

static volatile int main_hits; /* main's private data */

static void on_usr2(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig == SIGUSR2 && si->si_signo == SIGUSR2)
		main_hits++;
}

static void on_term(int sig)
{
	(void)sig;
	main_hits += 100;
}

int main(void)
{
	struct sigaction sa = {0}, old;
	int r;

	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR2, &sa, NULL))
		return 1;
	if (signal(SIGTERM, on_term) == SIG_ERR)
		return 1;
	flexos_gate_r(liblib, r, lib_arm);
	printf("lib_arm=%d\n", r);
	/* A signal of main's while main runs. */
	raise(SIGUSR2);
	printf("main_hits=%d\n", main_hits);
	/* lib's signal while lib runs, and main's while lib runs. */
	flexos_gate_r(liblib, r, lib_raise, SIGUSR1);
	printf("lib_hits=%d\n", r);
	flexos_gate_r(liblib, r, lib_raise, SIGUSR2);
	printf("main_hits=%d lib_hits=%d\n", main_hits, r);
	flexos_gate_r(liblib, r, lib_raise, SIGTERM);
	printf("main_hits=%d\n", main_hits);
	/* lib's signal while main runs: lib's handler with lib's rights. */
	raise(SIGUSR1);
	flexos_gate_r(liblib, r, lib_raise, 0);
	printf("lib_hits=%d\n", r);
	/* What sigaction reports is what the image installed. */
	if (sigaction(SIGUSR2, NULL, &old) || old.sa_sigaction != on_usr2)
		return 1;
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	printf("main_hits=%d\n", main_hits);
	return 0;
}
