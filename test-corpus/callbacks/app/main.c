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
static struct ev_ops ops __flexos_shared = {
	.on_event = app_on_event,
	.on_done = on_done,
};

#define REGISTER(slot, fn) flexos_gate(libev, ev_register, slot, fn)

int main(void)
{
	ev_handler h = app_on_event;
	int sum;
	long total;

	/* A direct call stays a direct call. */
	app_on_event(1, &sum);
	if (h == app_on_event)
		printf("app: h is app_on_event\n");
	flexos_gate(libev, ev_register, 0, h);
	flexos_gate(libev, ev_register, 1, app_pick(0));
	REGISTER(2, &app_on_event);
	flexos_gate(libev, ev_set_ops, &ops);
	sum = flexos_gate(libev, ev_fire, 5);
	printf("app: sum %d, events %d\n", sum, app_events);
	total = flexos_gate(libev, ev_finish);
	printf("app: total %ld, done %ld\n", total, done_total);
	return total == done_total && app_events == 5 ? 0 : 1;
}
