/* rt_structured.c - structured concurrency where Python cannot be the
 * oracle in an e2e test: exception groups built and printed directly,
 * Task.cancelling counts, the state errors of timeouts and task groups
 * used outside a task, an invalid return_when. */
#include <math.h>

#include "core/exc_group.h"
#include "rt_loop_util.h"
#include "task/cancelling.h"

static ac_exc *group_of(const char *msg, ac_exc *a, ac_exc *b, ac_exc *c)
{
    ac_exc *items[3] = {a, b, c};
    return ac__exc_group_new(msg, items, c ? 3 : b ? 2 : 1);
}

static void test_group_str_and_types(void)
{
    ac_exc *one = group_of("m", ac_exc_new(&ac_ValueError, "v"), NULL, NULL);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(one), "m (1 sub-exception)");
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(one), "ExceptionGroup");
    CU_ASSERT_TRUE(ac_exc_matches(one, &ac_ExceptionGroup));
    CU_ASSERT_TRUE(ac_exc_matches(one, &ac_BaseExceptionGroup));
    CU_ASSERT_TRUE(ac_exc_matches(one, &ac_Exception));
    CU_ASSERT_EQUAL(ac_exc_group_size(one), 1);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(ac_exc_group_item(one, 0)), "v");
    CU_ASSERT_PTR_NULL(ac_exc_group_item(one, 1));
    ac_exc *base = group_of("b", ac_exc_new(&ac_ValueError, "v"),
                            ac_exc_new(&ac_KeyboardInterrupt, NULL), NULL);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(base), "b (2 sub-exceptions)");
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(base), "BaseExceptionGroup");
    CU_ASSERT_TRUE(ac_exc_matches(base, &ac_BaseExceptionGroup));
    CU_ASSERT_FALSE(ac_exc_matches(base, &ac_ExceptionGroup));
    CU_ASSERT_FALSE(ac_exc_matches(base, &ac_Exception));
    ac_exc *plain = ac_exc_new(&ac_ValueError, "p");
    CU_ASSERT_EQUAL(ac_exc_group_size(plain), 0);
    CU_ASSERT_PTR_NULL(ac_exc_group_item(plain, 0));
    CU_ASSERT_FALSE(ac_exc_matches(plain, &ac_BaseExceptionGroup));
    ac_decref(one);
    ac_decref(base);
    ac_decref(plain);
}

static char *printed(const ac_exc *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    ac_exc_print(e, mem);
    fclose(mem);
    return buf;
}

/* Expected: python3 -c 'traceback.print_exception(eg)' of the same
 * groups, never raised (so no tracebacks). */
static void test_group_print(void)
{
    ac_exc *c = ac_exc_new(&ac_RuntimeError, "c");
    ac_exc *ctx = ac_exc_new(&ac_ValueError, "ctx");
    ac_exc_set_context(c, ctx);
    ac_decref(ctx);
    ac_exc *inner = group_of("inner", ac_exc_new(&ac_TypeError, "b"),
                             ac_exc_new(&ac_KeyError, "k"), NULL);
    ac_exc *eg = group_of("outer", ac_exc_new(&ac_ValueError, "a"), inner, c);
    char *text = printed(eg);
    CU_ASSERT_STRING_EQUAL(
        text, "  | ExceptionGroup: outer (3 sub-exceptions)\n"
              "  +-+---------------- 1 ----------------\n"
              "    | ValueError: a\n"
              "    +---------------- 2 ----------------\n"
              "    | ExceptionGroup: inner (2 sub-exceptions)\n"
              "    +-+---------------- 1 ----------------\n"
              "      | TypeError: b\n"
              "      +---------------- 2 ----------------\n"
              "      | KeyError: 'k'\n"
              "      +------------------------------------\n"
              "    +---------------- 3 ----------------\n"
              "    | ValueError: ctx\n"
              "    | \n"
              "    | During handling of the above exception, another "
              "exception occurred:\n"
              "    | \n"
              "    | RuntimeError: c\n"
              "    +------------------------------------\n");
    free(text);
    ac_decref(eg);
    /* The last item a group: only its own box is closed. */
    ac_exc *in =
        group_of("in", ac_exc_new(&ac_KeyboardInterrupt, NULL), NULL, NULL);
    eg = group_of("last nested", ac_exc_new(&ac_ValueError, "x"), in, NULL);
    text = printed(eg);
    CU_ASSERT_STRING_EQUAL(
        text, "  | BaseExceptionGroup: last nested (2 sub-exceptions)\n"
              "  +-+---------------- 1 ----------------\n"
              "    | ValueError: x\n"
              "    +---------------- 2 ----------------\n"
              "    | BaseExceptionGroup: in (1 sub-exception)\n"
              "    +-+---------------- 1 ----------------\n"
              "      | KeyboardInterrupt\n"
              "      +------------------------------------\n");
    free(text);
    ac_decref(eg);
}

