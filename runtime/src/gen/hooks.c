/* hooks.c - the async-generator hooks, per thread (sys.set_asyncgen_hooks).
 *
 * firstiter runs once per async generator, at the first anext/asend/athrow/
 * aclose call; the finalizer current at that moment is stored on the
 * generator (agen.c) and called when it is dropped unfinished.  The yield
 * hook is this project's own: it sees every value an async generator
 * yields to its consumer.  An event loop swaps in its own pair while it runs
 * (agen_shutdown.c) and puts the user's back afterwards. */
#include "gen/agen.h"

typedef struct ac_agen_hooks {
    ac_agen_hook firstiter;
    ac_agen_hook finalizer;
    ac_agen_yield_hook yielded;
} ac_agen_hooks;

static _Thread_local ac_agen_hooks thread_hooks;

void ac_set_asyncgen_hooks(ac_agen_hook firstiter, ac_agen_hook finalizer)
{
    thread_hooks.firstiter = firstiter;
    thread_hooks.finalizer = finalizer;
}

void ac_get_asyncgen_hooks(ac_agen_hook *firstiter, ac_agen_hook *finalizer)
{
    if (firstiter != NULL)
        *firstiter = thread_hooks.firstiter;
    if (finalizer != NULL)
        *finalizer = thread_hooks.finalizer;
}

void ac_set_asyncgen_yield_hook(ac_agen_yield_hook yielded)
{
    thread_hooks.yielded = yielded;
}

ac_agen_yield_hook ac__agen_yield_hook(void)
{
    return thread_hooks.yielded;
}
