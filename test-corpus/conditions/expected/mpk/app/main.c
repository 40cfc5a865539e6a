/* SPDX-License-Identifier: Apache-2.0 */
/* Gates in conditions and loop headers. */
#include <stdio.h>
#include <flexos.h>
#include "../seq/seq.h"

extern __typeof__(seq_next) __flexcc_gate__main__seqc__seq_next; extern __typeof__(seq_limit) __flexcc_gate__main__seqc__seq_limit; extern __typeof__(seq_is_even) __flexcc_gate__main__seqc__seq_is_even; static int sum_evens(void)
{
	int sum = 0;

	for (int i = __flexcc_gate__main__seqc__seq_next(-1); i < __flexcc_gate__main__seqc__seq_limit();
	     i = __flexcc_gate__main__seqc__seq_next(i))
		if (__flexcc_gate__main__seqc__seq_is_even(i))
			sum += i;
	return sum;
}

extern __typeof__(seq_classify) __flexcc_gate__main__seqc__seq_classify; static const char *sign_name(int v)
{
	if (__flexcc_gate__main__seqc__seq_classify(v) < 0)
		return "negative";
	else if (!__flexcc_gate__main__seqc__seq_classify(v))
		return "zero";
	else
		return "positive";
}

extern __typeof__(seq_calls) __flexcc_gate__main__seqc__seq_calls; int main(void)
{
	int n = 0, steps = 0, i;

	while (__flexcc_gate__main__seqc__seq_next(n) <= __flexcc_gate__main__seqc__seq_limit())
		n++;
	printf("while: n=%d\n", n);

	do {
		steps++;
	} while (!__flexcc_gate__main__seqc__seq_is_even(steps));
	printf("do-while: steps=%d\n", steps);

	printf("for: sum=%d\n", sum_evens());

	for (i = 0; __flexcc_gate__main__seqc__seq_next(i) < 3;)
		i++;
	printf("for-cond-only: i=%d\n", i);

	switch (__flexcc_gate__main__seqc__seq_classify(-7)) {
	case -1:
		printf("switch: negative\n");
		break;
	default:
		printf("switch: other\n");
		break;
	}

	printf("signs: %s %s %s\n", sign_name(-3), sign_name(0), sign_name(9));

	if (__flexcc_gate__main__seqc__seq_is_even(4) && !__flexcc_gate__main__seqc__seq_is_even(3))
		printf("and: yes\n");
	if (__flexcc_gate__main__seqc__seq_is_even(1) || __flexcc_gate__main__seqc__seq_classify(2) > 0)
		printf("or: yes\n");
	printf("ternary: %s\n", __flexcc_gate__main__seqc__seq_is_even(10) ? "even" : "odd");

	printf("calls=%d\n", __flexcc_gate__main__seqc__seq_calls());
	return __flexcc_gate__main__seqc__seq_calls() % 7;
}
