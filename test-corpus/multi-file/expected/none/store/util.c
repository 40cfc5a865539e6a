/* SPDX-License-Identifier: Apache-2.0 */
#include "store.h"

int store_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}
