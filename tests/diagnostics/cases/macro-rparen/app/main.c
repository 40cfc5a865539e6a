// FLEXCC_MODE: rewrite
// The gate's name and arguments are written in a macro's body, but its
// closing parenthesis is written where the macro is used.
#include <flexos.h>
#include "../net/net.h"

#define GATE_ADD(a) flexos_gate(libnet, add, a,

int main(void)
{
	// FLEXCC: error:9: gate cannot be rewritten where it stands: its parts are written in different places (the closing parenthesis comes from another macro)
	return GATE_ADD(1) 2);
}
