// FLEXCC_MODE: rewrite
// The stub is C: a C++ callee must have C linkage.
#include <flexos.h>

int add(int a, int b);
extern "C" int sub(int a, int b);

int main()
{
	int r = flexos_gate(libnet, sub, 3, 2); // fine: extern "C"
	// FLEXCC: error:9: cannot gate to 'add' under mechanism 'mpk': it has C++ linkage; declare it extern "C" [lower-gate]
	return flexos_gate(libnet, add, r, 2);
}
