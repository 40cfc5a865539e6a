/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "ev.h"

#define NR_SLOTS 4

static ev_handler slots[NR_SLOTS];
static const struct ev_ops *cur_ops;
static long total;

void ev_register(int slot, ev_handler h)
{
	if (slot >= 0 && slot < NR_SLOTS)
		slots[slot] = h;
}

void ev_set_ops(const struct ev_ops *ops)
{
	cur_ops = ops;
}

int ev_fire(int code)
{
	int sum = 0;

	for (int i = 0; i < NR_SLOTS; i++)
		if (slots[i])
			sum += slots[i](code, 0);
	if (cur_ops && cur_ops->on_event)
		sum += cur_ops->on_event(code + 100, 0);
	printf("ev: fired %d, sum %d\n", code, sum);
	total += sum;
	return sum;
}

long ev_finish(void)
{
	if (cur_ops && cur_ops->on_done)
		cur_ops->on_done(total);
	return total;
}
