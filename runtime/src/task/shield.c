/* shield.c - asyncio.shield: an outer future that follows an inner one,
 * so that cancelling the outer (the awaiting task being cancelled) leaves
 * the inner running.  The outcome is read from the inner future. */
#include <stdlib.h>

#include "loop/future.h"

typedef struct shield_future {
    ac_future fut;
    ac_future *inner; /* owned */
    ac_handle *watch; /* inner_done on inner (owned), NULL once gone */
} shield_future;

/* Shield's _inner_done_callback. */
static void inner_done(ac_future *inner, void *arg)
{
    shield_future *s = arg;
    if (s->fut.state != AC__FUT_PENDING)
        return;
    if (inner->state == AC__FUT_CANCELLED)
        ac__future_cancel_plain(&s->fut, NULL);
    else
        ac__future_mark_done(&s->fut, AC__FUT_FINISHED);
}

/* Cancelling the outer stops following the inner, which runs on (its
 * exception, if any, is then never retrieved, as in asyncio). */
static bool shield_cancel(ac_future *f, const char *msg)
{
    shield_future *s = (shield_future *)f;
    if (!ac__future_cancel_plain(f, msg))
        return false;
    ac__future_unwatch(s->inner, s->watch);
    s->watch = NULL;
    return true;
}

static int shield_result(ac_future *f, void *dst, size_t size)
{
    shield_future *s = (shield_future *)f;
    if (f->state == AC__FUT_CANCELLED) {
        ac_err_set(ac__future_cancelled_error(f));
        return -1;
    }
    return ac__future_get_result(s->inner, dst, size);
}

static void shield_dealloc(ac_object *self)
{
    shield_future *s = (shield_future *)self;
    ac__future_unwatch(s->inner, s->watch);
    ac_decref(s->inner);
    ac__future_fini(&s->fut);
    free(s);
}

static const ac__futclass shield_class = {
    .type = {.name = "shield",
             .kind = AC_OBJ_FUTURE,
             .dealloc = shield_dealloc,
             .await_start = ac__future_await_start,
             .await_result = ac__future_await_result},
    .cancel = shield_cancel,
    .get_result = shield_result};

/* Takes aw.  An inner future already done is returned as it is. */
void *ac_shield(void *aw)
{
    ac_loop *loop = ac__running_loop();
    if (aw == NULL)
        return NULL;
    if (loop == NULL) {
        ac_decref(aw);
        ac_err_format(&ac_RuntimeError, "no running event loop");
        return NULL;
    }
    ac_future *inner = ac__ensure_future(loop, aw);
    if (inner == NULL || inner->state != AC__FUT_PENDING)
        return inner;
    shield_future *s = ac__zalloc(sizeof *s);
    if (s == NULL) {
        ac_decref(inner);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__future_init(&s->fut, &shield_class, inner->loop, NULL, 0);
    s->inner = inner;
    s->watch = ac__future_watch(inner, inner_done, s);
    if (s->watch == NULL) {
        ac_decref(s);
        return NULL;
    }
    return s;
}
