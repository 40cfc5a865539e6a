/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "app.h"
#include "../store/store.h"

extern __typeof__(store_put) __flexcc_gate__main__data__store_put; extern __typeof__(store_size) __flexcc_gate__main__data__store_size; extern __typeof__(store_sum) __flexcc_gate__main__data__store_sum; int main(void)
{
	for (int i = 0; i < 5; i++)
		__flexcc_gate__main__data__store_put(i, i * i);
	printf("stored=%d sum=%d\n", __flexcc_gate__main__data__store_size(),
	       __flexcc_gate__main__data__store_sum());
	app_report();
	return app_packets_seen() == 3 ? 0 : 1;
}
