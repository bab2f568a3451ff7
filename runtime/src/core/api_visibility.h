/* api_visibility.h - included first in every runtime file (the build's
 * -include): the runtime is compiled with -fvisibility=hidden, so that
 * its internal functions (ac__loop_*, task_step, ...) are neither exported
 * from libasyncc.so nor called through its PLT; everything asyncc.h and
 * asyncc/ declare (the public API and the ABI of generated code) keeps the
 * default visibility and stays exported. */
#ifndef AC_API_VISIBILITY_H
#define AC_API_VISIBILITY_H

#pragma GCC visibility push(default)
#include "asyncc.h"
#pragma GCC visibility pop

#endif
