/* SPDX-License-Identifier: Apache-2.0 */
#ifndef PARSER_H
#define PARSER_H

/* Each has a bug that the right input triggers. */
int parse_word(const char *text);     /* stack buffer overflow */
int parse_record(int fields);         /* heap buffer overflow */
int parse_next(int counter);          /* signed integer overflow */
int parse_name(const char *text);     /* strcpy past a buffer's end */

#endif /* PARSER_H */
