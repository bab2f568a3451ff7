/* rt_loop.c - the event loop: call_soon FIFO, timers, run_forever/stop,
 * call_soon_threadsafe from another thread, the running loop, I/O
 * watchers and ac_wait_readable. */
#include "rt_loop_util.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

typedef struct tagged {
    tlog *log;
    const char *tag;
    ac_loop *loop;
} tagged;

static void log_tag(void *arg)
{
    tagged *t = arg;
    tlog_add(t->log, "%s", t->tag);
}

static void stop_loop(void *arg)
{
    ac_loop_stop(arg);
}

static void test_call_soon_fifo(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    tagged a = {&log, "a", loop}, b = {&log, "b", loop}, c = {&log, "c", loop};
    ac_call_soon(loop, log_tag, &a);
    ac_call_soon(loop, log_tag, &b);
    ac_call_soon(loop, log_tag, &c);
    ac_call_soon(loop, stop_loop, loop);
    ac_loop_run_forever(loop);
    CU_ASSERT_STRING_EQUAL(log.text, "a b c");
    ac_loop_free(loop);
}

/* From the loop's own thread, call_soon_threadsafe keeps call_soon's FIFO
 * order (asyncio appends both to the same deque). */
static void schedule_mixed(void *arg)
{
    tagged *t = arg;
    ac_call_soon(t->loop, log_tag, &t[1]);
    ac_call_soon_threadsafe(t->loop, log_tag, &t[2]);
    ac_call_soon(t->loop, log_tag, &t[3]);
    ac_call_soon(t->loop, stop_loop, t->loop);
}

static void test_threadsafe_from_loop_thread(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    tagged t[4] = {{&log, "-", loop},
                   {&log, "x", loop},
                   {&log, "y", loop},
                   {&log, "z", loop}};
    ac_call_soon(loop, schedule_mixed, t);
    ac_loop_run_forever(loop);
    CU_ASSERT_STRING_EQUAL(log.text, "x y z");
    ac_loop_free(loop);
}

static void test_timer_order(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    tagged t30 = {&log, "30", loop}, t10 = {&log, "10", loop},
           t20a = {&log, "20a", loop}, t20b = {&log, "20b", loop},
           gone = {&log, "cancelled", loop}, now = {&log, "soon", loop};
    double start = ac_loop_time(loop);
    ac_call_later(loop, 0.03, log_tag, &t30);
    ac_call_later(loop, 0.01, log_tag, &t10);
    ac_call_at(loop, start + 0.02, log_tag, &t20a);
    ac_call_at(loop, start + 0.02, log_tag, &t20b);
    ac_handle *h = ac_call_later(loop, 0.015, log_tag, &gone);
    ac_call_soon(loop, log_tag, &now);
    ac_call_later(loop, 0.04, stop_loop, loop);
    ac_handle_cancel(h);
    ac_loop_run_forever(loop);
    CU_ASSERT_STRING_EQUAL(log.text, "soon 10 20a 20b 30");
    CU_ASSERT_TRUE(ac_loop_time(loop) - start >= 0.04);
    ac_loop_free(loop);
}

typedef struct order_check {
    double last;
    int ran, out_of_order;
    ac_loop *loop;
} order_check;

typedef struct timed {
    order_check *check;
    double when;
} timed;

static void check_when(void *arg)
{
    timed *t = arg;
    if (t->when < t->check->last)
        t->check->out_of_order++;
    t->check->last = t->when;
    t->check->ran++;
}

/* Timers armed mostly in deadline order (the run, timer.c), some out of
 * order (the heap), groups with equal deadlines, a third cancelled (empty
 * slots, compaction), and a second batch armed once the loop has taken
 * some (the ring wraps and grows): all run in (deadline, arming) order. */
enum { RUN_N = 4000, RUN_M = 2000 };

typedef struct fired_log {
    int order[RUN_N + RUN_M];
    int n;
} fired_log;

typedef struct armed {
    fired_log *log;
    double when;
    int id; /* arming order */
    bool cancelled;
} armed;

static void log_fired(void *arg)
{
    armed *a = arg;
    a->log->order[a->log->n++] = a->id;
}

