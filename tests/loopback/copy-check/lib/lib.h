/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>

int inspect(const char *name __flexos_string, char *out __flexos_out(n),
	    unsigned long n, int *counter __flexos_inout(sizeof(int)));
long consume(const char *buf __flexos_in(n), unsigned long n);
