/* rt_task.c - tasks: results, exceptions, names, cancellation with
 * messages, deep await chains, and the awaitables built on tasks (gather,
 * wait_for, sleep), compared with what python3's asyncio does. */
#include "rt_loop_util.h"

static void test_result_and_names(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *a = ac_loop_create_task(loop, sleeper(0.001, 41), NULL);
    ac_task *b = ac_loop_create_task(loop, sleeper(0, 1), "worker");
    unsigned long na = 0, nb = 0;
    CU_ASSERT_EQUAL(sscanf(ac_task_get_name(a), "Task-%lu", &na), 1);
    CU_ASSERT_STRING_EQUAL(ac_task_get_name(b), "worker");
    ac_task *c = ac_loop_create_task(loop, sleeper(0, 1), NULL);
    CU_ASSERT_EQUAL(sscanf(ac_task_get_name(c), "Task-%lu", &nb), 1);
    CU_ASSERT_EQUAL(nb, na + 2); /* every task counts, named or not */
    CU_ASSERT_FALSE(ac_task_done(a));
    ac_incref(a);
    long r = 0;
    run_ok(loop, a, &r);
    CU_ASSERT_EQUAL(r, 42);
    CU_ASSERT_TRUE(ac_task_done(a));
    CU_ASSERT_FALSE(ac_task_cancelled(a));
    r = 0;
    CU_ASSERT_EQUAL(ac_task_result(a, &r), 0);
    CU_ASSERT_EQUAL(r, 42);
    CU_ASSERT_PTR_NULL(ac_task_exception(a));
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    ac_decref(a);
    ac_decref(b);
    ac_decref(c);
    ac_loop_free(loop);
}

static void test_exception(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *t = ac_loop_create_task(loop, raiser(0, "boom"), NULL);
    CU_ASSERT_PTR_NULL(ac_task_exception(t));
    ASSERT_RAISED(ac_InvalidStateError, "Exception is not set.");
    ac_incref(t);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ASSERT_RAISED(ac_ValueError, "boom");
    ac_exc *e = ac_task_exception(t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "boom");
    ac_decref(e);
    CU_ASSERT_EQUAL(ac_task_result(t, NULL), -1);
    ASSERT_RAISED(ac_ValueError, "boom");
    ac_decref(t);
    ac_loop_free(loop);
}

static void test_never_retrieved(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *t = ac_loop_create_task(loop, raiser(0, "lost"), NULL);
    char name[32];
    snprintf(name, sizeof name, "%s", ac_task_get_name(t));
    run_ok(loop, ac_sleep(0.005), NULL);
    CU_ASSERT_TRUE(ac_task_done(t));
    capture c;
    capture_begin(&c);
    ac_decref(t);
    char *err = capture_end(&c);
    char want[256];
    snprintf(want, sizeof want,
             "Task exception was never retrieved\n"
             "future: <Task finished name='%s' coro=<raiser() done, defined "
             "at %s:",
             name, raiser_code.file);
    CU_ASSERT_TRUE(strncmp(err, want, strlen(want)) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "> exception=ValueError('lost')>\n"
                                       "Traceback (most recent call last):\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "in raiser\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "\nValueError: lost\n"));
    free(err);
    ac_loop_free(loop);
}

static void cancel_task(void *arg)
{
    ac_task_cancel(arg, "bye");
}

/* Runs guarded("t") on loop with cancel(task) called 10 ms in: the
 * CancelledError "bye" reaches its await and its finally runs.  Returns the
 * task (a new reference). */
static ac_task *run_cancelled_by(ac_loop *loop, void (*cancel)(void *))
{
    tlog log = {{0}};
    ac_task *t = ac_loop_create_task(loop, guarded(10, &log, "t"), NULL);
    ac_call_later(loop, 0.01, cancel, t);
    ac_incref(t);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "bye");
    CU_ASSERT_STRING_EQUAL(log.text, "t:start t:cancelled(bye) t:finally");
    CU_ASSERT_TRUE(ac_task_cancelled(t));
    return t;
}

/* CancelledError reaches the current await with the message; finally
 * runs; the task is cancelled and awaiting it raises the same message
 * (once: asyncio gives the original exception a single time). */
