// FLEXCC_MODE: rewrite
// FLEXCC_ARGS: --mechanism=mpk
// Under mpk the callee's name is replaced by the stub's: a callee spelled
// through a macro has no text of its own to replace.
#include <flexos.h>
#include "../net/net.h"

#define ADD add

int main(void)
{
	// FLEXCC: error:9: gate cannot be rewritten where it stands: its callee is written as 'ADD', not as 'add'
	return flexos_gate(libnet, ADD, 1, 2);
}
