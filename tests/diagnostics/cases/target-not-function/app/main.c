// FLEXCC_MODE: rewrite
// A gate names its callee; a function pointer has no library to gate to.
#include <flexos.h>
#include "../net/net.h"

int (*op)(int, int) = add;

int main(void)
{
	// FLEXCC: error:29: gate target must name a function [lower-gate]
	return flexos_gate(libnet, op, 1, 2);
}
