// FLEXCC_MODE: rewrite
// FLEXCC_CLANG_ERRORS: same
// clang's own error reaches the user unchanged: same text, same place.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	// FLEXCC: error:40: too many arguments to function call, expected 2, have 3
	return flexos_gate(libnet, add, 1, 2, 3);
}
