/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flexcc/report.h - how the runtimes report: one line on stderr.
 *
 * FOR THE RUNTIMES (libflexcc-rt and the backends' runtimes). Reports are
 * made from signal handlers, before main and while a process is failing,
 * so they are async-signal-safe and use no stdio.
 */
#ifndef __FLEXCC_REPORT_H__
#define __FLEXCC_REPORT_H__

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Writes "flexcc: ", the formatted text and a newline to stderr with one
 * write(2), so that lines of concurrent reports do not interleave. A text
 * longer than about 500 bytes is cut. Async-signal-safe for the formats the
 * runtimes use (no floating point).
 */
void flexcc_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** As flexcc_report(), with a va_list. */
void flexcc_vreport(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

#ifdef __cplusplus
}
#endif

#endif /* __FLEXCC_REPORT_H__ */
