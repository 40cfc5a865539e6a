/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "app.h"
#include "../net/net.h"

void app_report(void)
{
	int sent = flexos_gate(libnet, net_flush, 3);

	printf("flushed=%d bytes=%ld\n", sent, flexos_gate(libnet, net_bytes));
}
