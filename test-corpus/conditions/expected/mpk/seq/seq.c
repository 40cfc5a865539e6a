/* SPDX-License-Identifier: Apache-2.0 */
#include "seq.h"

static int calls;

int seq_next(int cur)
{
	calls++;
	return cur + 1;
}

int seq_limit(void)
{
	calls++;
	return 5;
}

int seq_is_even(int v)
{
	calls++;
	return v % 2 == 0;
}

int seq_classify(int v)
{
	calls++;
	return v < 0 ? -1 : v == 0 ? 0 : 1;
}

int seq_calls(void)
{
	return calls;
}