/* With a traceback: the header line takes '+' at the top. */
static void test_group_print_traceback(void)
{
    ac_exc *eg = group_of("g", ac_exc_new(&ac_ValueError, "a"), NULL, NULL);
    ac_err_set(eg);
    ac__err_add_frame("amain", "nowhere.ac", 7);
    eg = ac_err_fetch();
    char *text = printed(eg);
    CU_ASSERT_STRING_EQUAL(
        text, "  + Exception Group Traceback (most recent call last):\n"
              "  |   File \"nowhere.ac\", line 7, in amain\n"
              "  | ExceptionGroup: g (1 sub-exception)\n"
              "  +-+---------------- 1 ----------------\n"
              "    | ValueError: a\n"
              "    +------------------------------------\n");
    free(text);
    ac_decref(eg);
}

static void test_cancelling_counts(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *t = ac_loop_create_task(loop, sleeper(1, 0), NULL);
    CU_ASSERT_EQUAL(ac__task_cancelling(t), 0);
    CU_ASSERT_TRUE(ac_task_cancel(t, NULL));
    CU_ASSERT_TRUE(ac_task_cancel(t, NULL));
    CU_ASSERT_EQUAL(ac__task_cancelling(t), 2);
    CU_ASSERT_EQUAL(ac__task_uncancel(t), 1);
    CU_ASSERT_EQUAL(ac__task_uncancel(t), 0);
    CU_ASSERT_EQUAL(ac__task_uncancel(t), 0);
    ac_task_cancel(t, NULL);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, t, NULL), -1);
    ASSERT_RAISED(ac_CancelledError, "");
    ac_loop_free(loop);
}

static void test_outside_a_task(void)
{
    CU_ASSERT_PTR_NULL(ac_timeout(1));
    ASSERT_RAISED(ac_RuntimeError, "no running event loop");
    struct ac_timeout *t = ac_timeout_at(5);
    CU_ASSERT_TRUE(ac_timeout_when(t) == 5);
    CU_ASSERT_FALSE(ac_timeout_expired(t));
    ac_timeout_reschedule(t, 6);
    ASSERT_RAISED(ac_RuntimeError, "Timeout has not been entered");
    /* Entering fails: the block's reference is dropped (ASan: no leak). */
    CU_ASSERT_PTR_NULL(ac__aenter(t));
    ASSERT_RAISED(ac_RuntimeError, "Timeout should be used inside a task");
    t = ac_timeout_at(NAN);
    CU_ASSERT_TRUE(isinf(ac_timeout_when(t)));
    ac_decref(t);

    ac_task_group *tg = ac_task_group_new();
    CU_ASSERT_PTR_NULL(ac_task_group_create_task(tg, sleeper(0, 0), NULL));
    ASSERT_RAISED(ac_RuntimeError,
                  "TaskGroup <TaskGroup> has not been entered");
    CU_ASSERT_PTR_NULL(ac__aenter(tg));
    ASSERT_RAISED(ac_RuntimeError, "no running event loop");
}

static void test_wait_invalid_return_when(void)
{
    ac_loop *loop = ac_loop_new();
    ac_task *t = ac_loop_create_task(loop, sleeper(0.05, 1), NULL);
    ac_task *ts[1] = {t};
    CU_ASSERT_EQUAL(
        ac_loop_run_until_complete(loop, ac_wait(ts, 1, INFINITY, 7), NULL),
        -1);
    ASSERT_RAISED(ac_ValueError, "Invalid return_when value: 7");
    size_t n = 99;
    run_ok(loop, ac_wait(ts, 1, 0, AC_ALL_COMPLETED), &n);
    CU_ASSERT_EQUAL(n, 0); /* timeout 0: at once, t still sleeping */
    run_ok(loop, ac_wait(ts, 1, INFINITY, AC_FIRST_EXCEPTION), &n);
    CU_ASSERT_EQUAL(n, 1); /* no exception: when all are done */
    ac_decref(t);
    ac_loop_free(loop);
}

int main(void)
{
    static const test_case tests[] = {
        {"exception groups: str, types, items", test_group_str_and_types},
        {"exception groups printed in boxes", test_group_print},
        {"an exception group's traceback header", test_group_print_traceback},
        {"Task.cancelling / uncancel counts", test_cancelling_counts},
        {"timeouts and task groups outside a task", test_outside_a_task},
        {"wait: invalid return_when, timeout 0", test_wait_invalid_return_when},
        {NULL, NULL}};
    return run_suite("structured", tests);
}
