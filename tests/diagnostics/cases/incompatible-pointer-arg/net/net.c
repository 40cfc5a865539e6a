#include "net.h"

long fill(long *dst, int n) { *dst = n; return n; }
