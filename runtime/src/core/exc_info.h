/* exc_info.h - runtime-internal: the exceptions being handled on this
 * thread (CPython's exc_info stack), exc_info.c. */
#ifndef AC_EXC_INFO_H
#define AC_EXC_INFO_H

#include "asyncc.h"

/* This thread's innermost frame resumed by the runtime, linked with the
 * inline functions below; NULL when none runs. */
extern _Thread_local const ac__exc_link *ac__exc_top;

/* Links f above the running frames for one resume, through l (the
 * caller's, alive until ac__exc_leave), as CPython's gen_send_ex links the
 * generator's exc_state; ac__exc_leave unlinks it (every frame that ran
 * above it has left by then). */
static inline void ac__exc_enter(ac__exc_link *l, ac_frame *f)
{
    l->f = f;
    l->below = ac__exc_top;
    ac__exc_top = l;
}

static inline void ac__exc_leave(const ac__exc_link *l)
{
    ac__exc_top = l->below;
}

/* The innermost running frame, or NULL. */
static inline ac_frame *ac__exc_running(void)
{
    return ac__exc_top != NULL ? ac__exc_top->f : NULL;
}

/* The innermost exception handled by f, its awaiters or the frames below
 * it on this thread (CPython's _PyErr_GetTopmostException), or NULL. */
ac_exc *ac__exc_handled_below(const ac_frame *f);

/* Gives e, set for the first time, its context: what the running frames
 * handle (CPython's _PyErr_SetObject).  Marks it decided. */
void ac__exc_chain(ac_exc *e);

/* Sets e as the current exception as it is (CPython's PyErr_Restore): for
 * an exception thrown into a frame (gen.throw, athrow, aclose), which is
 * chained where it lands, to what that frame handles. */
void ac__err_restore(ac_exc *e);

#endif
