// FLEXCC_MODE: rewrite
// The marker that flexos.h puts in a gate's expansion, written by hand: it
// looks like a gate to flexcc but there is no macro invocation to rewrite.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	// FLEXCC: error:9: gate cannot be rewritten where it stands: it does not come from an expansion of 'flexos_gate'
	return ((void)"flexcc-gate:gate:libnet", add)(1, 2);
}
