/* rt_agen_loop.c - async generators on the event loop: awaits inside the
 * generator, "already running", the loop's own hooks while it runs (saved
 * and restored), its finalizer scheduling aclose() as a task, and
 * ac_loop_shutdown_asyncgens closing what is left, with asyncio's order of
 * events.  Each test runs a script of awaits (rt_agen_frames.h) under
 * ac_run and compares the log with what the same program logs in Python. */
#include "rt_agen_frames.h"

static ac_agen *gen;
static ac_task *task;

/* ---- anext with awaits inside ------------------------------------------ */

static void *anext_steps(int i)
{
    return i < 4 ? ac_anext(gen) : NULL;
}

static void test_anext_awaits_inside(void)
{
    log_clear();
    gen = ticker(3, 1);
    CU_ASSERT_EQUAL(run_script(anext_steps, log_done), 0);
    ASSERT_LOG("0:0 1:1 2:2 ticker-finally 3:StopAsyncIteration()");
    ac_decref(gen);
}

/* ---- already running ------------------------------------------------------
 * g = ticker(3, sleeping); await anext(g)
 * t = create_task(anext(g)); await sleep(0)   # t is inside g's await now
 * await anext(g) / asend(g, None) / athrow(g, ValueError) / aclose(g)
 * await t */

static void *running_steps(int i)
{
    switch (i) {
    case 0:
        return ac_anext(gen);
    case 1:
        task = ac_create_task(ac_anext(gen), NULL);
        return ac_sleep(0);
    case 2:
        log_add("running:%d", ac_agen_running(gen));
        return ac_anext(gen);
    case 3:
        return ac_asend(gen, NULL);
    case 4:
        return ac_athrow(gen, ac_exc_new(&ac_ValueError, "x"));
    case 5:
        return ac_aclose(gen);
    case 6:
        ac_incref(task);
        return task;
    default:
        log_add("running:%d", ac_agen_running(gen));
        return NULL;
    }
}

static void test_already_running(void)
{
    log_clear();
    gen = ticker(3, 1);
    CU_ASSERT_EQUAL(run_script(running_steps, log_done), 0);
    ASSERT_LOG("0:0 1:0 running:1 "
               "2:RuntimeError(anext(): asynchronous generator is already "
               "running) "
               "3:RuntimeError(anext(): asynchronous generator is already "
               "running) "
               "4:RuntimeError(athrow(): asynchronous generator is already "
               "running) "
               "5:RuntimeError(aclose(): asynchronous generator is already "
               "running) "
               "6:1 running:0 ticker-finally");
    ac_decref(task);
    ac_decref(gen);
}

/* ---- the loop's hooks ---------------------------------------------------- */

static int user_firstiter_calls;

static void user_firstiter(ac_agen *ag)
{
    (void)ag;
    user_firstiter_calls++;
}

static void user_finalizer(ac_agen *ag)
{
    (void)ag;
    log_add("user-finalizer");
}

static void *hooks_steps(int i)
{
    ac_agen_hook first, fin;
    ac_get_asyncgen_hooks(&first, &fin);
    log_add("hooks:%s,%s",
            first == user_firstiter ? "user"
            : first == NULL         ? "none"
                                    : "loop",
            fin == user_finalizer ? "user"
            : fin == NULL         ? "none"
                                  : "loop");
    if (i == 0)
        return ac_anext(gen);
    if (i == 1) { /* ours inside the loop, until we put the loop's back */
        ac_set_asyncgen_hooks(user_firstiter, user_finalizer);
        return ac_sleep(0);
    }
    return NULL;
}

static void test_loop_hooks_saved_and_restored(void)
{
    log_clear();
    user_firstiter_calls = 0;
    ac_set_asyncgen_hooks(user_firstiter, user_finalizer);
    gen = ticker(3, 1);
    CU_ASSERT_EQUAL(run_script(hooks_steps, log_done), 0);
    ac_agen_hook first, fin;
    ac_get_asyncgen_hooks(&first, &fin);
    CU_ASSERT_PTR_EQUAL(first, user_firstiter);
    CU_ASSERT_PTR_EQUAL(fin, user_finalizer);
    /* The generator met the loop's hooks, not ours; shutdown closed it. */
    CU_ASSERT_EQUAL(user_firstiter_calls, 0);
    ASSERT_LOG("hooks:loop,loop 0:0 hooks:loop,loop 1:0 hooks:user,user "
               "ticker-finally");
    ac_set_asyncgen_hooks(NULL, NULL);
    ac_decref(gen);
}

/* ---- the loop's finalizer: aclose() as a task ---------------------------
 * async for v in ticker(5): break       # the loop's finalizer runs
 * await sleep(0); await sleep(0)
 * asyncio logs: 0:0 dropped 1:0 ticker-finally 2:0 */

