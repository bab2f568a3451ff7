/* exc_info.c - the exceptions being handled on this thread, CPython's
 * exc_info stack: what gives a new exception its context.
 *
 * Each frame stores the exception its own code handles now in
 * f->handled (generated code does, at catch/finally/aexit entry and exit;
 * it stays there while the frame is suspended).  Below a frame are, in
 * order: the frames awaiting it (f->awaiter: the coroutine driver runs the
 * innermost frame of an await chain directly, its awaiters are suspended),
 * then the frames that were running on this thread when the runtime
 * resumed it, linked through exc_prev while it runs (ac__exc_enter and
 * ac__exc_leave, called by gen.c, coro.c and agen_final.c around each
 * resume).  A frame is linked only while it runs, so a generator that
 * yields inside a handler takes its exception with it, and a task (whose
 * coroutine is resumed by the loop) sees only what its own frames handle.
 *
 * Nothing here runs on a path without exceptions except the two pointer
 * stores of ac__exc_enter/ac__exc_leave; the walk happens when a raise site
 * finds no handler around it in its own frame. */
#include "core/exc_info.h"

_Thread_local ac_frame *ac__exc_running;

/* The innermost exception handled by f or by the frames awaiting it. */
static ac_exc *handled_in_chain(const ac_frame *f)
{
    for (; f != NULL; f = f->awaiter)
        if (f->handled != NULL)
            return f->handled;
    return NULL;
}

ac_exc *ac__exc_handled_below(const ac_frame *f)
{
    ac_exc *h = handled_in_chain(f);
    if (h != NULL)
        return h;
    /* f may run without being linked: a generator with no handler
     * stepped directly by a `for … in` loop, which sits above whatever
     * frame the loop runs in. */
    const ac_frame *below =
        ac__exc_running == f ? f->exc_prev : ac__exc_running;
    for (; below != NULL; below = below->exc_prev)
        if ((h = handled_in_chain(below)) != NULL)
            return h;
    return NULL;
}
