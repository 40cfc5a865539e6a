// FLEXCC_MODE: rewrite
// Under none a gate becomes a plain call: a callee spelled through a macro
// stays as written, which is fine.
#include <flexos.h>
#include "../net/net.h"

#define ADD add

int main(void)
{
	return flexos_gate(libnet, ADD, 1, 2) != 3;
}
