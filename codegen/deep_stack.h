/* deep_stack.h - running the translator on a stack sized for the nesting
 * limit.  The lowering and the emitters walk the tree recursively; a
 * thread with a stack of AC_DEEP_STACK bytes (reserved, touched only as
 * deep as the input goes) holds AC_MAX_NESTING levels with a wide margin,
 * under AddressSanitizer too, whatever the process's own stack limit. */
#ifndef AC_DEEP_STACK_H
#define AC_DEEP_STACK_H

#include <stddef.h>

#define AC_DEEP_STACK ((size_t)512 << 20)

/* Calls fn(arg) on a thread with that stack and returns its result; when
 * no such thread can be made, calls it on the caller's stack. */
int ac_call_on_deep_stack(int (*fn)(void *arg), void *arg);

#endif
