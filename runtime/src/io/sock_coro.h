/* sock_coro.h - runtime-internal: coroutines written by hand in C, the way
 * the translator writes them (DESIGN.md, "The generated C"), for the I/O
 * awaitables (streams, servers, channels).
 *
 * A resume function dispatches on f->state with gotos (`case 1: goto
 * s1;`); an await is
 *
 *     fr->aw = ac_wait_readable(fd);
 *     AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);   // writes the label s1
 *     if (r < 0) goto fail;
 *
 * and a frame that can be freed while suspended releases what it holds in
 * its code's drop function (which must be idempotent). */
#ifndef AC_SOCK_CORO_H
#define AC_SOCK_CORO_H

#include <stddef.h>

#include "asyncc.h"

/* A static ac_code for a coroutine frame type with an ac_result field.
 * Designated initializers: fields the ABI adds later start at zero. */
#define AC__CORO_CODE(var, fname, frame_t, resume_fn, drop_fn)                 \
    static const ac_code var = {.name = fname,                                 \
                                .file = __FILE__,                              \
                                .line = __LINE__,                              \
                                .kind = AC_KIND_CORO,                          \
                                .frame_size = sizeof(frame_t),                 \
                                .result_size =                                 \
                                    sizeof(((frame_t *)0)->ac_result),         \
                                .result_offset = offsetof(frame_t, ac_result), \
                                .resume = resume_fn,                           \
                                .drop = drop_fn}
/* The same for a coroutine with no result (async void). */
#define AC__CORO_CODE_VOID(var, fname, frame_t, resume_fn, drop_fn)            \
    static const ac_code var = {.name = fname,                                 \
                                .file = __FILE__,                              \
                                .line = __LINE__,                              \
                                .kind = AC_KIND_CORO,                          \
                                .frame_size = sizeof(frame_t),                 \
                                .resume = resume_fn,                           \
                                .drop = drop_fn}

/* Start awaiting *slot (a new awaitable; NULL means its creation failed
 * with the exception set) as resume point `state`.  > 0: return it to the
 * driver; 0: the result is ready, call ac__await_result now; < 0: raised. */
static inline int ac__io_await(ac_frame *f, void **slot, int state)
{
    if (*slot == NULL)
        return AC_RAISED;
    f->state = state;
    int r = ac__await_start(f, slot);
    if (r == AC_AWAITING || r == AC_YIELDED)
        return r;
    return r == AC_RAISED ? AC_RAISED : 0;
}

/* The await idiom: awaits *slot as resume point n (the macro writes its
 * label, s<n>), returning from the resume function while suspended;
 * then r is 0 with the result copied to dst (size bytes; NULL, 0: none),
 * or < 0 with the exception set. */
#define AC__AWAIT(f, slot, n, dst, size, r)                                    \
    do {                                                                       \
        if (((r) = ac__io_await((f), (slot), (n))) > 0)                        \
            return (r);                                                        \
        if ((r) == 0) {                                                        \
            s##n : (r) = ac__await_result((f), (slot), (dst), (size));         \
        }                                                                      \
    } while (0)

#endif
