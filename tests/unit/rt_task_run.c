/* rt_task_run.c - ac_run (asyncio.run) and ac_run_in_executor. */
#include "rt_loop_util.h"

#include <pthread.h>

/* async long spawner(tlog *log, int fail) {
 *     ac_create_task(guarded(10, log, "bg"), NULL);
 *     await ac_sleep(0.001);
 *     if (fail) throw ValueError("main failed");
 *     return 7; } */
typedef struct spawner_frame {
    ac_frame hdr;
    tlog *log;
    int fail;
    void *aw;
    long ac_result;
} spawner_frame;

static int spawner_resume(ac_frame *f)
{
    spawner_frame *fr = (spawner_frame *)f;
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
    AWAIT(f, fr->aw, ac_sleep(0.001), 1, NULL, 0, fail);
    if (fr->fail) {
        ac__throw(f, ac_exc_new(&ac_ValueError, "main failed"), NULL, __LINE__);
        return AC_RAISED;
    }
    fr->ac_result = 7;
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void spawner_drop(ac_frame *f)
{
    spawner_frame *fr = (spawner_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(spawner_code, "spawner", spawner_frame, spawner_resume, spawner_drop,
          sizeof(long), offsetof(spawner_frame, ac_result));

static ac_coro *spawner(tlog *log, int fail)
{
    spawner_frame *fr = (spawner_frame *)ac__frame_new(&spawner_code);
    fr->log = log;
    fr->fail = fail;
    return (ac_coro *)fr;
}

/* The result comes back; the task main left behind is cancelled and waited
 * for (its finally runs) before ac_run returns; nothing is printed. */
static void test_run_result_and_cleanup(void)
{
    tlog log = {{0}};
    long r = 0;
    capture c;
    capture_begin(&c);
    int rc = ac_run(spawner(&log, 0), &r);
    char *err = capture_end(&c);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(r, 7);
    CU_ASSERT_STRING_EQUAL(log.text, "bg:start bg:cancelled() bg:finally");
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
    CU_ASSERT_PTR_NULL(ac_get_running_loop());
}

static void test_run_exception(void)
{
    tlog log = {{0}};
    long r = 123;
    capture c;
    capture_begin(&c);
    int rc = ac_run(spawner(&log, 1), &r);
    char *err = capture_end(&c);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_EQUAL(r, 123); /* untouched */
    ASSERT_RAISED(ac_ValueError, "main failed");
    CU_ASSERT_STRING_EQUAL(log.text, "bg:start bg:cancelled() bg:finally");
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
}

/* async void nested_run(int *rc) { *rc = ac_run(sleeper(0, 0), NULL); } */
typedef struct nested_frame {
    ac_frame hdr;
    int *rc;
    char msg[128];
} nested_frame;

static int nested_resume(ac_frame *f)
{
    nested_frame *fr = (nested_frame *)f;
    *fr->rc = ac_run(sleeper(0, 0), NULL);
    ac_exc *e = ac_err_fetch();
    snprintf(fr->msg, sizeof fr->msg, "%s: %s", e ? ac_exc_type_name(e) : "",
             e ? ac_exc_message(e) : "");
    ac_decref(e);
    return AC_RETURNED;
}

CORO_CODE(nested_code, "nested_run", nested_frame, nested_resume, NULL, 0, 0);

static void test_run_inside_running_loop(void)
{
    nested_frame *fr = (nested_frame *)ac__frame_new(&nested_code);
    int rc = 0;
    fr->rc = &rc;
    ac_incref(fr);
    capture c;
    capture_begin(&c);
    CU_ASSERT_EQUAL(ac_run((ac_coro *)fr, NULL), 0);
    char *err = capture_end(&c);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_STRING_EQUAL(fr->msg, "RuntimeError: asyncio.run() cannot be "
                                    "called from a running event loop");
    /* Python drops the coroutine it refused: the same warning. */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "coroutine 'sleeper' was never awaited"));
    free(err);
    ac_decref(fr);
}

/* async void bad_cleanup(void) {
 *     try { await ac_sleep(10); } finally { throw ValueError(...); } } */
typedef struct bad_frame {
    ac_frame hdr;
    void *aw;
} bad_frame;

static int bad_resume(ac_frame *f)
{
    bad_frame *fr = (bad_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    AWAIT(f, fr->aw, ac_sleep(10), 1, NULL, 0, fail);
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    {
        ac_exc *handled = ac__catch();
        ac__throw(f, ac_exc_new(&ac_ValueError, "cleanup failed"), handled,
                  __LINE__);
        ac_decref(handled);
    }
    return AC_RAISED;
}

static void bad_drop(ac_frame *f)
{
    bad_frame *fr = (bad_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(bad_code, "bad_cleanup", bad_frame, bad_resume, bad_drop, 0, 0);

/* async void leave_bad(void) { ac_create_task(bad_cleanup());
 *                              await ac_sleep(0); } */
typedef struct leave_frame {
    ac_frame hdr;
    void *aw;
} leave_frame;

static int leave_resume(ac_frame *f)
{
    leave_frame *fr = (leave_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    ac_decref(ac_create_task((ac_coro *)ac__frame_new(&bad_code), "bad"));
    AWAIT(f, fr->aw, ac_sleep(0), 1, NULL, 0, fail);
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

CORO_CODE(leave_code, "leave_bad", leave_frame, leave_resume, bad_drop, 0, 0);

/* A task left behind fails while being cancelled: reported as asyncio's
 * default exception handler does; ac_run itself still succeeds. */
static void test_run_shutdown_failure(void)
{
    capture c;
    capture_begin(&c);
    int rc = ac_run((ac_coro *)ac__frame_new(&leave_code), NULL);
    char *err = capture_end(&c);
    CU_ASSERT_EQUAL(rc, 0);
    char want[256];
    snprintf(want, sizeof want,
             "unhandled exception during asyncio.run() shutdown\n"
             "task: <Task finished name='bad' coro=<bad_cleanup() done, "
             "defined at %s:",
             bad_code.file);
    CU_ASSERT_TRUE(strncmp(err, want, strlen(want)) == 0);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "> exception=ValueError('cleanup failed')>\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "CancelledError\n\nDuring handling "
                                       "of the above exception, another "
                                       "exception occurred:\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "\nValueError: cleanup failed\n"));
    free(err);
}

static void *square_in_thread(void *arg)
{
    long *v = arg;
    *v = *v * *v;
    return (void *)pthread_self();
}

/* The function runs on another thread; its void * comes back. */
static void test_run_in_executor(void)
{
    ac_loop *loop = ac_loop_new();
    long v = 12;
    void *tid = NULL;
    run_ok(loop,
           awaiting(ac_run_in_executor(square_in_thread, &v), &tid, sizeof tid),
           NULL);
    CU_ASSERT_EQUAL(v, 144);
    CU_ASSERT_PTR_NOT_NULL(tid);
    CU_ASSERT_FALSE(pthread_equal((pthread_t)tid, pthread_self()));
    ac_loop_free(loop);
}

/* Several jobs at once, with the pool bounded. */
static void test_executor_many(void)
{
    ac_loop *loop = ac_loop_new();
    enum { N = 40 };
    long vals[N];
    void *aws[N];
    for (int i = 0; i < N; i++) {
        vals[i] = i;
        aws[i] =
            awaiting(ac_run_in_executor(square_in_thread, &vals[i]), NULL, 0);
    }
    run_ok(loop, ac_gather(aws, N), NULL);
    for (int i = 0; i < N; i++)
        CU_ASSERT_EQUAL(vals[i], (long)i * i);
    ac_loop_free(loop);
}

/* ac_run shuts the default executor down: the job has finished. */
typedef struct exec_main_frame {
    ac_frame hdr;
    long *v;
} exec_main_frame;

static int exec_main_resume(ac_frame *f)
{
    exec_main_frame *fr = (exec_main_frame *)f;
    void *job = ac_run_in_executor(square_in_thread, fr->v); /* not awaited */
    ac_decref(job);
    return AC_RETURNED;
}

CORO_CODE(exec_main_code, "exec_main", exec_main_frame, exec_main_resume, NULL,
          0, 0);

static void test_run_shuts_down_executor(void)
{
    exec_main_frame *fr = (exec_main_frame *)ac__frame_new(&exec_main_code);
    long v = 9;
    fr->v = &v;
    CU_ASSERT_EQUAL(ac_run((ac_coro *)fr, NULL), 0);
    CU_ASSERT_EQUAL(v, 81);
}

/* Loops on two threads at once, each interleaving two tickers through
 * sleep(0) (which shares nothing between the threads: clean under TSan),
 * one of them also awaiting a sleep(0) made on this thread: as
 * asyncio.sleep(0), the awaitable may be made anywhere and awaited on any
 * loop. */
enum { TICKS = 50 };

typedef struct ticking {
    tlog log;
    void *made_here; /* NULL: made on the loop's thread */
    int rc;
} ticking;

static void *tick_on_own_loop(void *arg)
{
    ticking *t = arg;
    if (t->made_here == NULL)
        t->made_here = ac_sleep(0);
    void *aws[] = {ticker(&t->log, "a", TICKS), ticker(&t->log, "b", TICKS),
                   awaiting(t->made_here, NULL, 0)};
    t->rc = ac_run(awaiting(ac_gather(aws, 3), NULL, 0), NULL);
    return NULL;
}

static void test_sleep0_on_two_threads(void)
{
    tlog expected = {{0}};
    for (int i = 0; i < TICKS; i++)
        tlog_add(&expected, "a%d b%d", i, i);
    ticking runs[2] = {{.made_here = ac_sleep(0)}, {.made_here = NULL}};
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, tick_on_own_loop, &runs[i]);
    for (int i = 0; i < 2; i++) {
        pthread_join(threads[i], NULL);
        CU_ASSERT_EQUAL(runs[i].rc, 0);
        CU_ASSERT_STRING_EQUAL(runs[i].log.text, expected.text);
    }
}

int main(void)
{
    static const test_case tests[] = {
        {"ac_run: result, remaining tasks cancelled",
         test_run_result_and_cleanup},
        {"ac_run: main's exception", test_run_exception},
        {"sleep(0) on two threads", test_sleep0_on_two_threads},
        {"ac_run inside a running loop", test_run_inside_running_loop},
        {"ac_run: a task failing at shutdown", test_run_shutdown_failure},
        {"run_in_executor", test_run_in_executor},
        {"run_in_executor: many jobs", test_executor_many},
        {"ac_run shuts the executor down", test_run_shuts_down_executor},
        {NULL, NULL}};
    return run_suite("run", tests);
}
