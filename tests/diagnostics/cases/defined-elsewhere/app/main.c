// FLEXCC_MODE: rewrite
// The callee is defined in this file, so in library 'app': a gate that
// names 'net' is caught when this file is compiled.
#include <flexos.h>

// FLEXCC: note:5: 'twice' is defined here, in library 'app'
int twice(int x) { return 2 * x; }

int main(void)
{
	// FLEXCC: error:9: 'twice' is not defined in library 'net'
	return flexos_gate(libnet, twice, 21);
}
