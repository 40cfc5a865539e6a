/* SPDX-License-Identifier: Apache-2.0 */
/* Gates in conditions and loop headers. */
#include <stdio.h>
#include <flexos.h>
#include "../seq/seq.h"

static int sum_evens(void)
{
	int sum = 0;

	for (int i = seq_next(-1); i < seq_limit();
	     i = seq_next(i))
		if (seq_is_even(i))
			sum += i;
	return sum;
}

static const char *sign_name(int v)
{
	if (seq_classify(v) < 0)
		return "negative";
	else if (!seq_classify(v))
		return "zero";
	else
		return "positive";
}

int main(void)
{
	int n = 0, steps = 0, i;

	while (seq_next(n) <= seq_limit())
		n++;
	printf("while: n=%d\n", n);

	do {
		steps++;
	} while (!seq_is_even(steps));
	printf("do-while: steps=%d\n", steps);

	printf("for: sum=%d\n", sum_evens());

	for (i = 0; seq_next(i) < 3;)
		i++;
	printf("for-cond-only: i=%d\n", i);

	switch (seq_classify(-7)) {
	case -1:
		printf("switch: negative\n");
		break;
	default:
		printf("switch: other\n");
		break;
	}

	printf("signs: %s %s %s\n", sign_name(-3), sign_name(0), sign_name(9));

	if (seq_is_even(4) && !seq_is_even(3))
		printf("and: yes\n");
	if (seq_is_even(1) || seq_classify(2) > 0)
		printf("or: yes\n");
	printf("ternary: %s\n", seq_is_even(10) ? "even" : "odd");

	printf("calls=%d\n", seq_calls());
	return seq_calls() % 7;
}
