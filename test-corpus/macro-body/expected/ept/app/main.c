/* SPDX-License-Identifier: Apache-2.0 */
/* Gates inside macro bodies. */
#include <stdio.h>
#include <flexos.h>
#include "../math/math.h"
#include "../ids/ids.h"

#define SQUARE(x) __flexcc_gate__main__services__math_mul((x), (x))
#define NEXT_ID() __flexcc_gate__main__services__ids_next()
#define CURRENT_ID __flexcc_gate__main__services__ids_peek()
#define SUM3(a, b, c)                                                          \
	__flexcc_gate__main__services__math_add(\
		    __flexcc_gate__main__services__math_add((a), (b)), (c))
#define CUBE(x) __flexcc_gate__main__services__math_mul(SQUARE(x), (x))
#define LOG_VALUE(v)                                                           \
	do {                                                                   \
		__flexcc_gate__main__services__ids_log(__FLEXOS_SHARED_STR(#v), (v));                         \
	} while (0)
#define ADD_TO(var, n) ((var) = __flexcc_gate__main__services__math_add((var), (n)))

extern __typeof__(ids_next) __flexcc_gate__main__services__ids_next; extern __typeof__(ids_log) __flexcc_gate__main__services__ids_log; extern __typeof__(math_mul) __flexcc_gate__main__services__math_mul; extern __typeof__(math_add) __flexcc_gate__main__services__math_add; extern __typeof__(ids_peek) __flexcc_gate__main__services__ids_peek; int main(void)
{
	int total = 0;
	int id1 = NEXT_ID();
	int id2 = NEXT_ID();

	LOG_VALUE(SQUARE(7));
	LOG_VALUE(SUM3(1, 2, 3));
	LOG_VALUE(CUBE(3));
	LOG_VALUE(CURRENT_ID);
	ADD_TO(total, 5);
	ADD_TO(total, SQUARE(2));
	printf("ids=%d,%d current=%d total=%d\n", id1, id2, CURRENT_ID, total);
	return total == 9 ? 0 : 1;
}
