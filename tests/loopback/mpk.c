/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A stand-in for the mpk runtime, FOR TESTS ONLY: its gates switch nothing
 * (no protection key, no stack switch), so an mpk image links and runs on a
 * machine without PKU and without the real runtime. It isolates nothing; it
 * lets tests run the stubs flexcc generates for mpk (argument passing,
 * copy sharing, callbacks) and compare the image's output with the plain
 * build's.
 */
#include <flexcc/backend.h>

static unsigned current; /* 0: the default compartment (a test's only use). */

void flexcc_mpk_gate_enter(struct flexcc_mpk_gate_frame *f, unsigned from,
			   unsigned to)
{
	f->from = from == FLEXCC_COMP_CURRENT ? current : from;
	f->to = to;
	current = to;
}

void flexcc_mpk_gate_leave(struct flexcc_mpk_gate_frame *f)
{
	current = f->from;
}
