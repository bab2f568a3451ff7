/* rt_lifetime.c - lifetimes the caller cannot see: kept handles cancelled
 * after they ran, done callbacks already queued when their owner goes
 * (gather, wait_for), a loop used from another thread after it closed or
 * while another thread runs it, tasks destroyed pending.  The use-after-free cases fail under the ASan
 * pass without their fixes. */
#include "rt_loop_util.h"

#include <math.h>
#include <pthread.h>

static void count(void *arg)
{
    (*(int *)arg)++;
}

/* ---- kept handles ------------------------------------------------------ */

static void test_kept_handle_cancel_after_run(void)
{
    ac_loop *loop = ac_loop_new();
    int n = 0;
    ac_handle *soon = ac_call_soon(loop, count, &n);
    ac_handle *later = ac_call_later(loop, 0, count, &n);
    ac_incref(soon);
    ac_incref(later);
    run_ok(loop, ac_sleep(0.002), NULL);
    CU_ASSERT_EQUAL(n, 2);
    ac_handle_cancel(soon); /* ran: nothing, twice */
    ac_handle_cancel(soon);
    ac_handle_cancel(later);
    ac_handle_cancel(later);
    ac_decref(soon);
    ac_decref(later);
    ac_loop_free(loop);
}

static void test_kept_handle_cancel_twice(void)
{
    ac_loop *loop = ac_loop_new();
    int n = 0;
    ac_handle *soon = ac_call_soon(loop, count, &n);
    ac_handle *later = ac_call_later(loop, 0.001, count, &n);
    ac_handle *far = ac_call_later(loop, 60, count, &n);
    ac_incref(soon);
    ac_incref(later);
    ac_incref(far);
    ac_handle_cancel(soon);
    ac_handle_cancel(later);
    ac_handle_cancel(soon);
    ac_handle_cancel(later);
    run_ok(loop, ac_sleep(0.003), NULL);
    CU_ASSERT_EQUAL(n, 0);
    ac_handle_cancel(later);
    ac_decref(soon);
    ac_decref(later);
    ac_loop_free(loop); /* far is still in the heap: the loop drops it */
    ac_handle_cancel(far);
    ac_handle_cancel(far);
    ac_decref(far);
    CU_ASSERT_EQUAL(n, 0);
}

/* ---- done callbacks queued when their owner goes ----------------------- */

typedef struct two {
    ac_future *a, *b;
    ac_future *outer; /* the test's reference, dropped by a callback */
} two;

static void fail_a_then_finish_b(void *arg);

static void finish_b(void *arg)
{
    two *s = arg;
    ac_future_set_result(s->b, NULL);
}

/* a fails: its child_done comes next iteration, before finish_b, so b's
 * child_done is queued behind the gather's own callbacks. */
static void fail_a_then_finish_b(void *arg)
{
    two *s = arg;
    ac_future_set_exception(s->a, ac_exc_new(&ac_ValueError, "boom"));
    ac_call_soon(ac_get_running_loop(), finish_b, s);
}

/* As a coroutine awaiting the gather: reads the outcome, lets go. */
static void drop_outer(ac_future *f, void *arg)
{
    two *s = arg;
    CU_ASSERT_EQUAL(ac__future_get_result(f, NULL, AC__ANY_SIZE), -1);
    ASSERT_RAISED(ac_ValueError, "boom");
    ac_decref(s->outer);
    s->outer = NULL;
}

static void test_gather_released_with_child_done_queued(void)
{
    ac_loop *loop = ac_loop_new();
    two s = {ac_future_new(loop, 0), ac_future_new(loop, 0), NULL};
    ac_incref(s.a);
    ac_incref(s.b);
    void *aws[2] = {s.a, s.b};
    s.outer = ac_gather(aws, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s.outer);
    CU_ASSERT_EQUAL(ac__future_start(s.outer, loop), 0);
    ac_future_add_done_callback(s.outer, drop_outer, &s);
    ac_call_soon(loop, fail_a_then_finish_b, &s);
    run_ok(loop, ac_sleep(0.003), NULL);
    CU_ASSERT_PTR_NULL(s.outer);
    ac_decref(s.a);
    ac_decref(s.b);
    ac_loop_free(loop);
}

static void finish_a(void *arg)
{
    two *s = arg;
    ac_future_set_result(s->a, NULL);
}

static void drop_outer_now(void *arg)
{
    two *s = arg;
    ac_decref(s->outer);
    s->outer = NULL;
}

/* The inner future completes, queuing inner_done; the wait_for goes in
 * the same iteration. */
static void test_wait_for_released_with_inner_done_queued(void)
{
    ac_loop *loop = ac_loop_new();
    two s = {ac_future_new(loop, 0), NULL, NULL};
    ac_incref(s.a);
    s.outer = ac_wait_for(s.a, INFINITY);
    CU_ASSERT_EQUAL(ac__future_start(s.outer, loop), 0);
    ac_call_soon(loop, finish_a, &s);
    ac_call_soon(loop, drop_outer_now, &s);
    run_ok(loop, ac_sleep(0.003), NULL);
    CU_ASSERT_PTR_NULL(s.outer);
    ac_decref(s.a);
    ac_loop_free(loop);
}

/* ---- loops and threads ------------------------------------------------- */

typedef struct thread_call {
    ac_loop *loop;
    ac_handle *h;
    char err[160];
    int n;
} thread_call;

static void record_error(thread_call *c)
{
    ac_exc *e = ac_err_fetch();
    if (e != NULL)
        snprintf(c->err, sizeof c->err, "%s: %s", ac_exc_type_name(e),
                 ac_exc_message(e));
    ac_decref(e);
}

