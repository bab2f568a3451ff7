/* handle.c - scheduled callbacks (asyncio's Handle and TimerHandle). */
#include "loop/loop.h"

#include <stdlib.h>

static void handle_dealloc(ac_object *self)
{
    ac_handle *h = (ac_handle *)self;
    ac_decref(h->hold);
    free(h);
}

/* Embedded handles belong to their owner; their count is immortal (never
 * changed), so this never runs. */
static void embedded_dealloc(ac_object *self)
{
    (void)self;
    abort();
}

static const ac_objtype handle_type = {
    .name = "Handle", .kind = AC_OBJ_HANDLE, .dealloc = handle_dealloc};
static const ac_objtype embedded_type = {
    .name = "Handle", .kind = AC_OBJ_HANDLE, .dealloc = embedded_dealloc};

/* Set by hand rather than through ac__object_init: this may run on a
 * thread that does not own the loop (call_soon_threadsafe). */
static void handle_fill(ac_handle *h, const ac_objtype *type, int kind,
                        void *cb, void *arg, ac_object *hold)
{
    h->ob.refcnt = 1;
    h->ob.type = type;
    h->next = NULL;
    switch (kind) {
    case AC__H_FUTURE:
        h->cb.fut = (void (*)(ac_future *, void *))cb;
        break;
    case AC__H_TASK:
        h->cb.task = (void (*)(ac_task *, void *))cb;
        break;
    default:
        h->cb.plain = (void (*)(void *))cb;
    }
    h->arg = arg;
    h->hold = hold;
    h->kind = (unsigned char)kind;
    h->cancelled = 0;
    h->is_timer = 0;
    h->embedded = type == &embedded_type;
    if (h->embedded)
        h->ob.refcnt = AC__IMMORTAL;
}

/* cb is passed as void * only between these few functions; it is cast
 * back to the exact type kind says before being called. */
ac_handle *ac__handle_new(int kind, void *cb, void *arg, ac_object *hold)
{
    ac_handle *h = malloc(sizeof *h);
    if (h == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    handle_fill(h, &handle_type, kind, cb, arg, hold);
    return h;
}

void ac__handle_init_embedded(ac_handle *h, void (*cb)(void *), void *arg)
{
    handle_fill(h, &embedded_type, AC__H_PLAIN, (void *)cb, arg, NULL);
}

void ac__handle_release(ac_handle *h)
{
    ac_decref(h);
}

void ac__handle_run(ac_handle *h)
{
    if (h->cancelled)
        return;
    switch (h->kind) {
    case AC__H_FUTURE:
        h->cb.fut((ac_future *)h->hold, h->arg);
        break;
    case AC__H_TASK:
        h->cb.task((ac_task *)h->hold, h->arg);
        break;
    default:
        h->cb.plain(h->arg);
    }
}

void ac__timer_init_embedded(ac__timer *t, void (*cb)(void *), void *arg)
{
    handle_fill(&t->h, &embedded_type, AC__H_PLAIN, (void *)cb, arg, NULL);
    t->h.is_timer = 1;
    t->when = 0;
    t->seq = 0;
    t->heap_index = AC__NOT_IN_HEAP;
    t->loop = NULL;
}

void ac_handle_cancel(ac_handle *h)
{
    if (h == NULL || h->cancelled)
        return;
    h->cancelled = 1;
    /* Like asyncio, forget what the callback would have used. */
    ac_object *hold = h->hold;
    h->hold = NULL;
    if (h->is_timer) {
        ac__timer *t = (ac__timer *)h;
        if (t->heap_index != AC__NOT_IN_HEAP)
            ac__heap_remove(t->loop, t); /* drops the heap's reference */
    }
    ac_decref(hold);
}

/* A standalone timer (ac_call_at): freed with its last reference. */
ac__timer *ac__timer_new(void (*cb)(void *), void *arg)
{
    ac__timer *t = malloc(sizeof *t);
    if (t == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__timer_init_embedded(t, cb, arg);
    t->h.ob.type = &handle_type;
    t->h.ob.refcnt = 1;
    t->h.embedded = 0;
    return t;
}
