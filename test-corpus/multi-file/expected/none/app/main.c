/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "app.h"
#include "../store/store.h"

int main(void)
{
	for (int i = 0; i < 5; i++)
		store_put(i, i * i);
	printf("stored=%d sum=%d\n", store_size(),
	       store_sum());
	app_report();
	return app_packets_seen() == 3 ? 0 : 1;
}
