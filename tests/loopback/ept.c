/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A stand-in for the ept runtime, FOR TESTS ONLY: it serves every RPC in the
 * calling process, so an ept image links and runs without the real runtime
 * (which forks a process per compartment). It isolates nothing; it lets
 * tests/layout check where flexcc put each compartment's data and heap in a
 * real image, and the corpus run its programs through the ept stubs.
 */
#include <flexcc/backend.h>

static _Alignas(FLEXCC_EPT_SLOT_ALIGN) char slots[32][FLEXCC_EPT_SLOT_SIZE];
static unsigned depth;

void *flexcc_ept_slot(void)
{
	return slots[depth];
}

long flexcc_ept_call(unsigned to, unsigned fn_index)
{
	(void)to;
	depth++;
	__flexcc_ept_entries[fn_index].serve(slots[depth - 1]);
	depth--;
	return 0;
}
