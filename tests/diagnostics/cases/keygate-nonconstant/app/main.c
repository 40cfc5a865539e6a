// FLEXCC_MODE: rewrite
// Keys are compile-time constants.
#include <flexos.h>
#include "../net/net.h"

int main(int argc, char **argv)
{
	(void)argv;
	// FLEXCC: error:9: 'flexos_nop_gate' needs integer constant keys for 'from' and 'to' [lower-gate]
	return flexos_nop_gate(0, argc, add, 1, 2);
}
