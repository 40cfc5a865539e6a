#include <string.h>
#include "net.h"

struct packet next_packet(void) { struct packet p; memset(&p, 1, sizeof p); return p; }
struct small next_small(void) { struct small s; memset(&s, 2, sizeof s); return s; }
