// FLEXCC_MODE: rewrite
// A gate's stub calls its callee from the generated stubs file: a function
// with internal linkage cannot be reached from there.
#include <flexos.h>

static int local_add(int a, int b);

int main(void)
{
	// FLEXCC: error:9: cannot gate to 'local_add' under mechanism 'mpk': it has internal linkage [lower-gate]
	return flexos_gate(libnet, local_add, 1, 2);
}
