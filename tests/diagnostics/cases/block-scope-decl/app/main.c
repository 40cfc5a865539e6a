// FLEXCC_MODE: rewrite
// The stub is declared before the calling function, as __typeof__(callee):
// the callee must be declared at file scope before that function.
#include <flexos.h>

int main(void)
{
	int add(int a, int b);
	// FLEXCC: error:9: gate cannot be rewritten where it stands: 'add' is not declared at file scope before the function that calls it; declare it there
	return flexos_gate(libnet, add, 1, 2);
}
