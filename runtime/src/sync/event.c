/* event.c - asyncio.Event: set() wakes every waiter; wait() on a set
 * event returns at once. */
#include "sync/sync.h"

#include <stdlib.h>

typedef struct wait_frame {
    ac_frame hdr;
    bool ac_result;
    ac_event *ev;
    ac__waiter w;
    void *aw;
} wait_frame;

static void wait_drop(ac_frame *f)
{
    wait_frame *fr = (wait_frame *)f;
    ac__waiting_drop(&fr->aw, &fr->ev, fr->ev ? &fr->ev->waiters : NULL,
                     &fr->w);
}

static int wait_resume(ac_frame *f)
{
    wait_frame *fr = (wait_frame *)f;
    ac_event *ev = fr->ev;
    int r;
    if (f->state == 1)
        goto s1;
    if (ev->value) {
        fr->ac_result = true;
        return AC_RETURNED;
    }
    if (ac__waiters_push(&ev->waiters, &fr->w) < 0)
        return AC_RAISED;
    fr->aw = ac__waiter_awaitable(&fr->w);
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    ac__waiters_remove(&ev->waiters, &fr->w);
    if (r < 0)
        return AC_RAISED;
    fr->ac_result = true;
    return AC_RETURNED;
}

AC__CORO_CODE(wait_code, "wait", wait_frame, wait_resume, wait_drop);

void *ac_event_wait(ac_event *ev)
{
    wait_frame *fr = (wait_frame *)ac__frame_new(&wait_code);
    if (fr == NULL)
        return NULL;
    ac_incref(ev);
    fr->ev = ev;
    return fr;
}

void ac_event_set(ac_event *ev)
{
    if (ev->value)
        return;
    ev->value = true;
    for (ac__waiter *w = ev->waiters.head; w; w = w->next)
        ac__waiter_wake(w);
}

void ac_event_clear(ac_event *ev)
{
    ev->value = false;
}

bool ac_event_is_set(ac_event *ev)
{
    return ev->value;
}

static void event_dealloc(ac_object *self)
{
    free(self);
}

static const ac_objtype event_type = {
    .name = "Event", .kind = AC_OBJ_OTHER, .dealloc = event_dealloc};

ac_event *ac_event_new(void)
{
    ac_event *ev = ac__zalloc(sizeof *ev);
    if (ev == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&ev->ob, &event_type);
    return ev;
}
