// FLEXCC_MODE: rewrite
// C accepts this call with a warning; a gate's stub is type-exact, so flexcc
// refuses it.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	int v;
	// FLEXCC: error:40: argument 1 of gate to 'fill' has type 'int *', incompatible with parameter type 'long *'
	return (int)flexos_gate(libnet, fill, &v, 1);
}
