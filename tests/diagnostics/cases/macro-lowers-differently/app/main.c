// FLEXCC_MODE: rewrite
// One macro body holds a gate that lowers to a plain call in one expansion
// (to the caller's own compartment) and to a stub in the other.
#include <flexos.h>
#include "../net/net.h"

#define ADD_IN(lib) flexos_gate(lib, add, 1, 2)

int main(void)
{
	// FLEXCC: note:10: the other expansion is here
	int r = ADD_IN(libapp);
	// FLEXCC: error:13: gate cannot be rewritten where it stands: the macro that holds it is expanded into gates that lower differently
	return r + ADD_IN(libnet);
}
