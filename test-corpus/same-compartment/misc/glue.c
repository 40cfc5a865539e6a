/* SPDX-License-Identifier: Apache-2.0 */
/* Not in any library: this file runs in the default compartment. */
#include <flexos.h>
#include "../util/util.h"
#include "../net/net.h"

int glue_run(int v);

int glue_run(int v)
{
	return flexos_gate(libutil, util_double, v) + flexos_gate(libnet, net_checksum, v);
}
