// FLEXCC_MODE: rewrite
// The config has two compartments, keys 0 and 1: key 5 names none.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	// FLEXCC: error:9: 'flexos_vmept_gate' is written to key 5, which is no compartment of the config [lower-gate]
	return flexos_vmept_gate(0, 5, add, 1, 2);
}
