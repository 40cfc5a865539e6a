// FLEXCC_MODE: compile
// FLEXCC_ARGS: -I parse
// Copy-sharing annotations that flexcc cannot use, each an error at the
// annotation, reported when a gate reaches the function.
#include "parse.h"

int main(void)
{
	char buf[16] = "abc";
	size_t n = 3;
	long r = 0;

	r += flexos_gate(libparse, p_global, buf, 3);
	r += flexos_gate(libparse, p_call, buf);
	r += flexos_gate(libparse, p_pointer, buf, &n);
	r += flexos_gate(libparse, p_not_pointer, 1);
	r += flexos_gate(libparse, p_const_out, buf, 3);
	r += flexos_gate(libparse, p_string, 0);
	r += flexos_gate(libparse, p_struct, buf);
	r += flexos_gate(libparse, p_twice, buf, 3);
	r += flexos_gate(libparse, p_disagree, buf, 3);
	r += flexos_gate(libparse, p_syntax, buf, 3);
	return (int)r;
}
