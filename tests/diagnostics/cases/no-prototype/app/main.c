// FLEXCC_MODE: rewrite
// An old-style declaration gives no parameter types to build a stub from.
#include <flexos.h>

int add();

int main(void)
{
	// FLEXCC: error:9: cannot gate to 'add' under mechanism 'mpk': it has no prototype [lower-gate]
	return flexos_gate(libnet, add, 1, 2);
}