static void test_cancel_mid_await(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *t = run_cancelled_by(loop, cancel_task);
    CU_ASSERT_FALSE(ac_task_cancel(t, "again"));
    CU_ASSERT_EQUAL(ac_task_result(t, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "");
    CU_ASSERT_EQUAL(loop->ntimers, 0); /* the sleep's timer went with it */
    ac_decref(t);
    ac_loop_free(loop);
}

static void cancel_twice(void *arg)
{
    CU_ASSERT_TRUE(ac_task_cancel(arg, "bye"));
    CU_ASSERT_TRUE(ac_task_cancel(arg, "again")); /* still pending */
}

/* Cancelled twice before it resumes: the first cancel cancelled the
 * awaited sleep, and its CancelledError ("bye") is what the task sees, as
 * asyncio (the second message only sets _must_cancel). */
static void test_cancel_twice_first_message_wins(void)
{
    ac_loop *loop = ac_loop_new();
    ac_decref(run_cancelled_by(loop, cancel_twice));
    ac_loop_free(loop);
}

/* A task cancelled before it first runs never runs its body. */
static void test_cancel_before_start(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    ac_task *t = ac_loop_create_task(loop, guarded(10, &log, "t"), NULL);
    CU_ASSERT_TRUE(ac_task_cancel(t, "early"));
    CU_ASSERT_FALSE(ac_task_cancelled(t)); /* not until its step ran */
    capture c;
    capture_begin(&c);
    ac_incref(t);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    char *err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(err, ""); /* no "never awaited" warning */
    free(err);
    ASSERT_RAISED(ac_CancelledError, "early");
    CU_ASSERT_STRING_EQUAL(log.text, "");
    CU_ASSERT_TRUE(ac_task_cancelled(t));
    ac_decref(t);
    ac_loop_free(loop);
}

typedef struct late {
    ac_future *f;
    ac_task *t;
} late;

static void resolve_then_cancel(void *arg)
{
    late *l = arg;
    long v = 1;
    ac_future_set_result(l->f, &v);
    CU_ASSERT_TRUE(ac_task_cancel(l->t, "late"));
}

/* The awaited future is done already (its wakeup is scheduled): the
 * CancelledError is thrown in at the next step, as asyncio's
 * _must_cancel. */
static void test_cancel_after_wakeup(void)
{
    ac_loop *loop = ac_loop_new();
    ac_future *f = ac_future_new(loop, sizeof(long));
    long got = 0;
    ac_incref(f);
    ac_task *t = ac_loop_create_task(loop, awaiting(f, &got, sizeof got), NULL);
    late l = {f, t};
    ac_call_later(loop, 0.005, resolve_then_cancel, &l);
    ac_incref(t);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "late");
    CU_ASSERT_EQUAL(got, 0);
    ac_decref(t);
    ac_decref(f);
    ac_loop_free(loop);
}

/* A resume costs the same at any depth: the leaf is resumed directly. */
static void test_deep_chain(void)
{
    ac_loop *loop = ac_loop_new();
    long r = 0;
    run_ok(loop, chain(5000), &r);
    CU_ASSERT_EQUAL(r, 5000);
    ac_loop_free(loop);
}

/* Cancelling a deep chain: the CancelledError travels up every frame. */
static void test_cancel_deep_chain(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *t = ac_loop_create_task(loop, chain(100), NULL);
    ac_call_soon(loop, cancel_task, t);
    ac_incref(t);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_TRUE(e && ac_exc_matches(e, &ac_CancelledError));
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "bye");
    ac_decref(e);
    ac_decref(t);
    ac_loop_free(loop);
}

typedef struct seen_task {
    ac_task *inside;
} seen_task;

static void record_current(void *arg)
{
    ((seen_task *)arg)->inside = ac_current_task();
}

static void test_current_task_and_no_loop(void)
{
    CU_ASSERT_PTR_NULL(ac_current_task());
    capture c;
    capture_begin(&c);
    CU_ASSERT_PTR_NULL(ac_create_task(sleeper(0, 0), NULL));
    char *err = capture_end(&c);
    ASSERT_RAISED(ac_RuntimeError, "no running event loop");
    /* The coroutine was taken and dropped unstarted, as in Python. */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "RuntimeWarning: coroutine 'sleeper' was never awaited"));
    free(err);
    ac_loop *loop = ac_loop_new();
    seen_task s = {(ac_task *)&s};
    ac_call_soon(loop, record_current, &s);
    run_ok(loop, ac_sleep(0), NULL);
    CU_ASSERT_PTR_NULL(s.inside); /* a plain callback runs in no task */
    ac_loop_free(loop);
}

