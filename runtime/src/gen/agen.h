/* agen.h - runtime-internal: async generators (agen.c), their first call
 * and their end (agen_final.c), what the runtime keeps about each
 * (agen_table.c), their hooks (hooks.c) and the event loop's side of them
 * (agen_shutdown.c). */
#ifndef AC_AGEN_H
#define AC_AGEN_H

#include "core/object.h"

/* CPython's PyAsyncGenObject fields that a generated frame has no room
 * for. */
typedef struct ac__agen_ext {
    bool running_async;     /* an anext/asend/athrow/aclose is in progress */
    bool closed;            /* exhausted, or aclose() called */
    bool hooks_inited;      /* firstiter ran (or there was none) */
    bool finalized;         /* the finalizer hook was called */
    ac_agen_hook finalizer; /* current at the first call; NULL: none */
    ac_loop *loop;     /* the loop tracking it (agen_shutdown.c), or NULL */
    size_t loop_index; /* its place in that loop's set */
} ac__agen_ext;

/* The generator's record, NULL when it has none yet (never iterated). */
ac__agen_ext *ac__agen_ext_of(const ac_frame *ag);
/* The record, created (zeroed) when missing; NULL with MemoryError. */
ac__agen_ext *ac__agen_ext_get(ac_frame *ag);
/* Drops the record (the frame is being freed). */
void ac__agen_ext_forget(const ac_frame *ag);

/* CPython's async_gen_init_hooks, at every anext/asend/athrow/aclose call:
 * the first one stores the finalizer and calls firstiter.  0, or -1 with
 * MemoryError. */
int ac__agen_init_hooks(ac_frame *ag);

/* The generator an anext/asend/athrow/aclose awaitable works on
 * (borrowed). */
ac_frame *ac__agen_op_generator(ac_frame *op);
/* Python's type name of such an awaitable ("async_generator_asend" or
 * "async_generator_athrow"); NULL when f is none. */
const char *ac__agen_op_type_name(const ac_frame *f);

/* The thread's yield hook, NULL when none. */
ac_agen_yield_hook ac__agen_yield_hook(void);

/* The event loop's hooks (asyncio's _asyncgen_firstiter_hook and
 * _asyncgen_finalizer_hook), installed by ac_loop_run_forever while the
 * loop runs; they act on the running loop. */
void ac__loop_agen_firstiter(ac_agen *ag);
void ac__loop_agen_finalizer(ac_agen *ag);
/* Stops tracking ag (it is being freed, or its loop let go of it). */
void ac__loop_agen_untrack(ac_frame *ag, ac__agen_ext *ext);
/* Lets go of every generator loop still tracks (the loop is being freed):
 * they are left as they are, as with a closed asyncio loop. */
void ac__loop_agen_release(ac_loop *loop);

#endif
