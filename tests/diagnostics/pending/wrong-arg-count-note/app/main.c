// FLEXCC_MODE: rewrite
// PENDING: plain clang follows this error with "note: 'add' declared here"
// (net/net.h); under flexcc's parse the callee is '(marker, add)', so clang
// does not know which declaration to show and the note is lost.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	// FLEXCC: error:40: too many arguments to function call, expected 2, have 3
	return flexos_gate(libnet, add, 1, 2, 3);
}
