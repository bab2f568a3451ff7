/* waiters.c - the waiting lists of the synchronisation primitives, and
 * the release coroutine their aexit returns. */
#include "sync/waiters.h"

#include <stdlib.h>

int ac__waiters_push(ac__waiters *l, ac__waiter *w)
{
    ac_future *fut = ac_future_new(NULL, 0);
    if (fut == NULL)
        return -1;
    ac_decref(w->fut);
    w->fut = fut;
    w->next = NULL;
    w->prev = l->tail;
    if (l->tail)
        l->tail->next = w;
    else
        l->head = w;
    l->tail = w;
    l->len++;
    w->linked = true;
    return 0;
}

void ac__waiters_remove(ac__waiters *l, ac__waiter *w)
{
    if (!w->linked)
        return;
    if (w->prev)
        w->prev->next = w->next;
    else
        l->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        l->tail = w->prev;
    w->prev = w->next = NULL;
    w->linked = false;
    l->len--;
}

void ac__waiter_drop(ac__waiters *l, ac__waiter *w)
{
    ac__waiters_remove(l, w);
    ac_decref(w->fut);
    w->fut = NULL;
}

void ac__waiting_drop(void **aw, void *owner_slot, ac__waiters *l,
                      ac__waiter *w)
{
    ac_decref(*aw);
    *aw = NULL;
    void **owner = owner_slot;
    void *held = *owner;
    if (held == NULL)
        return;
    *owner = NULL;
    ac__waiter_drop(l, w);
    ac_decref(held);
}

bool ac__err_is_cancelled(void)
{
    ac_exc *e = ac_err_occurred();
    return e != NULL && ac_exc_matches(e, &ac_CancelledError);
}

/* ---- the release coroutine ------------------------------------------ */

typedef struct call_frame {
    ac_frame hdr;
    bool ac_result;
    int (*fn)(void *);
    void *obj;
} call_frame;

static void call_drop(ac_frame *f)
{
    call_frame *fr = (call_frame *)f;
    void *obj = fr->obj;
    fr->obj = NULL;
    ac_decref(obj);
}

static int call_resume(ac_frame *f)
{
    call_frame *fr = (call_frame *)f;
    fr->ac_result = false;
    return fr->fn(fr->obj) < 0 ? AC_RAISED : AC_RETURNED;
}

AC__CORO_CODE(call_code, "__aexit__", call_frame, call_resume, call_drop);

ac_coro *ac__sync_call_coro(int (*fn)(void *), void *obj)
{
    call_frame *fr = (call_frame *)ac__frame_new(&call_code);
    if (fr == NULL)
        return NULL;
    fr->fn = fn;
    ac_incref(obj);
    fr->obj = obj;
    return (ac_coro *)fr;
}
