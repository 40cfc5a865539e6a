// FLEXCC_MODE: compile
// Copy-sharing annotations are checked under every mechanism, so that a bad
// one fails the 'none' build as it would fail an isolating one.
#include <flexos.h>

// FLEXCC: error:29: cannot compute the size of '__flexos_out(count * sizeof(struct item))' on parameter 1 'items' of 'fill': no file-scope 'struct item' is declared [copy-sharing]
// FLEXCC: note: a size may use
int fill(struct item *items __flexos_out(count * sizeof(struct item)), int count);

int main(void)
{
	return flexos_gate(libparse, fill, 0, 0);
}
