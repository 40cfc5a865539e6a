/* SPDX-License-Identifier: Apache-2.0 */
#ifndef HELLO_APP_H
#define HELLO_APP_H

/* Entry points of the application, called back by the greeter. */
char app_punctuation(void);
int app_excitement(int round);

#endif /* HELLO_APP_H */
