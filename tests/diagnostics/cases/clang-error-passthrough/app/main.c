// FLEXCC_MODE: compile
// FLEXCC_CLANG_ERRORS: same
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	// FLEXCC: error:34: use of undeclared identifier 'undeclared'
	return flexos_gate(libnet, add, undeclared, 2);
}
