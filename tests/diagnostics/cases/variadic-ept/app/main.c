// FLEXCC_MODE: compile
// A variadic callee has no exact prototype to generate a gate from.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	// FLEXCC: error:9: cannot gate to variadic function 'net_log' under mechanism 'ept' [lower-gate]
	return flexos_gate(libnet, net_log, "%d\n", 42) < 0;
}
