/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <flexos.h>
#include "../evil/evil.h"

int main(int argc, char **argv)
{
	int mode = argc > 1 ? atoi(argv[1]) : 0;
	int r;

	if (mode == 0) {
		puts("usage: mpkattack 1|2|3|4");
		return 2;
	}
	flexos_gate_r(libevil, r, evil_run, mode);
	printf("evil_run returned %d\n", r);
	return 0;
}
