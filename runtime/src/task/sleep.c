/* sleep.c - asyncio.sleep: a future whose timer starts when it is first
 * awaited.  ac_sleep(0) yields to the loop exactly once (a done future
 * wakes its task through the ready queue, as asyncio's bare yield). */
#include "loop/future.h"

#include "core/slab.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct sleep_future {
    ac_future fut;
    double delay;
    ac__timer timer; /* embedded: arming it allocates nothing */
} sleep_future;

static void wake(void *arg)
{
    sleep_future *s = arg;
    ac__future_finish(&s->fut, NULL);
}

static int sleep_start(ac_future *f)
{
    sleep_future *s = (sleep_future *)f;
    if (s->delay <= 0) {
        ac__future_finish(f, NULL);
        return 0;
    }
    ac__timer_arm(f->loop, &s->timer, ac_loop_time(f->loop) + s->delay);
    return 0;
}

static bool sleep_cancel(ac_future *f, const char *msg)
{
    sleep_future *s = (sleep_future *)f;
    ac__timer_disarm(&s->timer);
    return ac__future_cancel_plain(f, msg);
}

/* The first await always suspends, even for a delay of 0. */
static int sleep_await_start(ac_object *self, ac_frame *waiter)
{
    ac_future *f = (ac_future *)self;
    if (f->started)
        return ac__future_await_start(self, waiter);
    if (ac__future_start(f, ac__running_loop()) < 0)
        return AC_RAISED;
    return AC_YIELDED;
}

static void sleep_dealloc(ac_object *self)
{
    sleep_future *s = (sleep_future *)self;
    ac__timer_disarm(&s->timer);
    ac__future_fini(&s->fut);
    ac__slab_free(s, sizeof *s);
}

static const ac__futclass sleep_class = {
    .type = {.name = "sleep",
             .kind = AC_OBJ_FUTURE,
             .dealloc = sleep_dealloc,
             .await_start = sleep_await_start,
             .await_result = ac__future_await_result},
    .start = sleep_start,
    .cancel = sleep_cancel};

/* sleep(0) is asyncio's bare `yield`: the task goes back to the ready
 * queue once.  One shared, immortal object stands for it, so a task
 * suspended there holds nothing but itself. */
static int yield_once_start(ac_object *self, ac_frame *waiter)
{
    (void)self;
    (void)waiter;
    return AC_YIELDED;
}

static int yield_once_result(ac_object *self, ac_frame *waiter, void *dst,
                             size_t size)
{
    (void)self;
    (void)dst;
    (void)size;
    return waiter && waiter->how == AC_HOW_THROW ? -1 : 0;
}

static void yield_once_dealloc(ac_object *self)
{
    (void)self; /* immortal: never called */
}

const ac_objtype ac__yield_once_type = {.name = "sleep",
                                        .kind = AC_OBJ_OTHER,
                                        .dealloc = yield_once_dealloc,
                                        .await_start = yield_once_start,
                                        .await_result = yield_once_result};
/* One for every thread: its count is immortal, so awaiting it only reads
 * it (no thread-local access, no write to share). */
ac_object ac__yield_once = {.type = &ac__yield_once_type,
                            .refcnt = AC__IMMORTAL};

void *ac__sleep_future(double seconds)
{
    sleep_future *s = ac__slab_zalloc(sizeof *s);
    if (s == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__future_init(&s->fut, &sleep_class, ac__running_loop(), NULL, 0);
    s->delay = isnan(seconds) ? 0 : seconds;
    ac__timer_init_embedded(&s->timer, wake, s);
    return s;
}

void *(ac_sleep)(double seconds) /* asyncc.h's macro inlines it */
{
    if (seconds <= 0 || isnan(seconds))
        return &ac__yield_once;
    return ac__sleep_future(seconds);
}