static void *dropped_steps(int i)
{
    switch (i) {
    case 0:
        return ac_anext(gen);
    case 1:
        ac_decref(gen);
        log_add("dropped");
        return ac_sleep(0);
    case 2:
        return ac_sleep(0);
    default:
        return NULL;
    }
}

static void test_finalizer_schedules_aclose(void)
{
    log_clear();
    gen = ticker(5, 1);
    CU_ASSERT_EQUAL(run_script(dropped_steps, log_done), 0);
    ASSERT_LOG("0:0 dropped 1:0 ticker-finally 2:0");
}

/* ---- shutdown_asyncgens ----------------------------------------------------
 */

static void *kept_steps(int i)
{
    if (i == 0)
        return ac_anext(gen);
    log_add("main-done");
    return NULL;
}

static void test_shutdown_closes_what_is_left(void)
{
    log_clear();
    gen = ticker(3, 1);
    CU_ASSERT_EQUAL(run_script(kept_steps, log_done), 0);
    ASSERT_LOG("0:0 main-done ticker-finally");
    CU_ASSERT_TRUE(ac_agen_closed(gen));
    ac_decref(gen);

    /* Its finally awaits: the loop runs until it is done. */
    log_clear();
    gen = slow_close();
    CU_ASSERT_EQUAL(run_script(kept_steps, log_done), 0);
    ASSERT_LOG("0:1 main-done slow-finally-starts slow-finally-ends");
    ac_decref(gen);
}

/* Many generators left suspended, some dropped (finalizer tasks), the
 * rest kept: every one is closed before ac_run returns. */
enum { MANY = 60 };
static ac_agen *many[MANY];

static void *many_steps(int i)
{
    if (i < MANY)
        return ac_anext(many[i]);
    for (int k = 0; k < MANY; k += 3) {
        ac_decref(many[k]);
        many[k] = NULL;
    }
    return NULL;
}

static void test_many_left_suspended(void)
{
    log_clear();
    for (int k = 0; k < MANY; k++)
        many[k] = ticker(3, 1);
    CU_ASSERT_EQUAL(run_script(many_steps, log_done), 0);
    int finallies = 0;
    for (const char *p = log_text; (p = strstr(p, "ticker-finally")); p++)
        finallies++;
    CU_ASSERT_EQUAL(finallies, MANY);
    for (int k = 0; k < MANY; k++) {
        if (many[k] != NULL) {
            CU_ASSERT_TRUE(ac_agen_closed(many[k]));
            ac_decref(many[k]);
        }
    }
}

/* Dropped as main returns: ac_run cancels the finalizer's task before it
 * ran; the CancelledError goes into the generator, whose finally block
 * awaits; shutdown_asyncgens then closes it for good (GeneratorExit at that
 * await), before ac_run returns (SPEC section 5) and as asyncio does. */
static void *dropped_last_steps(int i)
{
    if (i == 0)
        return ac_anext(gen);
    ac_decref(gen);
    log_add("main-done");
    return NULL;
}

static void test_finalizer_task_cancelled_by_run(void)
{
    log_clear();
    gen = slow_close();
    CU_ASSERT_EQUAL(run_script(dropped_last_steps, log_done), 0);
    ASSERT_LOG("0:1 main-done slow-finally-starts");
}

static void test_shutdown_reports_close_errors(void)
{
    log_clear();
    gen = bad_close();
    capture c;
    capture_begin(&c);
    int rc = run_script(kept_steps, log_done);
    char *err = capture_end(&c);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "an error occurred during closing of asynchronous "
                    "generator <async_generator object bad_close at 0x"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "asyncgen: <async_generator object bad_close at 0x"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "ValueError: boom"));
    free(err);
    ASSERT_LOG("0:1 main-done");
    ac_decref(gen);
}

/* A dropped generator whose finalizer-driven aclose() fails is released
 * (its frame's references with it) as that task is, at the end of the
 * task's last step, not kept until ac_run ends: CPython frees it as the
 * task goes, and asyncio reports the task's exception then, as never
 * retrieved. */
static void bad_close_logged_drop(ac_frame *f)
{
    (void)f;
    log_add("bad-released");
}

AGEN_CODE(bad_close_logged_code, "bad_close", bad_close_frame,
          bad_close_resume, bad_close_logged_drop, int, 0);

static void *failed_finalizer_steps(int i)
{
    switch (i) {
    case 0:
        return ac_anext(gen);
    case 1:
        ac_decref(gen);
        gen = NULL;
        log_add("dropped");
        return ac_sleep(0);
    case 2:
    case 3:
    case 4:
    case 5:
        return ac_sleep(0);
    default:
        log_add("main-done");
        return NULL;
    }
}

