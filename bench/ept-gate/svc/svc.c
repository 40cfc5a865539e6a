/* SPDX-License-Identifier: Apache-2.0 */
#include "svc.h"
#include "../util/util.h"

static long calls; /* private to 'service' */

long svc_nop(void)
{
	return ++calls;
}

long svc_six(long a, long b, long c, long d, long e, long f)
{
	return a + b + c + d + e + f;
}

long svc_page(const unsigned char *p)
{
	return p[0] + p[4095];
}

long svc_relay(long v)
{
	return flexos_gate(libutil, util_twice, v) + 1;
}
