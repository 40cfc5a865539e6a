/* SPDX-License-Identifier: Apache-2.0 */
#include "calc.h"
#include "app.h"

int main(void)
{
	report("sum", flexos_gate(libmathlib, math_add, 20, 1));
	report("squares", flexos_gate(libmathlib, math_sum_squares, 4));
	shout("gate");
	shout("compartment");
	return 0;
}
