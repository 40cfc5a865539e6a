#include <stdarg.h>
#include <stdio.h>
#include "net.h"

int net_log(const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
