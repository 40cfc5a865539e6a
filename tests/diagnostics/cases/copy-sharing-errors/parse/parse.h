#include <flexos.h>
#include <stddef.h>

extern size_t parse_limit;

// FLEXCC: error:30: cannot compute the size of '__flexos_in(parse_limit)' on parameter 1 'in' of 'p_global': 'parse_limit' is not a parameter of 'p_global' nor an enum constant [copy-sharing]
// FLEXCC: note: a size may use the function's integer parameters
long p_global(const char *in __flexos_in(parse_limit), size_t len);
// FLEXCC: error:28: cannot compute the size of '__flexos_in(strlen(in))' on parameter 1 'in' of 'p_call': a size cannot call a function ('strlen') [copy-sharing]
// FLEXCC: note: a size may use
long p_call(const char *in __flexos_in(strlen(in)));
// FLEXCC: error:31: 'lenp' is a pointer; a size is a number (write '*lenp' for the integer it points to) [copy-sharing]
// FLEXCC: note: a size may use
long p_pointer(const char *in __flexos_in(lenp), size_t *lenp);
// FLEXCC: error:26: '__flexos_in(4)' on parameter 1 'n' of 'p_not_pointer': copy sharing needs a pointer parameter, not 'int' [copy-sharing]
long p_not_pointer(int n __flexos_in(4));
// FLEXCC: error:33: '__flexos_out(len)' on parameter 1 'in' of 'p_const_out': the callee cannot write through a pointer to const; use '__flexos_in' [copy-sharing]
long p_const_out(const char *in __flexos_out(len), size_t len);
// FLEXCC: error:22: '__flexos_string' on parameter 1 'v' of 'p_string': '__flexos_string' needs a pointer to a character type, not 'int *' [copy-sharing]
long p_string(int *v __flexos_string);
// FLEXCC: error:30: cannot compute the size of '__flexos_in(sizeof(struct undeclared))' on parameter 1 'in' of 'p_struct': no file-scope 'struct undeclared' is declared [copy-sharing]
// FLEXCC: note: a size may use
long p_struct(const void *in __flexos_in(sizeof(struct undeclared)));
// FLEXCC: error:41: parameter 1 of 'p_twice' has two copy-sharing annotations, '__flexos_in(len)' and '__flexos_out(len)' [copy-sharing]
long p_twice(char *buf __flexos_in(len) __flexos_out(len), size_t len);
// FLEXCC: note:27: the other annotation is here
long p_disagree(char *buf __flexos_out(len), size_t len);
// FLEXCC: error:27: '__flexos_inout(len)' on parameter 1 of 'p_disagree' disagrees with '__flexos_out(len)' on another declaration of it [copy-sharing]
long p_disagree(char *buf __flexos_inout(len), size_t len);
// FLEXCC: error:30: cannot compute the size of '__flexos_in(len +)' on parameter 1 'in' of 'p_syntax': the size is incomplete [copy-sharing]
// FLEXCC: note: a size may use
long p_syntax(const char *in __flexos_in(len +), size_t len);
