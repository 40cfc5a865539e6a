/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "store.h"
#include "../net/net.h"

int store_key_at(int i);

int store_index_of(int key)
{
	/* net is in this compartment too: a plain call under every mechanism. */
	net_note_lookup();
	for (int i = 0; i < 8; i++)
		if (store_key_at(i) == key)
			return i;
	return -1;
}