static void test_failed_finalizer_close_released(void)
{
    log_clear();
    gen = (ac_agen *)ac__frame_new(&bad_close_logged_code);
    capture c;
    capture_begin(&c);
    int rc = run_script(failed_finalizer_steps, log_done);
    char *err = capture_end(&c);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "Task exception was never retrieved\n"
                    "future: <Task finished name='Task-"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "coro=<<async_generator_athrow without __name__>()> "
                    "exception=ValueError('boom')>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "ValueError: boom"));
    CU_ASSERT_PTR_NULL(strstr(err, "an error occurred during closing"));
    free(err);
    ASSERT_LOG("0:1 dropped 1:0 bad-released 2:0 3:0 4:0 5:0 main-done");
}

/* A loop freed without shutdown_asyncgens lets go of its generators: one
 * dropped afterwards is released, unclosed, as with a closed asyncio loop. */
static void test_loop_freed_first(void)
{
    log_clear();
    gen = ticker(3, 1);
    static script s = {kept_steps, log_done};
    ac_loop *loop = ac_loop_new();
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, script_coro(&s), NULL), 0);
    ac_loop_free(loop);
    CU_ASSERT_FALSE(ac_agen_closed(gen));
    ac_decref(gen);
    ASSERT_LOG("0:0 main-done");
}

/* A task left waiting inside a generator when the loop is freed: freeing
 * the loop closes the task's coroutine, and the GeneratorExit goes on into
 * the generator, whose finally block runs; nothing is left running. */
static void *pending_steps(int i)
{
    if (i == 0)
        return ac_anext(gen);
    if (i == 1) {
        ac_decref(ac_create_task(ac_anext(gen), NULL));
        return ac_sleep(0);
    }
    log_add("running:%d", ac_agen_running(gen));
    return NULL;
}

static void test_loop_freed_with_task_inside(void)
{
    log_clear();
    gen = ticker(3, 2);
    static script s = {pending_steps, log_done};
    ac_loop *loop = ac_loop_new();
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, script_coro(&s), NULL), 0);
    ac_loop_free(loop);
    CU_ASSERT_FALSE(ac_agen_running(gen));
    CU_ASSERT_TRUE(ac_agen_closed(gen));
    ac_decref(gen);
    ASSERT_LOG("0:0 1:0 running:1 ticker-finally");
}

/* Called from inside the running loop: an error, and nothing left behind
 * (no coroutine never awaited). */
static void *inside_steps(int i)
{
    if (i > 0)
        return NULL;
    CU_ASSERT_EQUAL(ac_loop_shutdown_asyncgens(ac_get_running_loop()), -1);
    log_exc("shutdown");
    return ac_sleep(0);
}

static void test_shutdown_inside_the_loop(void)
{
    log_clear();
    capture c;
    capture_begin(&c);
    CU_ASSERT_EQUAL(run_script(inside_steps, log_done), 0);
    char *err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
    ASSERT_LOG("shutdown:RuntimeError(This event loop is already running) "
               "0:0");
}

/* ---- cancellation ---------------------------------------------------------
 * t = create_task(anext(g)) while g waits inside; t.cancel() */

static void *cancel_steps(int i)
{
    switch (i) {
    case 0:
        return ac_anext(gen);
    case 1:
        task = ac_create_task(ac_anext(gen), NULL);
        return ac_sleep(0);
    case 2:
        log_add("running:%d", ac_agen_running(gen));
        ac_task_cancel(task, NULL);
        return ac_sleep(0);
    case 3:
        log_add("running:%d cancelled:%d", ac_agen_running(gen),
                ac_task_cancelled(task));
        return ac_anext(gen);
    default:
        return NULL;
    }
}

static void test_cancel_while_inside(void)
{
    log_clear();
    gen = ticker(3, 2);
    CU_ASSERT_EQUAL(run_script(cancel_steps, log_done), 0);
    ASSERT_LOG("0:0 1:0 running:1 ticker-finally 2:0 running:0 cancelled:1 "
               "3:StopAsyncIteration()");
    ac_decref(task);
    ac_decref(gen);
}

static const test_case tests[] = {
    {"anext with awaits inside", test_anext_awaits_inside},
    {"already running", test_already_running},
    {"loop hooks saved and restored", test_loop_hooks_saved_and_restored},
    {"finalizer schedules aclose", test_finalizer_schedules_aclose},
    {"shutdown closes what is left", test_shutdown_closes_what_is_left},
    {"many left suspended", test_many_left_suspended},
    {"finalizer task cancelled by ac_run",
     test_finalizer_task_cancelled_by_run},
    {"shutdown reports close errors", test_shutdown_reports_close_errors},
    {"loop freed first", test_loop_freed_first},
    {"failed finalizer close released", test_failed_finalizer_close_released},
    {"loop freed with a task inside", test_loop_freed_with_task_inside},
    {"shutdown inside the loop", test_shutdown_inside_the_loop},
    {"cancel while inside", test_cancel_while_inside},
    {NULL, NULL}};

int main(void)
{
    return run_suite("agen_loop", tests);
}
