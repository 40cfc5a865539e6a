// FLEXCC_MODE: link
// FLEXCC_INPUTS: app/*.c net/*.c
// A gate to a function that library 'net' does not define: each object only
// records its gate targets, so the check happens when the image is linked.
#include <flexos.h>
#include "../net/net.h"

int helper(int x);

int main(void)
{
	int r = flexos_gate(libnet, add, 1, 2);
	// FLEXCC: error:9: 'helper' is not defined in library 'net' [lower-gate]
	// FLEXCC: note:9: it is defined in library 'app'
	return flexos_gate(libnet, helper, r) == 6 ? 0 : 1;
}