static int by_deadline_then_arming(const void *x, const void *y)
{
    const armed *a = *(armed *const *)x, *b = *(armed *const *)y;
    if (a->when != b->when)
        return a->when < b->when ? -1 : 1;
    return a->id - b->id;
}

/* *h: borrowed, as ac_call_at's (valid until it runs or is cancelled). */
static void arm(ac_loop *loop, armed *a, fired_log *log, int id, double when,
                ac_handle **h)
{
    a->log = log;
    a->id = id;
    a->when = when;
    a->cancelled = false;
    *h = ac_call_at(loop, when, log_fired, a);
}

static void test_timer_run(void)
{
    static armed as[RUN_N + RUN_M];
    static armed *sorted[RUN_N + RUN_M];
    static ac_handle *hs[RUN_N + RUN_M];
    static fired_log log;
    log.n = 0;
    ac_loop *loop = ac_loop_new();
    double base = ac_loop_time(loop);
    for (int i = 0; i < RUN_N; i++) {
        double when = i % 7 == 6 ? base + (double)((i * 7919) % 2000) * 1e-6
                                 : base + (double)(i / 4) * 1e-6;
        arm(loop, &as[i], &log, i, when, &hs[i]);
    }
    for (int i = 0; i < RUN_N; i += 3) {
        ac_handle_cancel(hs[i]);
        as[i].cancelled = true;
    }
    int live = RUN_N - (RUN_N + 2) / 3;
    CU_ASSERT_EQUAL(loop->ntimers, (size_t)live);
    ac_call_at(loop, base + 0.0005, stop_loop, loop);
    ac_loop_run_forever(loop);
    for (int j = 0; j < RUN_M; j++) {
        int i = RUN_N + j;
        arm(loop, &as[i], &log, i, base + 0.002 + (double)(j / 2) * 1e-6,
            &hs[i]);
    }
    for (int i = RUN_N; i < RUN_N + RUN_M; i++) {
        if (i % 4 == 0) /* three in four: the run is compacted, repeatedly */
            continue;
        ac_handle_cancel(hs[i]);
        as[i].cancelled = true;
        live--;
    }
    live += RUN_M;
    ac_call_at(loop, base + 0.004, stop_loop, loop);
    ac_loop_run_forever(loop);
    CU_ASSERT_EQUAL(loop->ntimers, 0);
    int n = 0;
    for (int i = 0; i < RUN_N + RUN_M; i++)
        if (!as[i].cancelled)
            sorted[n++] = &as[i];
    qsort(sorted, (size_t)n, sizeof *sorted, by_deadline_then_arming);
    CU_ASSERT_EQUAL_FATAL(n, live);
    CU_ASSERT_EQUAL_FATAL(log.n, live);
    int wrong = 0;
    for (int k = 0; k < n; k++)
        wrong += log.order[k] != sorted[k]->id;
    CU_ASSERT_EQUAL(wrong, 0);
    ac_loop_free(loop);
}

/* Many timers, a third of them cancelled (removed from the middle of the
 * heap): the rest run in deadline order. */
static void test_timer_heap(void)
{
    enum { N = 3000 };
    ac_loop *loop = ac_loop_new();
    static timed ts[N];
    ac_handle *hs[N];
    order_check check = {0, 0, 0, loop};
    double base = ac_loop_time(loop);
    for (int i = 0; i < N; i++) {
        ts[i].check = &check;
        ts[i].when = base + (double)((i * 7919) % 1000) * 1e-5;
        hs[i] = ac_call_at(loop, ts[i].when, check_when, &ts[i]);
    }
    for (int i = 0; i < N; i += 3)
        ac_handle_cancel(hs[i]);
    CU_ASSERT_EQUAL(loop->ntimers, N - (N + 2) / 3);
    ac_call_at(loop, base + 0.011, stop_loop, loop);
    ac_loop_run_forever(loop);
    CU_ASSERT_EQUAL(check.ran, N - (N + 2) / 3);
    CU_ASSERT_EQUAL(check.out_of_order, 0);
    ac_loop_free(loop);
}

