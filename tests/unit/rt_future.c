/* rt_future.c - futures: results copied in, exceptions, cancellation,
 * done callbacks scheduled through the loop, awaiting from a task. */
#include "rt_loop_util.h"

static void test_result_copied(void)
{
    ac_loop *loop = ac_loop_new();
    ac_future *f = ac_future_new(loop, sizeof(long));
    CU_ASSERT_FALSE(ac_future_done(f));
    long v = 41, out = 0;
    CU_ASSERT_EQUAL(ac_future_result(f, &out), -1);
    ASSERT_RAISED(ac_InvalidStateError, "Result is not set.");
    ac_future_set_result(f, &v);
    v = 0; /* copied: the caller's variable may change */
    CU_ASSERT_TRUE(ac_future_done(f));
    CU_ASSERT_EQUAL(ac_future_result(f, &out), 0);
    CU_ASSERT_EQUAL(out, 41);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    ac_future_set_result(f, &v);
    ASSERT_RAISED(ac_InvalidStateError, "invalid state");
    ac_future_set_exception(f, ac_exc_new(&ac_ValueError, "late"));
    ASSERT_RAISED(ac_InvalidStateError, "invalid state");
    CU_ASSERT_FALSE(ac_future_cancel(f));
    CU_ASSERT_EQUAL(ac_future_result(f, &out), 0);
    CU_ASSERT_EQUAL(out, 41);
    ac_decref(f);
    ac_loop_free(loop);
}

static void test_exception(void)
{
    ac_loop *loop = ac_loop_new();
    ac_future *f = ac_future_new(loop, sizeof(int));
    ac_exc *e = ac_exc_new(&ac_ValueError, "bad %d", 7);
    ac_incref(e);
    ac_future_set_exception(f, e);
    int out = 5;
    CU_ASSERT_EQUAL(ac_future_result(f, &out), -1);
    ac_exc *got = ac_err_fetch();
    CU_ASSERT_PTR_EQUAL(got, e); /* the same object, raised again */
    CU_ASSERT_EQUAL(out, 5);
    ac_decref(got);
    ac_decref(e);
    ac_decref(f);
    ac_loop_free(loop);
}

static void test_cancel(void)
{
    ac_loop *loop = ac_loop_new();
    ac_future *f = ac_future_new(loop, 0);
    CU_ASSERT_TRUE(ac_future_cancel(f));
    CU_ASSERT_TRUE(ac_future_cancelled(f));
    CU_ASSERT_TRUE(ac_future_done(f));
    CU_ASSERT_FALSE(ac_future_cancel(f));
    CU_ASSERT_EQUAL(ac_future_result(f, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "");
    ac_future_set_result(f, NULL);
    ASSERT_RAISED(ac_InvalidStateError, "invalid state");
    ac_decref(f);
    ac_loop_free(loop);
}

typedef struct cbrec {
    tlog *log;
    const char *tag;
} cbrec;

static void on_done(ac_future *f, void *arg)
{
    cbrec *r = arg;
    long v = 0;
    ac_future_result(f, &v);
    tlog_add(r->log, "%s=%ld", r->tag, v);
}

static void plain(void *arg)
{
    cbrec *r = arg;
    tlog_add(r->log, "%s", r->tag);
}

static void stop_loop(void *arg)
{
    ac_loop_stop(arg);
}

/* As asyncio: callbacks go through call_soon when the future is done
 * (never synchronously), in the order added; one added afterwards is
 * scheduled at once. */
static void test_done_callbacks(void)
{
    ac_loop *loop = ac_loop_new();
    tlog log = {{0}};
    cbrec a = {&log, "a"}, b = {&log, "b"}, x = {&log, "x"};
    ac_future *f = ac_future_new(loop, sizeof(long));
    ac_future_add_done_callback(f, on_done, &a);
    long v = 3;
    ac_future_set_result(f, &v);
    CU_ASSERT_STRING_EQUAL(log.text, "");
    ac_call_soon(loop, plain, &x);
    ac_future_add_done_callback(f, on_done, &b);
    ac_decref(f); /* the callbacks keep it alive */
    ac_call_soon(loop, stop_loop, loop);
    ac_loop_run_forever(loop);
    CU_ASSERT_STRING_EQUAL(log.text, "a=3 x b=3");
    ac_loop_free(loop);
}

static void test_never_retrieved(void)
{
    ac_loop *loop = ac_loop_new();
    ac_future *f = ac_future_new(loop, 0);
    ac_future_set_exception(f, ac_exc_new(&ac_ValueError, "it's lost"));
    capture c;
    capture_begin(&c);
    ac_decref(f);
    char *err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(err, "Future exception was never retrieved\n"
                                "future: <Future finished "
                                "exception=ValueError(\"it's lost\")>\n"
                                "ValueError: it's lost\n");
    free(err);
    /* Retrieved: nothing printed. */
    f = ac_future_new(loop, 0);
    ac_future_set_exception(f, ac_exc_new(&ac_ValueError, "seen"));
    CU_ASSERT_EQUAL(ac_future_result(f, NULL), -1);
    ac_err_clear();
    capture_begin(&c);
    ac_decref(f);
    err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
    ac_loop_free(loop);
}

static void set_later(void *arg)
{
    long v = 99;
    ac_future_set_result(arg, &v);
}

static void test_await_from_task(void)
{
    ac_loop *loop = ac_loop_new();
    ac_future *f = ac_future_new(loop, sizeof(long));
    long got = 0;
    ac_incref(f);
    ac_call_later(loop, 0.01, set_later, f);
    run_ok(loop, awaiting(f, &got, sizeof got), NULL);
    CU_ASSERT_EQUAL(got, 99);
    /* The wrong destination size is a TypeError, never a reinterpretation. */
    int small = 0;
    ac_incref(f);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(
                        loop, awaiting(f, &small, sizeof small), NULL),
                    -1);
    ASSERT_RAISED(ac_TypeError, "await: a result of 8 bytes cannot go to a "
                                "destination of 4 bytes");
    CU_ASSERT_EQUAL(small, 0);
    /* A future run directly. */
    long direct = 0;
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, f, &direct), 0);
    CU_ASSERT_EQUAL(direct, 99);
    ac_loop_free(loop);
}

static void cancel_it(void *arg)
{
    ac_future_cancel(arg);
}

static void test_cancel_awaited(void)
{
    ac_loop *loop = ac_loop_new();
    ac_future *f = ac_future_new(loop, sizeof(long));
    ac_incref(f);
    ac_call_later(loop, 0.01, cancel_it, f);
    long got = 0;
    CU_ASSERT_EQUAL(
        ac_loop_run_until_complete(loop, awaiting(f, &got, sizeof got), NULL),
        -1);
    ASSERT_RAISED(ac_CancelledError, "");
    ac_decref(f);
    ac_loop_free(loop);
}

int main(void)
{
    static const test_case tests[] = {
        {"result is copied in; InvalidStateError", test_result_copied},
        {"set_exception", test_exception},
        {"cancel", test_cancel},
        {"done callbacks go through the loop", test_done_callbacks},
        {"Future exception was never retrieved", test_never_retrieved},
        {"awaited from a task", test_await_from_task},
        {"cancelling an awaited future", test_cancel_awaited},
        {NULL, NULL}};
    return run_suite("future", tests);
}
