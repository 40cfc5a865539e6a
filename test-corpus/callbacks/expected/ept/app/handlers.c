/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "app.h"

int app_events;

static int on_twice(int code, void *arg) __flexos_callback;

int app_on_event(int code, void *arg)
{
	app_events++;
	printf("app: event %d%s\n", code, arg ? " (with arg)" : "");
	return code;
}

static int on_twice(int code, void *arg)
{
	(void)arg;
	app_events++;
	return 2 * code;
}

/* A callback's address escapes through a return. */
extern __typeof__(on_twice) __flexcc_cb__a800c207__on_twice; extern __typeof__(app_on_event) __flexcc_cb__app_on_event; ev_handler app_pick(int which)
{
	return which ? __flexcc_cb__app_on_event : __flexcc_cb__a800c207__on_twice;
}
extern __typeof__(on_twice) *const __flexcc_cbref__a800c207__on_twice; __typeof__(on_twice) *const __flexcc_cbref__a800c207__on_twice = on_twice;
