/* handle.c - scheduled callbacks (asyncio's Handle and TimerHandle). */
#include "loop/future.h"

#include "core/slab.h"
#include "task/step.h"

#include <stdlib.h>

/* Handles and standalone timers come from the slab (core/slab.h): a port
 * scan makes three a connection. */
static void handle_dealloc(ac_object *self)
{
    ac__cbhandle *h = (ac__cbhandle *)self;
    ac_decref(h->hold);
    ac__slab_free(h, h->h.l.is_timer ? sizeof(ac__timer) : sizeof *h);
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
static const ac_objtype embedded_handle_type = {
    .name = "Handle", .kind = AC_OBJ_HANDLE, .dealloc = embedded_dealloc};

/* Set by hand rather than through ac__object_init: this may run on a
 * thread that does not own the loop (call_soon_threadsafe). */
static void head_fill(ac_handle *h, const ac_objtype *type, int kind)
{
    h->ob.refcnt = 1;
    h->ob.type = type;
    h->l.next = NULL;
    h->l.kind = (unsigned char)kind;
    h->l.cancelled = 0;
    h->l.is_timer = 0;
    h->l.embedded = type == &embedded_handle_type;
    if (h->l.embedded)
        h->ob.refcnt = AC__IMMORTAL;
}

static void handle_fill(ac__cbhandle *h, const ac_objtype *type, int kind,
                        void *cb, void *arg, ac_object *hold)
{
    head_fill(&h->h, type, kind);
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
}

/* cb is passed as void * only between these few functions; it is cast
 * back to the exact type kind says before being called. */
ac_handle *ac__handle_new(int kind, void *cb, void *arg, ac_object *hold)
{
    ac__cbhandle *h = ac__slab_alloc(sizeof *h);
    if (h == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    handle_fill(h, &handle_type, kind, cb, arg, hold);
    return &h->h;
}

bool ac__link_matches(const ac__link *l, void *cb, void *arg)
{
    if (l->kind == AC__H_STEP)
        return (void *)ac__task_of_step(l) == arg &&
               (cb == NULL || cb == (void *)ac__task_step);
    const ac__cbhandle *c = ac__cbh(ac__handle_of((ac__link *)l));
    return c->arg == arg && (cb == NULL || (void *)c->cb.plain == cb);
}

void ac__handle_release(ac_handle *h)
{
    ac_decref(h);
}

void ac__link_run(ac__link *l)
{
    if (l->cancelled)
        return;
    if (l->kind == AC__H_STEP) {
        ac__task_step(ac__task_of_step(l));
        return;
    }
    ac__cbhandle *h = ac__cbh(ac__handle_of(l));
    switch (l->kind) {
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
    handle_fill(&t->h, &embedded_handle_type, AC__H_PLAIN, (void *)cb, arg,
                NULL);
    t->h.h.l.is_timer = 1;
    t->when = 0;
    t->seq = 0;
    t->slot = AC__TIMER_OFF;
    t->loop = NULL;
}

void ac_handle_cancel(ac_handle *h)
{
    if (h == NULL || h->l.cancelled)
        return;
    h->l.cancelled = 1;
    /* Like asyncio, forget what the callback would have used. */
    ac_object *hold = ac__cbh(h)->hold;
    ac__cbh(h)->hold = NULL;
    if (h->l.is_timer) {
        ac__timer *t = (ac__timer *)h;
        if (t->slot != AC__TIMER_OFF)
            ac__timers_remove(t->loop, t); /* drops the timers' reference */
    }
    ac_decref(hold);
}

/* A standalone timer (ac_call_at): freed with its last reference. */
ac__timer *ac__timer_new(void (*cb)(void *), void *arg)
{
    ac__timer *t = ac__slab_alloc(sizeof *t);
    if (t == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__timer_init_embedded(t, cb, arg);
    t->h.h.ob.type = &handle_type;
    t->h.h.ob.refcnt = 1;
    t->h.h.l.embedded = 0;
    return t;
}
