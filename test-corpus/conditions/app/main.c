/* SPDX-License-Identifier: Apache-2.0 */
/* Gates in conditions and loop headers. */
#include <stdio.h>
#include <flexos.h>
#include "../seq/seq.h"

static int sum_evens(void)
{
	int sum = 0;

	for (int i = flexos_gate(libseq, seq_next, -1); i < flexos_gate(libseq, seq_limit);
	     i = flexos_gate(libseq, seq_next, i))
		if (flexos_gate(libseq, seq_is_even, i))
			sum += i;
	return sum;
}

static const char *sign_name(int v)
{
	if (flexos_gate(libseq, seq_classify, v) < 0)
		return "negative";
	else if (!flexos_gate(libseq, seq_classify, v))
		return "zero";
	else
		return "positive";
}

int main(void)
{
	int n = 0, steps = 0, i;

	while (flexos_gate(libseq, seq_next, n) <= flexos_gate(libseq, seq_limit))
		n++;
	printf("while: n=%d\n", n);

	do {
		steps++;
	} while (!flexos_gate(libseq, seq_is_even, steps));
	printf("do-while: steps=%d\n", steps);

	printf("for: sum=%d\n", sum_evens());

	for (i = 0; flexos_gate(libseq, seq_next, i) < 3;)
		i++;
	printf("for-cond-only: i=%d\n", i);

	switch (flexos_gate(libseq, seq_classify, -7)) {
	case -1:
		printf("switch: negative\n");
		break;
	default:
		printf("switch: other\n");
		break;
	}

	printf("signs: %s %s %s\n", sign_name(-3), sign_name(0), sign_name(9));

	if (flexos_gate(libseq, seq_is_even, 4) && !flexos_gate(libseq, seq_is_even, 3))
		printf("and: yes\n");
	if (flexos_gate(libseq, seq_is_even, 1) || flexos_gate(libseq, seq_classify, 2) > 0)
		printf("or: yes\n");
	printf("ternary: %s\n", flexos_gate(libseq, seq_is_even, 10) ? "even" : "odd");

	printf("calls=%d\n", flexos_gate(libseq, seq_calls));
	return flexos_gate(libseq, seq_calls) % 7;
}
