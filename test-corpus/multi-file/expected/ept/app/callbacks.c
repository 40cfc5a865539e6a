/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "app.h"

static int seen;

int app_on_packet(int id, int len)
{
	seen++;
	printf("packet %d len %d\n", id, len);
	return len;
}

int app_packets_seen(void)
{
	return seen;
}
