// FLEXCC_MODE: compile
// Under 'none' a gate is a plain call: a variadic callee is fine.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	return flexos_gate(libnet, net_log, "%d\n", 42) < 0;
}
