/* exc_info.c - the exceptions being handled on this thread, CPython's
 * exc_info stack: what gives a new exception its context.
 *
 * Each frame whose code has handlers stores the exception its own code
 * handles now in its ac_handled field (code->handled_offset; generated
 * code does, at catch/finally/aexit entry and exit;
 * it stays there while the frame is suspended).  Below a frame are, in
 * order: the frames awaiting it (f->awaiter: the coroutine driver runs the
 * innermost frame of an await chain directly, its awaiters are suspended),
 * then the frames that were running on this thread when the runtime
 * resumed it, linked through an ac__exc_link while it runs (ac__exc_enter and
 * ac__exc_leave, called by gen.c, coro.c and agen_final.c around each
 * resume).  A frame is linked only while it runs, so a generator that
 * yields inside a handler takes its exception with it, and a task (whose
 * coroutine is resumed by the loop) sees only what its own frames handle.
 *
 * Nothing here runs on a path without exceptions except the two pointer
 * stores of ac__exc_enter/ac__exc_leave; the walk happens when an
 * exception is set for the first time (ac_err_set) or a raise site finds
 * no handler around it in its own frame. */
#include "core/exc_info.h"
#include "core/exc.h"

_Thread_local const ac__exc_link *ac__exc_top;

/* What f's code handles now: none when it has no handlers. */
static ac_exc *handled_by(const ac_frame *f)
{
    size_t at = f->code->handled_offset;
    return at ? *(ac_exc *const *)(const void *)((const char *)f + at) : NULL;
}

/* The innermost exception handled by f or by the frames awaiting it. */
static ac_exc *handled_in_chain(const ac_frame *f)
{
    for (; f != NULL; f = f->awaiter) {
        ac_exc *h = handled_by(f);
        if (h != NULL)
            return h;
    }
    return NULL;
}

/* CPython's _PyErr_GetTopmostException: what the running frames handle. */
static ac_exc *topmost(void)
{
    for (const ac__exc_link *l = ac__exc_top; l != NULL; l = l->below) {
        ac_exc *h = handled_in_chain(l->f);
        if (h != NULL)
            return h;
    }
    return NULL;
}

/* As CPython's _PyErr_SetObject, where an exception is set: the context
 * of a new exception is what is handled at that moment.  Runtime code
 * calling ac_err_set/ac_err_format inside a handler's dynamic extent (a
 * user's C function called from a catch block, ac_gen_close in a handler)
 * gets it there; the raise site of generated code that raises it next
 * finds it decided.  ac_exc_set_context cuts the cycle a context chain
 * through e would make. */
void ac__exc_chain(ac_exc *e)
{
    if (e->immortal)
        return;
    e->context_decided = true;
    if (e->context != NULL)
        return; /* given by the code that made it (a cause, wait_for) */
    ac_exc *h = topmost();
    if (h != NULL && h != e)
        ac_exc_set_context(e, h);
}

ac_exc *ac__exc_handled_below(const ac_frame *f)
{
    ac_exc *h = handled_in_chain(f);
    if (h != NULL)
        return h;
    /* f may run without being linked: a generator with no handler
     * stepped directly by a `for … in` loop, which sits above whatever
     * frame the loop runs in. */
    const ac__exc_link *below = ac__exc_top;
    if (below != NULL && below->f == f)
        below = below->below;
    for (; below != NULL; below = below->below)
        if ((h = handled_in_chain(below->f)) != NULL)
            return h;
    return NULL;
}
