/* SPDX-License-Identifier: Apache-2.0 */
/* An application ported to FlexOS, with the original API's spellings. */
#include <stdio.h>
#include <string.h>
#include <flexos.h>
#include "app.h"
#include "../net/net.h"
#include "../util/util.h"

int app_events __attribute__((section(".flexos_shared.data")));
static char app_buf[32] __attribute__((section(".flexos_shared.data")));
__section(".flexos_shared.data") int app_table[4] = { 1, 2, 3, 4 };
static int app_flags __attribute__((section(".flexos_shared.data"))) = 5;

int app_on_event(int ev)
{
	app_events++;
	return ev + 1;
}

static void heap_calls(void)
{
	char *a = flexos_malloc_whitelist(16);
	char *b = flexos_malloc_whitelist(16, libnet);
	int *c = flexos_calloc_whitelist(4, sizeof(int));
	int *d = flexos_calloc_whitelist(4, sizeof(int), libnet);
	void *e = flexos_memalign_whitelist(64, 128);
	void *f = flexos_memalign_whitelist(64, 128, libnet);
	void *g = flexos_palloc_whitelist(1);
	void *h = flexos_palloc_whitelist(2, libnet);

	a = flexos_realloc_whitelist(a, 32);
	b = flexos_realloc_whitelist(b, 32, libnet);
	strcpy(a, "shared");
	strcpy(b, "heap");
	printf("heap: %s %s zero=%d aligned=%d,%d pages=%d,%d\n", a, b, c[3] + d[0],
	       ((size_t)e & 63) == 0, ((size_t)f & 63) == 0,
	       ((size_t)g & 4095) == 0, ((size_t)h & 4095) == 0);
	flexos_pfree_whitelist(g, 1);
	flexos_pfree_whitelist(h, 2, libnet);
	flexos_free_whitelist(e);
	flexos_free_whitelist(f, libnet);
	flexos_free_whitelist(d);
	flexos_free_whitelist(c, libnet);
	flexos_free_whitelist(b);
	flexos_free_whitelist(a, libnet);
}

extern __typeof__(net_send) __flexcc_gate__comp1__comp2__net_send; extern __typeof__(net_poll) __flexcc_gate__comp1__comp2__net_poll; extern __typeof__(net_pending) __flexcc_gate__comp1__comp2__net_pending; extern __typeof__(net_recv) __flexcc_gate__comp1__comp2__net_recv; extern __typeof__(net_store_int) __flexcc_gate__comp1__comp2__net_store_int; int main(void)
{
	int rc, pending, doubled, events __attribute__((flexos_whitelist)) = 3; __FLEXOS_DSS_INIT(events);
	unsigned sum1, sum2;

	__flexcc_gate__comp1__comp2__net_send(FLEXOS_SHARED_LITERAL("ping;"), 5);
	__flexcc_gate__comp1__comp2__net_send(__FLEXOS_SHARED_STR("pong;"), 5);
	__flexcc_gate__comp1__comp2__net_send(__FLEXOS_SHARED_STR("pang;"), 5);
	pending = __flexcc_gate__comp1__comp2__net_pending();
	rc = __flexcc_gate__comp1__comp2__net_recv(app_buf, 10);
	app_buf[rc] = '\0';
	printf("pending=%d recv=%s\n", pending, app_buf);
	rc = __flexcc_gate__comp1__comp2__net_recv(app_buf, (int)sizeof(app_buf) - 1);
	app_buf[rc] = '\0';
	printf("recv=%s len=%d\n", app_buf, (int)strlen(app_buf));

	/* util shares comp1 with app: FlexOS wrote these as nop gates. */
	sum1 = util_checksum(app_buf, rc);
	sum2 = util_checksum(app_buf, rc);
	util_checksum("", 0);
	printf("checksum=%u same=%d\n", sum1, sum1 == sum2);

	doubled = __flexcc_gate__comp1__comp2__net_store_int(&FLEXOS_SHARED_INT(21));
	printf("doubled=%d\n", doubled);
	__flexcc_gate__comp1__comp2__net_poll(&__FLEXOS_DSS(events));
	printf("events=%d app_events=%d table=%d flags=%d\n", __FLEXOS_DSS(events), app_events,
	       app_table[3], app_flags);
	heap_calls();
	return 0;
}
