/* SPDX-License-Identifier: Apache-2.0 */
/* Gates inside macro bodies. */
#include <stdio.h>
#include <flexos.h>
#include "../math/math.h"
#include "../ids/ids.h"

#define SQUARE(x) math_mul((x), (x))
#define NEXT_ID() ids_next()
#define CURRENT_ID ids_peek()
#define SUM3(a, b, c)                                                          \
	math_add(\
		    math_add((a), (b)), (c))
#define CUBE(x) math_mul(SQUARE(x), (x))
#define LOG_VALUE(v)                                                           \
	do {                                                                   \
		ids_log(#v, (v));                         \
	} while (0)
#define ADD_TO(var, n) ((var) = math_add((var), (n)))

int main(void)
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
