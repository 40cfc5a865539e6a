/* SPDX-License-Identifier: Apache-2.0
 * exit-status.c - a static test image for tests/qemu: writes a line to
 * stdout and one to stderr, then exits with the status given as argv[1]
 * (default 3). Proves that exit statuses and stderr pass through. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int status = argc > 1 ? atoi(argv[1]) : 3;
  printf("exit-status: exiting with %d\n", status);
  fprintf(stderr, "exit-status: this goes to stderr (status %d)\n", status);
  return status;
}
