/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "../store/store.h"

/* An annotation written once, in a macro body, for several variables. */
#define SHARED_INT(name, value) int name __attribute__((section(".flexos_shared.data"))) = value

int hits __attribute__((section(".flexos_shared.data"))) = 7;
struct stats {
	long calls;
	long bytes;
} stats __attribute__((section(".flexos_shared.data")));
static const int primes[4] __attribute__((section(".flexos_shared.rodata"))) = { 2, 3, 5, 7 };
char buf[64] __attribute__((section(".flexos_shared.data")));
extern int ext_defined __attribute__((section(".flexos_shared.data")));
int ext_defined = 3;
extern int ext_init __attribute__((section(".flexos_shared.data"))) = 9;

/* FlexOS's spellings. */
int fw_events __attribute__((section(".flexos_shared.data"))) = 1;
static char fw_name[16] __attribute__((section(".flexos_shared.data"))) = "flexos";
__section(".flexos_shared.data") int fw_table[3] = { 10, 20, 30 };
static long fw_flags __attribute__((section(".flexos_shared.data"))) = 5;

SHARED_INT(macro_a, 11);
SHARED_INT(macro_b, 12);

static int next_id(void)
{
	static int counter __attribute__((section(".flexos_shared.data")));

	return ++counter;
}

extern __typeof__(store_fill) __flexcc_gate__main__data__store_fill; extern __typeof__(store_sum) __flexcc_gate__main__data__store_sum; int main(void)
{
	int n, sum, local __flexos_shared = 4; __FLEXOS_DSS_INIT(local);

	n = __flexcc_gate__main__data__store_fill(buf, (int)sizeof(buf));
	stats.calls++;
	stats.bytes += n;
	sum = __flexcc_gate__main__data__store_sum(primes, 4);
	stats.calls++;
	sum += __flexcc_gate__main__data__store_sum(fw_table, 3);
	stats.calls++;
	next_id();
	next_id();
	printf("buf='%s' n=%d\n", buf, n);
	printf("sum=%d total=%d version=%s\n", sum, store_total, store_version);
	printf("hits=%d ext=%d,%d events=%d name=%s flags=%ld\n", hits, ext_defined,
	       ext_init, fw_events, fw_name, fw_flags);
	printf("calls=%ld bytes=%ld id=%d macros=%d,%d local=%d\n", stats.calls,
	       stats.bytes, next_id(), macro_a, macro_b, __FLEXOS_DSS(local));
	return store_total == n + sum ? 0 : 1;
}