/* async long spawn_and_return(tlog *log) {
 *     ac_task *t = ac_create_task(guarded(10, log, "bg"), NULL);
 *     ac_decref(t); current = ac_current_task(); await ac_sleep(0);
 *     return 42; } */
typedef struct spawn_frame {
    ac_frame hdr;
    tlog *log;
    ac_task **current;
    void *aw;
    long ac_result;
} spawn_frame;

static int spawn_resume(ac_frame *f)
{
    spawn_frame *fr = (spawn_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    {
        ac_task *t = ac_create_task(guarded(10, fr->log, "bg"), NULL);
        if (t == NULL)
            goto fail;
        ac_decref(t);
    }
    if (fr->current)
        *fr->current = ac_current_task();
    AWAIT(f, fr->aw, ac_sleep(0), 1, NULL, 0, fail);
    fr->ac_result = 42;
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void spawn_drop(ac_frame *f)
{
    spawn_frame *fr = (spawn_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(spawn_code, "spawn_and_return", spawn_frame, spawn_resume, spawn_drop,
          sizeof(long), offsetof(spawn_frame, ac_result));

static ac_coro *spawn_and_return(tlog *log, ac_task **current)
{
    spawn_frame *fr = (spawn_frame *)ac__frame_new(&spawn_code);
    fr->log = log;
    fr->current = current;
    return (ac_coro *)fr;
}

static void test_current_task_inside(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    ac_task *current = NULL;
    ac_task *t =
        ac_loop_create_task(loop, spawn_and_return(&log, &current), NULL);
    ac_incref(t);
    run_ok(loop, t, NULL);
    CU_ASSERT_PTR_EQUAL(current, t);
    ac_decref(t);
    ac_loop_free(loop); /* drops the pending "bg" task: its finally runs */
    CU_ASSERT_STRING_EQUAL(log.text, "bg:start bg:finally");
}

/* ac_sleep(0) yields exactly once: two tasks alternate, as asyncio's
 * gather(ticker("a", 3), ticker("b", 3)) logs a0 b0 a1 b1 a2 b2. */
static void test_gather_order(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    void *aws[] = {ticker(&log, "a", 3), ticker(&log, "b", 3)};
    run_ok(loop, ac_gather(aws, 2), NULL);
    CU_ASSERT_STRING_EQUAL(log.text, "a0 b0 a1 b1 a2 b2");
    run_ok(loop, ac_gather(NULL, 0), NULL);
    ac_loop_free(loop);
}

/* The first exception propagates; the other children keep running. */
static void test_gather_first_exception(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *s = ac_loop_create_task(loop, sleeper(0.3, 1), NULL);
    ac_incref(s);
    void *aws[] = {raiser(0.005, "boom"), s};
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, ac_gather(aws, 2), NULL),
                    -1);
    ASSERT_RAISED(ac_ValueError, "boom");
    CU_ASSERT_FALSE(ac_task_done(s));
    long r = 0;
    ac_incref(s);
    run_ok(loop, s, &r);
    CU_ASSERT_EQUAL(r, 2);
    ac_decref(s);
    ac_loop_free(loop);
}

/* A child failing after gather raised has its exception retrieved, even
 * with the gather gone: asyncio reports nothing. */
static void test_gather_later_exception_retrieved(void)
{
    ac_loop *loop = ac_loop_new();
    void *aws[] = {raiser(0.005, "first"), raiser(0.02, "second")};
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, ac_gather(aws, 2), NULL),
                    -1);
    ASSERT_RAISED(ac_ValueError, "first");
    capture c;
    capture_begin(&c);
    run_ok(loop, sleeper(0.1, 0), NULL); /* "second" fails meanwhile */
    char *err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
    CU_ASSERT_EQUAL(ac__loop_npending(loop), 0);
    ac_loop_free(loop);
}

static void cancel_future(void *arg)
{
    ac__future_cancel(arg, "stop");
}

