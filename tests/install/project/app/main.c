/* SPDX-License-Identifier: Apache-2.0 */
/* The program: fills the store and reads it back, all through gates. */
#include <stdio.h>
#include <flexos.h>
#include "store.h"
#include "report.h"

int main(void)
{
	static const char *const keys[] = { "alpha", "beta", "gamma", "delta" };
	int sum = 0;

	for (int i = 0; i < 4; i++) {
		int slot = flexos_gate(libstore, store_put, keys[i], (i + 1) * 100);
		printf("put %s -> slot %d\n", keys[i], slot);
	}
	for (int i = 3; i >= 0; i--) {
		int v = 0;
		if (flexos_gate(libstore, store_get, keys[i], &v))
			printf("get %s = %d\n", keys[i], v);
		sum += v;
	}
	int missing = 0;
	printf("missing: %d\n", flexos_gate(libstore, store_get, "omega", &missing));
	int count = flexos_gate(libstore, store_size);
	fflush(stdout);
	flexos_gate(libreport, report_summary, count, sum);
	return 0;
}
