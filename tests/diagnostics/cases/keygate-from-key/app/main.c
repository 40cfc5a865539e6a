// FLEXCC_MODE: rewrite
// FlexOS's already-lowered gates name compartments by key (their position in
// the config): app is in 'main', key 0, so 'from' must be 0.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	int r = flexos_intelpku_gate(0, 1, add, 1, 2); /* right keys */
	// FLEXCC: error:9: 'flexos_intelpku_gate' is written from key 1, but the caller is in compartment 'main' (key 0) [lower-gate]
	return flexos_intelpku_gate(1, 0, add, r, 2);
}
