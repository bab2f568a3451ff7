/* sleep.c - asyncio.sleep: a future whose timer starts when it is first
 * awaited.  ac_sleep(0) yields to the loop exactly once (a done future
 * wakes its task through the ready queue, as asyncio's bare yield). */
#include "future.h"

#include <math.h>
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
    free(s);
}

static const ac__futclass sleep_class = {{"sleep", AC_OBJ_FUTURE, sleep_dealloc,
                                          sleep_await_start,
                                          ac__future_await_result},
                                         sleep_start,
                                         sleep_cancel,
                                         NULL};

void *ac_sleep(double seconds)
{
    sleep_future *s = calloc(1, sizeof *s);
    if (s == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__future_init(&s->fut, &sleep_class, ac__running_loop(), NULL, 0);
    s->delay = isnan(seconds) ? 0 : seconds;
    ac__timer_init_embedded(&s->timer, wake, s);
    return s;
}
