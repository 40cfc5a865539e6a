/* SPDX-License-Identifier: Apache-2.0 */
/* report.c - the runtimes' one-line reports (flexcc/report.h). */
#include <flexcc/report.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

void flexcc_vreport(const char *fmt, va_list ap)
{
	static const char prefix[] = "flexcc: ";
	char msg[512];
	size_t n = sizeof(prefix) - 1;
	int m;

	memcpy(msg, prefix, n);
	m = vsnprintf(msg + n, sizeof(msg) - n - 1, fmt, ap);
	if (m > 0)
		n += (size_t)m;
	if (n > sizeof(msg) - 2)
		n = sizeof(msg) - 2;
	msg[n++] = '\n';
	(void)!write(STDERR_FILENO, msg, n);
}

void flexcc_report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	flexcc_vreport(fmt, ap);
	va_end(ap);
}