/* Cancelling gather cancels every child; it then raises CancelledError. */
static void test_gather_cancel(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    void *aws[] = {guarded(10, &log, "g1"), guarded(10, &log, "g2")};
    void *g = ac_gather(aws, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    ac_call_later(loop, 0.005, cancel_future, g);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, g, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "stop");
    CU_ASSERT_STRING_EQUAL(log.text, "g1:start g2:start g1:cancelled(stop) "
                                     "g1:finally g2:cancelled(stop) "
                                     "g2:finally");
    ac_loop_free(loop);
}

static void test_gather_bad_element(void)
{
    ac_loop *loop = ac_loop_new();
    ac_exc *not_awaitable = ac_exc_new(&ac_ValueError, NULL);
    void *aws[] = {sleeper(0, 1), not_awaitable};
    capture c;
    capture_begin(&c);
    CU_ASSERT_PTR_NULL(ac_gather(aws, 2)); /* both taken and dropped */
    free(capture_end(&c));
    ASSERT_RAISED(ac_TypeError,
                  "An asyncio.Future, a coroutine or an awaitable is required");
    ac_loop_free(loop);
}

/* On timeout the inner awaitable is cancelled and its finally runs before
 * TimeoutError (whose cause is the CancelledError) reaches the caller. */
static void test_wait_for_timeout(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    double start = ac_loop_time(loop);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(
                        loop, ac_wait_for(guarded(10, &log, "in"), 0.02), NULL),
                    -1);
    double took = ac_loop_time(loop) - start;
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_TRUE(e && ac_exc_matches(e, &ac_TimeoutError));
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "");
    CU_ASSERT_TRUE(ac_exc_cause(e) &&
                   ac_exc_matches(ac_exc_cause(e), &ac_CancelledError));
    ac_decref(e);
    CU_ASSERT_STRING_EQUAL(log.text, "in:start in:cancelled() in:finally");
    CU_ASSERT_TRUE(took >= 0.02 && took < 5);
    ac_loop_free(loop);
}

static void test_wait_for_result(void)
{
    ac_loop *loop = ac_loop_new();
    long r = 0;
    run_ok(loop, ac_wait_for(sleeper(0.001, 5), 5), &r);
    CU_ASSERT_EQUAL(r, 6);
    CU_ASSERT_EQUAL(loop->ntimers, 0); /* its timer is cancelled */
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(
                        loop, ac_wait_for(raiser(0, "inner"), 5), NULL),
                    -1);
    ASSERT_RAISED(ac_ValueError, "inner");
    ac_loop_free(loop);
}

/* async long outer_wait(tlog *log) {
 *     return await ac_wait_for(guarded(10, log, "wf"), 5); } */
typedef struct outer_frame {
    ac_frame hdr;
    tlog *log;
    void *aw;
} outer_frame;

