/* SPDX-License-Identifier: Apache-2.0 */
/* The network library, as a FlexOS port would write it. */
#include <string.h>
#include <flexos.h>
#include "net.h"
#include "../app/app.h"

static char queue[64];
static int queued;

void net_send(const char *msg, int len)
{
	if (len > (int)sizeof(queue) - queued)
		len = (int)sizeof(queue) - queued;
	/* libc is in the trusted base: a plain call. */
	memcpy(queue + queued, msg, (size_t)len);
	queued += len;
}

int net_recv(char *buf, int max)
{
	int n = queued < max ? queued : max;

	memcpy(buf, queue, (size_t)n);
	memmove(queue, queue + n, (size_t)(queued - n));
	queued -= n;
	return n;
}

int net_store_int(const int *p)
{
	return *p * 2;
}

int net_pending(void)
{
	return queued;
}

extern __typeof__(app_on_event) __flexcc_gate__comp2__comp1__app_on_event; int net_poll(int *events)
{
	int ret;

	/* An already-lowered MPK gate from comp2 (key 1) back to comp1 (key 0). */
	ret = __flexcc_gate__comp2__comp1__app_on_event(*events);
	__flexcc_gate__comp2__comp1__app_on_event(0);
	*events += ret;
	return ret;
}
