/* SPDX-License-Identifier: Apache-2.0 */
#ifndef KVDEMO_REPORT_H
#define KVDEMO_REPORT_H
#ifdef __cplusplus
extern "C" {
#endif
/* Prints the closing summary line (C++ inside, C linkage). */
void report_summary(int keys, int sum);
#ifdef __cplusplus
}
#endif
#endif