static int outer_resume(ac_frame *f)
{
    outer_frame *fr = (outer_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    AWAIT(f, fr->aw, ac_wait_for(guarded(10, fr->log, "wf"), 5), 1, NULL, 0,
          fail);
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void outer_drop(ac_frame *f)
{
    outer_frame *fr = (outer_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(outer_code, "outer_wait", outer_frame, outer_resume, outer_drop, 0,
          0);

/* Cancelling a task inside wait_for: the inner awaitable is cancelled (no
 * message, as asyncio) and waited for; the task gets the message. */
static void test_wait_for_cancelled_from_outside(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    outer_frame *fr = (outer_frame *)ac__frame_new(&outer_code);
    fr->log = &log;
    ac_task *t = ac_loop_create_task(loop, (ac_coro *)fr, NULL);
    ac_call_later(loop, 0.01, cancel_task, t);
    ac_incref(t);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "bye");
    CU_ASSERT_STRING_EQUAL(log.text, "wf:start wf:cancelled() wf:finally");
    ac_decref(t);
    ac_loop_free(loop);
}

static void test_sleep_cancel_cancels_timer(void)
{
    ac_loop *loop = ac_loop_new();
    void *s = ac_sleep(10);
    ac_incref(s);
    ac_task *t = ac_loop_create_task(loop, awaiting(s, NULL, 0), NULL);
    run_ok(loop, ac_sleep(0), NULL);
    CU_ASSERT_EQUAL(loop->ntimers, 1);
    CU_ASSERT_TRUE(ac_future_cancel(s));
    CU_ASSERT_EQUAL(loop->ntimers, 0);
    ac_incref(t);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "");
    ac_decref(t);
    ac_decref(s);
    ac_loop_free(loop);
}

static void test_sleep_waits(void)
{
    ac_loop *loop = ac_loop_new();
    double start = ac_loop_time(loop);
    run_ok(loop, ac_sleep(0.03), NULL);
    CU_ASSERT_TRUE(ac_loop_time(loop) - start >= 0.03);
    ac_loop_free(loop);
}

/* A task awaiting another task gets its result. */
static void test_await_task(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *inner = ac_loop_create_task(loop, sleeper(0.002, 9), NULL);
    long r = 0;
    run_ok(loop, awaiting(inner, &r, sizeof r), NULL);
    CU_ASSERT_EQUAL(r, 10);
    ac_loop_free(loop);
}

/* async void await_self(void) { await ac_current_task(); } */
typedef struct self_frame {
    ac_frame hdr;
    void *aw;
} self_frame;

static int self_resume(ac_frame *f)
{
    self_frame *fr = (self_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    ac_incref(ac_current_task());
    AWAIT(f, fr->aw, ac_current_task(), 1, NULL, 0, fail);
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void self_drop(ac_frame *f)
{
    self_frame *fr = (self_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(self_code, "await_self", self_frame, self_resume, self_drop, 0, 0);

/* asyncio: RuntimeError("Task cannot await on itself: <Task ...>") raised
 * at the await. */
static void test_await_itself(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *t =
        ac_loop_create_task(loop, (ac_coro *)ac__frame_new(&self_code), "me");
    ac_incref(t);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ASSERT_RAISED(ac_RuntimeError,
                  "Task cannot await on itself: <Task pending name='me'>");
    CU_ASSERT_TRUE(ac_task_done(t));
    ac_decref(t);
    ac_loop_free(loop);
}

/* A task given a coroutine that already finished fails as Python's
 * run_until_complete(c) twice does. */
static void test_reused_coroutine(void)
{
    ac_loop *loop = ac_loop_new();
    ac_coro *c = sleeper(0, 1);
    ac_incref(c);
    long r = 0;
    run_ok(loop, c, &r);
    CU_ASSERT_EQUAL(r, 2);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, c, &r), -1);
    ASSERT_RAISED(ac_RuntimeError, "cannot reuse already awaited coroutine");
    ac_loop_free(loop);
}

/* What a suspended task costs beyond its frame (the name is formatted
 * only when asked for). */
static void test_task_size(void)
{
    CU_ASSERT_TRUE(sizeof(ac_task) <= 200);
}

int main(void)
{
    static const test_case tests[] = {
        {"results and Task-N names", test_result_and_names},
        {"exceptions", test_exception},
        {"Task exception was never retrieved", test_never_retrieved},
        {"cancel mid-await carries the message", test_cancel_mid_await},
        {"cancelled twice: the first message wins",
         test_cancel_twice_first_message_wins},
        {"cancelled before it runs: the body never runs",
         test_cancel_before_start},
        {"cancel after the awaited future is done", test_cancel_after_wakeup},
        {"deep await chain", test_deep_chain},
        {"cancel crosses the await chain", test_cancel_deep_chain},
        {"current task; create_task without a loop",
         test_current_task_and_no_loop},
        {"current task inside; pending tasks dropped with the loop",
         test_current_task_inside},
        {"gather: order; sleep(0) yields once", test_gather_order},
        {"gather: the first exception propagates", test_gather_first_exception},
        {"gather: a later exception counts as retrieved",
         test_gather_later_exception_retrieved},
        {"gather: cancel cancels the children", test_gather_cancel},
        {"gather: a bad element", test_gather_bad_element},
        {"wait_for: timeout runs the inner finally", test_wait_for_timeout},
        {"wait_for: result", test_wait_for_result},
        {"wait_for: cancelled from outside",
         test_wait_for_cancelled_from_outside},
        {"sleep: cancelling cancels the timer",
         test_sleep_cancel_cancels_timer},
        {"sleep waits", test_sleep_waits},
        {"await a task", test_await_task},
        {"a task's size", test_task_size},
        {"a task awaiting itself", test_await_itself},
        {"a coroutine that already ran", test_reused_coroutine},
        {NULL, NULL}};
    return run_suite("task", tests);
}