/* asyncio: stop() lets the current iteration finish; what it schedules
 * runs on the next run_forever. */
static void stop_and_schedule(void *arg)
{
    tagged *t = arg;
    tlog_add(t->log, "stop");
    ac_loop_stop(t->loop);
    ac_call_soon(t->loop, log_tag, t + 1);
}

static void test_stop_finishes_iteration(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    tagged s[2] = {{&log, "A", loop}, {&log, "C", loop}};
    tagged b = {&log, "B", loop};
    ac_call_soon(loop, stop_and_schedule, s);
    ac_call_soon(loop, log_tag, &b);
    ac_loop_run_forever(loop);
    CU_ASSERT_STRING_EQUAL(log.text, "stop B");
    ac_loop_stop(loop); /* stop before running: one iteration */
    ac_loop_run_forever(loop);
    CU_ASSERT_STRING_EQUAL(log.text, "stop B C");
    ac_loop_free(loop);
}

typedef struct remote {
    ac_loop *loop;
    int ran;
    pthread_t caller;
} remote;

static void remote_cb(void *arg)
{
    remote *r = arg;
    r->ran = ac_get_running_loop() == r->loop;
    ac_loop_stop(r->loop);
}

static void *remote_thread(void *arg)
{
    remote *r = arg;
    struct timespec d = {0, 50 * 1000 * 1000};
    nanosleep(&d, NULL);
    ac_call_soon_threadsafe(r->loop, remote_cb, r);
    return NULL;
}

/* Nothing scheduled: the poller blocks until the other thread wakes it. */
static void test_threadsafe_wakeup(void)
{
    ac_loop *loop = ac_loop_new();
    remote r = {loop, 0, 0};
    double start = ac_loop_time(loop);
    pthread_create(&r.caller, NULL, remote_thread, &r);
    ac_loop_run_forever(loop);
    pthread_join(r.caller, NULL);
    double took = ac_loop_time(loop) - start;
    CU_ASSERT_EQUAL(r.ran, 1);
    CU_ASSERT_TRUE(took >= 0.04 && took < 5.0);
    ac_loop_free(loop);
}

static void see_loop(void *arg)
{
    ac_loop **seen = arg;
    *seen = ac_get_running_loop();
    ac_loop_stop(*seen);
}

static void test_running_loop(void)
{
    CU_ASSERT_PTR_NULL(ac_get_running_loop());
    ac_loop *loop = ac_loop_new();
    ac_loop *seen = NULL;
    ac_call_soon(loop, see_loop, &seen);
    ac_loop_run_forever(loop);
    CU_ASSERT_PTR_EQUAL(seen, loop);
    CU_ASSERT_PTR_NULL(ac_get_running_loop());
    ac_loop_free(loop);
}

typedef struct nested {
    ac_loop *loop, *other;
    int rc_same, rc_other;
} nested;

static void run_nested(void *arg)
{
    nested *n = arg;
    n->rc_same = ac_loop_run_until_complete(n->loop, ac_sleep(0), NULL);
    ASSERT_RAISED(ac_RuntimeError, "This event loop is already running");
    n->rc_other = ac_loop_run_until_complete(n->other, ac_sleep(0), NULL);
    ASSERT_RAISED(ac_RuntimeError,
                  "Cannot run the event loop while another loop is running");
    ac_loop_free(n->loop); /* refused: it runs */
    ASSERT_RAISED(ac_RuntimeError, "Cannot close a running event loop");
    ac_loop_stop(n->loop);
}

static void test_nested_run_refused(void)
{
    nested n = {ac_loop_new(), ac_loop_new(), 0, 0};
    ac_call_soon(n.loop, run_nested, &n);
    ac_loop_run_forever(n.loop);
    CU_ASSERT_EQUAL(n.rc_same, -1);
    CU_ASSERT_EQUAL(n.rc_other, -1);
    ac_loop_free(n.loop);
    ac_loop_free(n.other);
}

