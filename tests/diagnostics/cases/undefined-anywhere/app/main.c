// FLEXCC_MODE: link
// FLEXCC_INPUTS: app/*.c net/*.c
// A gate to a function that no object of the image defines: flexcc says so
// at link time, before the linker's own "undefined reference".
#include <flexos.h>
#include "../net/net.h"

int helper(int x);

int main(void)
{
	int r = flexos_gate(libnet, add, 1, 2);
	// FLEXCC: error:9: 'helper' is not defined in library 'net' [lower-gate]
	// FLEXCC: note:9: no object of image 'diag' defines it
	return flexos_gate(libnet, helper, r) == 6 ? 0 : 1;
}