static void *call_threadsafe(void *arg)
{
    thread_call *c = arg;
    c->h = ac_call_soon_threadsafe(c->loop, count, &c->n);
    record_error(c);
    return NULL;
}

static void test_threadsafe_after_close(void)
{
    ac_loop *loop = ac_loop_new();
    ac_loop_keep(loop);
    CU_ASSERT_FALSE(ac_loop_is_closed(loop));
    ac_loop_free(loop);
    CU_ASSERT_TRUE(ac_loop_is_closed(loop));
    thread_call c = {loop, NULL, "", 0};
    pthread_t th;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, call_threadsafe, &c), 0);
    pthread_join(th, NULL);
    CU_ASSERT_PTR_NULL(c.h);
    CU_ASSERT_STRING_EQUAL(c.err, "RuntimeError: Event loop is closed");
    /* The loop's own thread too, and call_soon / call_later. */
    CU_ASSERT_PTR_NULL(ac_call_soon(loop, count, &c.n));
    ASSERT_RAISED(ac_RuntimeError, "Event loop is closed");
    CU_ASSERT_PTR_NULL(ac_call_later(loop, 1, count, &c.n));
    ASSERT_RAISED(ac_RuntimeError, "Event loop is closed");
    ac_loop_release(loop);
    CU_ASSERT_EQUAL(c.n, 0);
}

/* Another thread queues while the loop runs, then the loop is freed
 * while that thread still holds it. */
static void *call_twice(void *arg)
{
    thread_call *c = arg;
    ac_call_soon_threadsafe(c->loop, count, &c->n);
    return NULL;
}

static void test_threadsafe_kept_across_run(void)
{
    ac_loop *loop = ac_loop_new();
    ac_loop_keep(loop);
    thread_call c = {loop, NULL, "", 0};
    pthread_t th;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, call_twice, &c), 0);
    pthread_join(th, NULL);
    run_ok(loop, ac_sleep(0.002), NULL);
    CU_ASSERT_EQUAL(c.n, 1);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, call_threadsafe, &c), 0);
    pthread_join(th, NULL);
    CU_ASSERT_STRING_EQUAL(c.err, "RuntimeError: Event loop is closed");
    ac_loop_release(loop);
}

typedef struct debug_call {
    ac_loop *loop;
    char soon[160], later[160];
} debug_call;

static void *call_from_other_thread(void *arg)
{
    debug_call *d = arg;
    int n = 0;
    thread_call c = {d->loop, NULL, "", 0};
    if (ac_call_soon(d->loop, count, &n) == NULL)
        record_error(&c);
    memcpy(d->soon, c.err, sizeof d->soon);
    c.err[0] = '\0';
    if (ac_call_later(d->loop, 0, count, &n) == NULL)
        record_error(&c);
    memcpy(d->later, c.err, sizeof d->later);
    /* The one call that is allowed. */
    ac_call_soon_threadsafe(d->loop, (void (*)(void *))ac_loop_stop, d->loop);
    return NULL;
}

static void start_thread(void *arg)
{
    pthread_t *th = arg;
    debug_call *d = (debug_call *)(th + 1);
    CU_ASSERT_EQUAL(pthread_create(th, NULL, call_from_other_thread, d), 0);
}

static void test_debug_other_thread(void)
{
    ac_loop *loop = ac_loop_new();
    loop->debug = true; /* ASYNCC_DEBUG=1 for this loop only */
    struct {
        pthread_t th;
        debug_call d;
    } s = {.d = {loop, "", ""}};
    ac_call_soon(loop, start_thread, &s);
    ac_loop_run_forever(loop);
    pthread_join(s.th, NULL);
    const char *want = "RuntimeError: Non-thread-safe operation invoked on "
                       "an event loop other than the current one";
    CU_ASSERT_STRING_EQUAL(s.d.soon, want);
    CU_ASSERT_STRING_EQUAL(s.d.later, want);
    ac_loop_free(loop);
}

/* ---- tasks ------------------------------------------------------------- */

static void test_pending_task_destroyed(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *t = ac_loop_create_task(loop, sleeper(60, 1), "bg");
    run_ok(loop, ac_sleep(0.002), NULL);
    ac_decref(t);
    capture c;
    capture_begin(&c);
    ac_loop_free(loop);
    char *err = capture_end(&c);
    char want[256];
    snprintf(want, sizeof want,
             "Task was destroyed but it is pending!\n"
             "task: <Task pending name='bg' coro=<sleeper() done, defined "
             "at %s:",
             sleeper_code.file);
    CU_ASSERT_TRUE(strncmp(err, want, strlen(want)) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "> wait_for=<Future pending "
                                       "cb=[Task.task_wakeup()]>>\n"));
    if (strncmp(err, want, strlen(want)) != 0)
        fprintf(stderr, "got: %s\n", err);
    free(err);
}

int main(void)
{
    static const test_case tests[] = {
        {"kept handle cancelled after it ran", test_kept_handle_cancel_after_run},
        {"kept handle cancelled twice", test_kept_handle_cancel_twice},
        {"gather released with a child's callback queued",
         test_gather_released_with_child_done_queued},
        {"wait_for released with inner_done queued",
         test_wait_for_released_with_inner_done_queued},
        {"call_soon_threadsafe on a closed loop", test_threadsafe_after_close},
        {"a kept loop across run and close", test_threadsafe_kept_across_run},
        {"debug mode: calls from another thread",
         test_debug_other_thread},
        {"task destroyed pending", test_pending_task_destroyed},
        {NULL, NULL}};
    return run_suite("rt_lifetime", tests);
}