static void test_run_until_complete_stopped_early(void)
{
    ac_loop *loop = ac_loop_new();
    ac_call_soon(loop, stop_loop, loop);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, ac_sleep(10), NULL), -1);
    ASSERT_RAISED(ac_RuntimeError,
                  "Event loop stopped before Future completed.");
    CU_ASSERT_EQUAL(loop->ntimers, 0); /* dropping the sleep disarmed it */
    ac_loop_free(loop);
}

typedef struct reading {
    ac_loop *loop;
    int fd;
    int calls;
} reading;

static void on_readable(void *arg)
{
    reading *r = arg;
    char c;
    if (read(r->fd, &c, 1) == 1)
        r->calls++;
    if (r->calls == 3) {
        ac__loop_remove_reader(r->loop, r->fd);
        ac_loop_stop(r->loop);
    }
}

/* A reader stays registered, called each time the fd is readable. */
static void test_reader_watcher(void)
{
    ac_loop *loop = ac_loop_new();
    int p[2];
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    CU_ASSERT_EQUAL(write(p[1], "xyz", 3), 3);
    reading r = {loop, p[0], 0};
    CU_ASSERT_EQUAL(ac__loop_add_reader(loop, p[0], on_readable, &r), 0);
    ac_loop_run_forever(loop);
    CU_ASSERT_EQUAL(r.calls, 3);
    CU_ASSERT_FALSE(ac__loop_remove_reader(loop, p[0]));
    CU_ASSERT_EQUAL(ac__loop_add_reader(loop, -1, on_readable, &r), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_TRUE(e && ac_exc_errno(e) == EBADF);
    ac_decref(e);
    close(p[0]);
    close(p[1]);
    ac_loop_free(loop);
}

static void flag_and_stop(void *arg)
{
    reading *r = arg;
    r->calls++;
    ac__loop_remove_reader(r->loop, r->fd);
    ac_loop_stop(r->loop);
}

/* An fd closed while watched, its number reused: registering the new one
 * must reach the poller (epoll forgot the closed fd by itself). */
static void test_fd_number_reused(void)
{
    ac_loop *loop = ac_loop_new();
    int a[2], b[2];
    CU_ASSERT_EQUAL_FATAL(pipe(a), 0);
    reading r = {loop, a[0], 0};
    CU_ASSERT_EQUAL(ac__loop_add_reader(loop, a[0], flag_and_stop, &r), 0);
    close(a[0]);
    close(a[1]);
    CU_ASSERT_EQUAL_FATAL(pipe(b), 0);
    CU_ASSERT_EQUAL_FATAL(b[0], r.fd); /* the lowest free number again */
    CU_ASSERT_EQUAL(ac__loop_add_reader(loop, b[0], flag_and_stop, &r), 0);
    CU_ASSERT_EQUAL(write(b[1], "x", 1), 1);
    ac_call_later(loop, 2.0, stop_loop, loop); /* bounded if it failed */
    ac_loop_run_forever(loop);
    CU_ASSERT_EQUAL(r.calls, 1);
    close(b[0]);
    close(b[1]);
    ac_loop_free(loop);
}

static void write_byte(void *arg)
{
    int *fd = arg;
    CU_ASSERT_EQUAL(write(*fd, "!", 1), 1);
}

/* A task awaits ac_wait_readable; a timer writes to the pipe later. */
static void test_wait_readable(void)
{
    ac_loop *loop = ac_loop_new();
    int p[2];
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    ac_call_later(loop, 0.02, write_byte, &p[1]);
    double start = ac_loop_time(loop);
    run_ok(loop, awaiting(ac_wait_readable(p[0]), NULL, 0), NULL);
    CU_ASSERT_TRUE(ac_loop_time(loop) - start >= 0.02);
    CU_ASSERT_PTR_NULL(loop->fds[p[0]].reader); /* removed when done */
    run_ok(loop, awaiting(ac_wait_writable(p[1]), NULL, 0), NULL);
    close(p[0]);
    close(p[1]);
    ac_loop_free(loop);
}

/* A second waiter on the same fd replaces the first (asyncio's
 * add_reader); dropping the first leaves the second's watcher alone. */
static void test_wait_readable_replaced(void)
{
    ac_loop *loop = ac_loop_new();
    int p[2];
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    void *first = ac_wait_readable(p[0]);
    ac_task *t1 = ac_loop_create_task(loop, awaiting(first, NULL, 0), NULL);
    ac_task *t2 = ac_loop_create_task(
        loop, awaiting(ac_wait_readable(p[0]), NULL, 0), NULL);
    run_ok(loop, ac_sleep(0), NULL);
    ac_task_cancel(t1, NULL);
    CU_ASSERT_PTR_NOT_NULL(loop->fds[p[0]].reader);
    ac_call_later(loop, 0.01, write_byte, &p[1]);
    run_ok(loop, t2, NULL); /* takes t2 */
    CU_ASSERT_TRUE(ac_task_cancelled(t1));
    ac_decref(t1);
    close(p[0]);
    close(p[1]);
    ac_loop_free(loop);
}

/* Cancelled while waiting: the watcher goes with it. */
static void test_wait_readable_cancelled(void)
{
    ac_loop *loop = ac_loop_new();
    int p[2];
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    void *aw = ac_wait_readable(p[0]);
    ac_incref(aw);
    ac_call_later(loop, 0.01, stop_loop, loop);
    ac_task *t = ac_loop_create_task(loop, awaiting(aw, NULL, 0), NULL);
    ac_loop_run_forever(loop);
    CU_ASSERT_PTR_NOT_NULL(loop->fds[p[0]].reader);
    CU_ASSERT_TRUE(ac_task_cancel(t, "enough"));
    CU_ASSERT_PTR_NULL(loop->fds[p[0]].reader);
    CU_ASSERT_TRUE(ac_future_cancelled(aw));
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "enough");
    ac_decref(aw);
    close(p[0]);
    close(p[1]);
    ac_loop_free(loop);
}

