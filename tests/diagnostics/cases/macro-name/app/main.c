// FLEXCC_MODE: rewrite
// The gate macro is reached through another name: the arguments are not
// written after 'flexos_gate' anywhere.
#include <flexos.h>
#include "../net/net.h"

#define GATE flexos_gate

int main(void)
{
	// FLEXCC: error:9: gate cannot be rewritten where it stands: 'flexos_gate' is not followed by its arguments where it is written (it reaches them through another macro)
	return GATE(libnet, add, 1, 2);
}
