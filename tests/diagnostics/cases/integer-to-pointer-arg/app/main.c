// FLEXCC_MODE: rewrite
// An integer where the callee takes a pointer: refused under every
// mechanism, 'none' included.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	long addr = 4096;
	// FLEXCC: error:40: argument 1 of gate to 'fill' has type 'long', incompatible with parameter type 'long *' ||| incompatible integer to pointer conversion passing 'long' to parameter of type 'long *'
	return (int)flexos_gate(libnet, fill, addr, 1);
}