static void count_call(void *arg)
{
    (*(int *)arg)++;
}

/* Handles still scheduled when the loop is freed are released (ASan and
 * valgrind check that nothing leaks). */
static void test_free_with_pending_work(void)
{
    ac_loop *loop = ac_loop_new();
    int calls = 0;
    ac_call_soon(loop, count_call, &calls);
    ac_call_later(loop, 10, count_call, &calls);
    ac_call_soon_threadsafe(loop, count_call, &calls);
    ac_task *t = ac_loop_create_task(loop, sleeper(10, 1), NULL);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(calls, 0);
    CU_ASSERT_TRUE(ac_task_cancelled(t));
    ac_decref(t);
}

static void test_time_monotonic(void)
{
    ac_loop *loop = ac_loop_new();
    double a = ac_loop_time(loop), b = ac_loop_time(loop);
    CU_ASSERT_TRUE(a > 0 && b >= a);
    ac_loop_free(loop);
}

int main(void)
{
    static const test_case tests[] = {
        {"call_soon runs callbacks in FIFO order", test_call_soon_fifo},
        {"timers run in deadline order, FIFO on ties; cancelled never",
         test_timer_order},
        {"stop finishes the current iteration", test_stop_finishes_iteration},
        {"a heap of timers, some cancelled", test_timer_heap},
        {"timers in order and out, cancelled, wrapping", test_timer_run},
        {"call_soon_threadsafe wakes a blocked loop", test_threadsafe_wakeup},
        {"ac_get_running_loop", test_running_loop},
        {"call_soon_threadsafe from the loop's thread",
         test_threadsafe_from_loop_thread},
        {"running a loop inside a running loop is refused",
         test_nested_run_refused},
        {"run_until_complete stopped early",
         test_run_until_complete_stopped_early},
        {"reader watchers", test_reader_watcher},
        {"an fd number reused after close", test_fd_number_reused},
        {"a second waiter on one fd", test_wait_readable_replaced},
        {"ac_wait_readable / ac_wait_writable", test_wait_readable},
        {"cancelled ac_wait_readable removes its watcher",
         test_wait_readable_cancelled},
        {"freeing a loop with pending work", test_free_with_pending_work},
        {"ac_loop_time is monotonic", test_time_monotonic},
        {NULL, NULL}};
    return run_suite("loop", tests);
}
