/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "net.h"
#include "../app/app.h"

extern __typeof__(app_on_packet) __flexcc_gate__data__main__app_on_packet; int proto_deliver(int id)
{
	/* Back into the application's compartment. */
	return __flexcc_gate__data__main__app_on_packet(id, 64 * (id + 1));
}
