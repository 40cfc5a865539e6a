/* SPDX-License-Identifier: Apache-2.0
 * echo-input.c - a static test image for tests/qemu: prints its argument
 * count and arguments (one a line, in brackets), then copies stdin to stdout
 * with a line count. Proves that arguments and the stdin file pass through. */
#include <stdio.h>

int main(int argc, char **argv) {
  printf("argc %d\n", argc);
  for (int i = 1; i < argc; i++)
    printf("arg %d [%s]\n", i, argv[i]);
  int c, lines = 0;
  while ((c = getchar()) != EOF) {
    putchar(c);
    lines += c == '\n';
  }
  printf("stdin lines %d\n", lines);
  return 0;
}
