/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "app.h"

static void on_done(long total) __flexos_callback;

static long done_total;

static void on_done(long total)
{
	done_total = total;
	printf("app: done, total %ld\n", total);
}

/* Stored in an initializer, read by compartment events. */
extern __typeof__(on_done) __flexcc_cb__89745cdf__on_done; extern __typeof__(app_on_event) __flexcc_cb__app_on_event; static struct ev_ops ops __attribute__((section(".flexos_shared.data"))) = {
	.on_event = __flexcc_cb__app_on_event,
	.on_done = __flexcc_cb__89745cdf__on_done,
};

#define REGISTER(slot, fn) __flexcc_gate__main__events__ev_register(slot, fn)

extern __typeof__(ev_register) __flexcc_gate__main__events__ev_register; extern __typeof__(ev_set_ops) __flexcc_gate__main__events__ev_set_ops; extern __typeof__(ev_fire) __flexcc_gate__main__events__ev_fire; extern __typeof__(ev_finish) __flexcc_gate__main__events__ev_finish; int main(void)
{
	ev_handler h = __flexcc_cb__app_on_event;
	int sum;
	long total;

	/* A direct call stays a direct call. */
	app_on_event(1, &sum);
	if (h == __flexcc_cb__app_on_event)
		printf("app: h is app_on_event\n");
	__flexcc_gate__main__events__ev_register(0, h);
	__flexcc_gate__main__events__ev_register(1, app_pick(0));
	REGISTER(2, &__flexcc_cb__app_on_event);
	__flexcc_gate__main__events__ev_set_ops(&ops);
	sum = __flexcc_gate__main__events__ev_fire(5);
	printf("app: sum %d, events %d\n", sum, app_events);
	total = __flexcc_gate__main__events__ev_finish();
	printf("app: total %ld, done %ld\n", total, done_total);
	return total == done_total && app_events == 5 ? 0 : 1;
}
extern __typeof__(on_done) *const __flexcc_cbref__89745cdf__on_done; __typeof__(on_done) *const __flexcc_cbref__89745cdf__on_done = on_done;
