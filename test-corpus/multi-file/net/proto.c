/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "net.h"
#include "../app/app.h"

int proto_deliver(int id)
{
	/* Back into the application's compartment. */
	return flexos_gate(libapp, app_on_packet, id, 64 * (id + 1));
}
