/* SPDX-License-Identifier: Apache-2.0 */
/* The hardened compartment's library: four small bugs. */
#include <stdlib.h>
#include <string.h>
#include "parser.h"

/* Copies the first word of TEXT into an 8-byte buffer, without a bound. */
int parse_word(const char *text)
{
	char word[8];
	int n = 0;

	while (text[n] && text[n] != ' ') {
		word[n] = text[n];
		n++;
	}
	return n ? word[0] + n : 0;
}

/* Fills a record of 4 fields: FIELDS past 4 writes past the block. */
int parse_record(int fields)
{
	int *rec = malloc(4 * sizeof(int));
	int i, sum = 0;

	if (!rec)
		return -1;
	for (i = 0; i < fields; i++)
		rec[i] = i;
	for (i = 0; i < 4; i++)
		sum += rec[i];
	free(rec);
	return sum;
}

/* The counter after COUNTER: overflows at INT_MAX. */
int parse_next(int counter)
{
	return counter + 1;
}

/* Copies TEXT into a 8-byte name. */
int parse_name(const char *text)
{
	char name[8];

	strcpy(name, text);
	return (int)strlen(name);
}
