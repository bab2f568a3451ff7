/* agen.h - runtime-internal: async generators (agen.c), their hooks
 * (hooks.c) and the event loop's side of them (agen_shutdown.c). */
#ifndef AC_AGEN_H
#define AC_AGEN_H

#include "asyncc.h"

/* The thread's yield hook, NULL when none. */
ac_agen_yield_hook ac__agen_yield_hook(void);

#endif
