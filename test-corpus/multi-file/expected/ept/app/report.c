/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "app.h"
#include "../net/net.h"

extern __typeof__(net_flush) __flexcc_gate__main__data__net_flush; extern __typeof__(net_bytes) __flexcc_gate__main__data__net_bytes; void app_report(void)
{
	int sent = __flexcc_gate__main__data__net_flush(3);

	printf("flushed=%d bytes=%ld\n", sent, __flexcc_gate__main__data__net_bytes());
}
