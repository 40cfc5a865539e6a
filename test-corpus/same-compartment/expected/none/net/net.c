/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "net.h"

int net_fold(int v)
{
	return (v & 0xff) + (v >> 8);
}

int net_checksum(int v)
{
	/* A gate into the caller's own library. */
	return net_fold(v * 257);
}
