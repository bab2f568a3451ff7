/* gather.c - asyncio.gather without return_exceptions: a future done when
 * every child is, or failed with the first exception while the others
 * keep running.  It has no result of its own: read each task's. */
#include "loop/future.h"

#include <stdlib.h>
#include <string.h>

typedef struct gather_future {
    ac_future fut;
    size_t n, nfinished;
    void **aws;           /* as given, until started (owned) */
    ac_future **children; /* once started (owned) */
    ac_handle **watch;    /* child_done on each child (owned): cancelled
                           * when the gather goes, even if already queued */
    bool cancel_requested;
} gather_future;

static void child_done(ac_future *child, void *arg)
{
    gather_future *g = arg;
    g->nfinished++;
    if (g->fut.state != AC__FUT_PENDING) {
        if (child->state != AC__FUT_CANCELLED)
            child->log_exc = 0; /* retrieved, as asyncio's fut.exception() */
        return;
    }
    if (child->state == AC__FUT_CANCELLED) {
        ac__future_fail(&g->fut, ac__future_cancelled_error(child));
        return;
    }
    ac_exc *e = ac__future_exc(child);
    if (e) {
        child->log_exc = 0;
        ac_incref(e);
        ac__future_fail(&g->fut, e);
        return;
    }
    if (g->nfinished < g->n)
        return;
    if (g->cancel_requested)
        ac__future_fail(&g->fut,
                        ac_exc_new(&ac_CancelledError,
                                   ac__future_msg(&g->fut) ? "%s" : NULL,
                                   ac__future_msg(&g->fut)));
    else
        ac__future_finish(&g->fut, NULL);
}

static int watch_child(gather_future *g, size_t i)
{
    g->watch[i] = ac__future_watch(g->children[i], child_done, g);
    return g->watch[i] ? 0 : -1;
}

static int gather_start(ac_future *f)
{
    gather_future *g = (gather_future *)f;
    for (size_t i = 0; i < g->n; i++) {
        void *aw = g->aws[i];
        g->aws[i] = NULL;
        g->children[i] = ac__ensure_future(f->loop, aw);
        if (g->children[i] == NULL || watch_child(g, i) < 0)
            return -1;
    }
    if (g->n == 0)
        ac__future_finish(f, NULL);
    return 0;
}

static bool gather_cancel(ac_future *f, const char *msg)
{
    gather_future *g = (gather_future *)f;
    if (f->state != AC__FUT_PENDING)
        return false;
    if (!f->started)
        return ac__future_cancel_plain(f, msg);
    bool any = false;
    for (size_t i = 0; i < g->n; i++)
        if (g->children[i] && ac__future_cancel(g->children[i], msg))
            any = true;
    if (any) {
        /* Done when the children are, with a CancelledError. */
        g->cancel_requested = true;
        ac__future_set_msg(f, msg);
    }
    return any;
}

static void gather_dealloc(ac_object *self)
{
    gather_future *g = (gather_future *)self;
    bool done = g->fut.state != AC__FUT_PENDING;
    for (size_t i = 0; i < g->n; i++) {
        ac_decref(g->aws[i]);
        if (g->children[i]) {
            /* In asyncio a child's callback keeps a done gather alive and
             * retrieves the child's exception when it comes. */
            if (done)
                g->children[i]->exc_retrieved = 1;
            ac__future_unwatch(g->children[i], g->watch[i]);
            ac_decref(g->children[i]);
        }
    }
    ac__future_report_unretrieved(&g->fut);
    ac__future_fini(&g->fut);
    free(g->aws);
    free(g->children);
    free(g->watch);
    free(g);
}

static const ac__futclass gather_class = {
    .type = {.name = "gather", .kind = AC_OBJ_FUTURE, .dealloc = gather_dealloc, .await_start = ac__future_await_start, .await_result = ac__future_await_result},
    .start = gather_start,
    .cancel = gather_cancel};

static bool awaitable(const void *aw)
{
    return aw != NULL && (ac__kind(aw) == AC_OBJ_CORO || ac__is_future(aw) ||
                          ac__is_yield_once(aw));
}

/* Takes each element of aws. */
void *ac_gather(void *const *aws, size_t n)
{
    gather_future *g = ac__zalloc(sizeof *g);
    void **own = calloc(n ? n : 1, sizeof *own);
    ac_future **children = calloc(n ? n : 1, sizeof *children);
    ac_handle **watch = calloc(n ? n : 1, sizeof *watch);
    bool ok_alloc = g && own && children && watch, ok = ok_alloc;
    for (size_t i = 0; i < n; i++)
        ok = ok && awaitable(aws[i]);
    if (!ok) {
        if (!ac_err_occurred())
            ac_err_format(
                ok_alloc ? &ac_TypeError : &ac_MemoryError,
                ok_alloc ? "An asyncio.Future, a coroutine or an "
                                       "awaitable is required"
                                     : NULL);
        for (size_t i = 0; i < n; i++)
            ac_decref(aws[i]);
        free(g), free(own), free(children), free(watch);
        return NULL;
    }
    if (n > 0)
        memcpy(own, aws, n * sizeof *own);
    ac__future_init(&g->fut, &gather_class, ac__running_loop(), NULL, 0);
    g->n = n;
    g->aws = own;
    g->children = children;
    g->watch = watch;
    /* With a running loop the children start now, as asyncio's. */
    if (g->fut.loop && ac__future_start(&g->fut, g->fut.loop) < 0) {
        ac_decref(g);
        return NULL;
    }
    return g;
}
