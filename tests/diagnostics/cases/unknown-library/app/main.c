// FLEXCC_MODE: rewrite
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	// FLEXCC: error:21: gate names unknown library 'libnte' [lower-gate]
	// FLEXCC: note: the config's libraries are 'app', 'net'
	return flexos_gate(libnte, add, 1, 2);
}
