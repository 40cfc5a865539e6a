/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "app.h"
#include "../util/util.h"
#include "../net/net.h"

int glue_run(int v);

int app_increment(int v)
{
	return v + 1;
}

int main(void)
{
	int d = util_double(21);
	int i = util_apply_app(d);
	int c = net_checksum(i);
	int g = glue_run(3);

	printf("double=%d apply=%d checksum=%d glue=%d\n", d, i, c, g);
	return d == 42 && i == 43 ? 0 : 1;
}
