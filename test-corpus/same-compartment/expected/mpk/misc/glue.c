/* SPDX-License-Identifier: Apache-2.0 */
/* Not in any library: this file runs in the default compartment. */
#include <flexos.h>
#include "../util/util.h"
#include "../net/net.h"

int glue_run(int v);

extern __typeof__(net_checksum) __flexcc_gate__main__netc__net_checksum; int glue_run(int v)
{
	return util_double(v) + __flexcc_gate__main__netc__net_checksum(v);
}
