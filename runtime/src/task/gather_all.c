/* gather_all.c - asyncio.gather(..., return_exceptions=True): a future
 * done when every child is, whatever each ended with (nothing of theirs is
 * raised; read each task's).  Cancelled, it cancels the children and, once
 * they are all done, raises CancelledError. */
#include <stdlib.h>
#include <string.h>

#include "loop/future.h"

typedef struct gather_all {
    ac_future fut;
    size_t n, nfinished;
    ac_future **children; /* owned */
    ac_handle **watch;    /* child_done on each (owned) */
    bool cancel_requested;
} gather_all;

static void child_done(ac_future *child, void *arg)
{
    gather_all *g = arg;
    if (child->state == AC__FUT_FINISHED)
        child->log_exc = 0; /* its exception is a result here */
    if (++g->nfinished < g->n || g->fut.state != AC__FUT_PENDING)
        return;
    if (g->cancel_requested)
        ac__future_fail(&g->fut,
                        ac_exc_new(&ac_CancelledError,
                                   ac__future_msg(&g->fut) ? "%s" : NULL,
                                   ac__future_msg(&g->fut)));
    else
        ac__future_finish(&g->fut, NULL);
}

static bool gather_all_cancel(ac_future *f, const char *msg)
{
    gather_all *g = (gather_all *)f;
    if (f->state != AC__FUT_PENDING)
        return false;
    bool any = false;
    for (size_t i = 0; i < g->n; i++)
        if (ac__future_cancel(g->children[i], msg))
            any = true;
    if (any) {
        g->cancel_requested = true;
        ac__future_set_msg(f, msg);
    }
    return any;
}

static void gather_all_dealloc(ac_object *self)
{
    gather_all *g = (gather_all *)self;
    for (size_t i = 0; i < g->n; i++) {
        if (g->children[i] == NULL)
            continue;
        ac__future_unwatch(g->children[i], g->watch[i]);
        ac_decref(g->children[i]);
    }
    ac__future_report_unretrieved(&g->fut);
    ac__future_fini(&g->fut);
    free(g->children);
    free(g->watch);
    free(g);
}

static const ac__futclass gather_all_class = {
    .type = {.name = "gather",
             .kind = AC_OBJ_FUTURE,
             .dealloc = gather_all_dealloc,
             .await_start = ac__future_await_start,
             .await_result = ac__future_await_result},
    .cancel = gather_all_cancel};

static void *fail_all(void *const *aws, size_t from, size_t n)
{
    for (size_t i = from; i < n; i++)
        ac_decref(aws[i]);
    return NULL;
}

/* Takes each element of aws; the children start now, as asyncio's. */
void *ac_gather_return_exceptions(void *const *aws, size_t n)
{
    ac_loop *loop = ac__running_loop();
    if (loop == NULL) {
        ac_err_format(&ac_RuntimeError, "no running event loop");
        return fail_all(aws, 0, n);
    }
    gather_all *g = ac__zalloc(sizeof *g);
    ac_future **children = calloc(n ? n : 1, sizeof *children);
    ac_handle **watch = calloc(n ? n : 1, sizeof *watch);
    if (g == NULL || children == NULL || watch == NULL) {
        free(g), free(children), free(watch);
        ac_err_format(&ac_MemoryError, NULL);
        return fail_all(aws, 0, n);
    }
    ac__future_init(&g->fut, &gather_all_class, loop, NULL, 0);
    g->fut.started = 1;
    g->children = children;
    g->watch = watch;
    for (size_t i = 0; i < n; i++) {
        children[i] = ac__ensure_future(loop, aws[i]);
        g->n = i + 1;
        if (children[i] == NULL)
            break;
        watch[i] = ac__future_watch(children[i], child_done, g);
        if (watch[i] == NULL)
            break;
    }
    if (ac_err_occurred()) {
        fail_all(aws, g->n, n);
        ac_decref(g);
        return NULL;
    }
    if (n == 0)
        ac__future_finish(&g->fut, NULL);
    return g;
}
