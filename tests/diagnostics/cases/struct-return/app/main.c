// FLEXCC_MODE: rewrite
// A gate returns at most 256 bytes by value.
#include <flexos.h>
#include "../net/net.h"

int main(void)
{
	struct small s = flexos_gate(libnet, next_small); /* 256 bytes: fine */
	// FLEXCC: error:20: cannot gate to 'next_packet' under mechanism 'mpk': it returns 'struct packet' of 300 bytes, more than the 256 a gate can return [lower-gate]
	struct packet p = flexos_gate(libnet, next_packet);
	return p.bytes[0] + s.bytes[0];
}
