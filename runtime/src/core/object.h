/* object.h - runtime-internal: object types and the awaitable protocol.
 *
 * Every handle is an ac_object whose type says what it is.  Frames
 * (generators, coroutines, async generators, runtime coroutines written in
 * C) are awaited by linking them into the await chain (coro.c).  Other
 * awaitables (futures, tasks, ...) implement await_start/await_result, so
 * that coro.c needs no knowledge of them. */
#ifndef AC_OBJECT_H
#define AC_OBJECT_H

#include "asyncc.h"

typedef enum ac_objkind {
    AC_OBJ_GEN = AC_KIND_GEN,
    AC_OBJ_CORO = AC_KIND_CORO,
    AC_OBJ_AGEN = AC_KIND_AGEN,
    AC_OBJ_EXC = 10,
    AC_OBJ_FUTURE, /* also tasks: a task is a future */
    AC_OBJ_HANDLE,
    AC_OBJ_OTHER
} ac_objkind;

struct ac_objtype {
    /* First: `async with` reads it through the handle (asyncc.h).  All
     * NULL for a type that is no async context manager. */
    ac_acm_ops acm;
    const char *name; /* for messages: "generator", "Future", "Task" */
    ac_objkind kind;
    /* Releases what the object holds and frees it (refcnt reached 0). */
    void (*dealloc)(ac_object *self);
    /* Awaitables that are not frames.  await_start: AC_RETURNED when the
     * result is ready now, AC_YIELDED when waiter must suspend (the driver
     * wakes it when done), AC_RAISED with the exception set.  await_result:
     * 0 with the result copied (dst may be NULL; a size mismatch is a
     * TypeError), or -1 with the exception set.  waiter->how ==
     * AC_HOW_THROW means an exception was thrown into the waiter while it
     * waited (it is current): the awaitable is cancelled if that was a
     * CancelledError and -1 is returned. */
    int (*await_start)(ac_object *self, ac_frame *waiter);
    int (*await_result)(ac_object *self, ac_frame *waiter, void *dst,
                        size_t size);
};

static inline void ac__object_init(ac_object *o, const ac_objtype *type)
{
    o->refcnt = 1;
    o->type = type;
}

/* size zeroed bytes, or NULL: the runtime's ac__zalloc(size).  glibc's
 * calloc skips the per-thread cache that malloc serves small blocks from
 * (twice the instructions for a frame or a future); compilers turn a plain
 * malloc + memset back into calloc, hence a function of its own. */
void *ac__zalloc(size_t size);

/* A reference count with AC__IMMORTAL (asyncc.h) set is never changed by
 * ac_incref or ac_decref: objects that live as long as their owner (a
 * sleep's timer) or forever (sleep(0)'s awaitable, shared by every
 * thread: it is only read) skip the counting, and awaiting them writes
 * nothing. */
static inline ac_objkind ac__kind(const void *h)
{
    return ((const ac_object *)h)->type->kind;
}
static inline int ac__is_frame(const void *h)
{
    ac_objkind k = ac__kind(h);
    return k == AC_OBJ_GEN || k == AC_OBJ_CORO || k == AC_OBJ_AGEN;
}

#endif
