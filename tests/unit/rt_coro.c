/* rt_coro.c - coroutines and the await chain: ac__coro_drive over chains
 * of depth 1, 10 and 100 with a fake future at the leaf (resumed directly,
 * at the same C stack depth whatever the chain's), results and exceptions
 * travelling up, the coroutine protocol and CPython's error messages. */
#include "loop/future.h"
#include "rt_coro_frames.h"

static ac_frame *frame_of(ac_coro *c)
{
    return (ac_frame *)c;
}

/* Drives chain(depth) to the fake future, then completes it. */
static void check_chain(int depth, uintptr_t *first_stack,
                        uintptr_t *resume_stack)
{
    fakefut *ff = fakefut_new();
    ac_coro *top = chain(depth, ff);
    ac_frame *leaf = frame_of(top);
    reset_logs();
    CU_ASSERT_EQUAL(ac__coro_drive(frame_of(top), &leaf), AC_YIELDED);
    *first_stack = leaf_stack;
    CU_ASSERT_STRING_EQUAL(leaf->code->name, "leafco");
    CU_ASSERT_PTR_EQUAL(leaf->waiting, ff);
    CU_ASSERT_EQUAL(leaf->how, AC_HOW_SEND);
    CU_ASSERT_EQUAL(nresumed, depth + 2); /* each frame started once */
    CU_ASSERT_EQUAL(ac_coro_getstate(top), AC_CORO_SUSPENDED);

    /* The future completes: the leaf is resumed first, directly, then
     * each awaiter once. */
    fakefut_set(ff, 5);
    reset_logs();
    CU_ASSERT_EQUAL(ac__coro_drive(frame_of(top), &leaf), AC_RETURNED);
    *resume_stack = leaf_stack;
    CU_ASSERT_PTR_EQUAL(leaf, frame_of(top));
    CU_ASSERT_EQUAL(nresumed, depth + 2);
    CU_ASSERT_PTR_EQUAL(resumed_code[0], &leafco__code);
    CU_ASSERT_PTR_EQUAL(resumed[nresumed - 1], frame_of(top));
    int result = *(int *)((char *)top + frame_of(top)->code->result_offset);
    CU_ASSERT_EQUAL(result, 5 + 1 + depth + 1);
    CU_ASSERT_EQUAL(nfinally, depth + 1);
    CU_ASSERT_EQUAL(finally_log[0], 0); /* innermost first */
    CU_ASSERT_EQUAL(ac_coro_getstate(top), AC_CORO_CLOSED);
    CU_ASSERT_EQUAL(ff->starts, 1);
    CU_ASSERT_EQUAL(ff->ob.refcnt, 1); /* the await released its slot */
    ac_decref(top);
    ac_decref(ff);
}

static void test_chains(void)
{
    uintptr_t first[3], again[3];
    int depths[3] = {1, 10, 100};
    for (int i = 0; i < 3; i++)
        check_chain(depths[i], &first[i], &again[i]);
    /* No recursion: the leaf runs at the same stack depth at any depth. */
    CU_ASSERT_EQUAL(first[0], first[1]);
    CU_ASSERT_EQUAL(first[0], first[2]);
    CU_ASSERT_EQUAL(again[0], again[2]);
}

static void test_future_ready_at_once(void)
{
    fakefut *ff = fakefut_new();
    fakefut_set(ff, 41);
    ac_coro *c = chain(3, ff);
    int out = 0;
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, &out), AC_RETURNED);
    CU_ASSERT_EQUAL(out, 41 + 1 + 4);
    ac_decref(c);
    ac_decref(ff);
}

/* The future's exception is raised in the leaf and travels up through
 * every awaiter, each adding its traceback entry. */
static void test_exception_travels_up(void)
{
    fakefut *ff = fakefut_new();
    ac_coro *c = chain(2, ff);
    void *waiting = NULL;
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, &waiting), AC_YIELDED);
    CU_ASSERT_PTR_EQUAL(waiting, ff);
    ff->done = true;
    ff->exc = ac_exc_new(&ac_ValueError, "bad");
    reset_logs();
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    CU_ASSERT_EQUAL(nfinally, 3);
    ac_exc *e = ac_err_fetch();
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "Traceback (most recent call last):\n"
                              "  File \"coro.ac\", line 23, in waitfor\n"
                              "  File \"coro.ac\", line 23, in waitfor\n"
                              "  File \"coro.ac\", line 23, in waitfor\n"
                              "  File \"coro.ac\", line 12, in leafco\n"
                              "ValueError: bad\n");
    free(s);
    ac_decref(e);
    CU_ASSERT_EQUAL(ac_coro_getstate(c), AC_CORO_CLOSED);
    ac_decref(c);
    ac_decref(ff);
}

/* Python summarises more than 3 identical entries in a row (the output of
 * a recursive function raising 6 frames down). */
static void test_traceback_repeats(void)
{
    fakefut *ff = fakefut_new();
    ff->done = true;
    ff->exc = ac_exc_new(&ac_ValueError, "deep");
    ac_coro *c = chain(4, ff);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    ac_exc *e = ac_err_fetch();
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "Traceback (most recent call last):\n"
                              "  File \"coro.ac\", line 23, in waitfor\n"
                              "  File \"coro.ac\", line 23, in waitfor\n"
                              "  File \"coro.ac\", line 23, in waitfor\n"
                              "  [Previous line repeated 2 more times]\n"
                              "  File \"coro.ac\", line 12, in leafco\n"
                              "ValueError: deep\n");
    free(s);
    ac_decref(e);
    ac_decref(c);
    ac_decref(ff);
}

/* A throw goes to the innermost frame: the future sees its waiter
 * cancelled; the CancelledError reaches the top. */
static void test_throw_into_leaf(void)
{
    fakefut *ff = fakefut_new();
    ac_coro *c = chain(4, ff);
    ac_coro_send(c, NULL, NULL);
    reset_logs();
    CU_ASSERT_EQUAL(
        ac_coro_throw(c, ac_exc_new(&ac_CancelledError, "stop"), NULL),
        AC_RAISED);
    CU_ASSERT_TRUE(ff->cancelled);
    CU_ASSERT_PTR_EQUAL(resumed_code[0], &leafco__code);
    CU_ASSERT_EQUAL(nfinally, 5);
    ASSERT_RAISED(ac_CancelledError, "stop");
    ac_decref(c);
    ac_decref(ff);

    /* Thrown into a coroutine that never ran: raised at its first line. */
    c = waitfor(NULL, 0);
    CU_ASSERT_EQUAL(ac_coro_throw(c, ac_exc_new(&ac_KeyError, "k"), NULL),
                    AC_RAISED);
    ac_exc *e = ac_err_fetch();
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "Traceback (most recent call last):\n"
                              "  File \"coro.ac\", line 20, in waitfor\n"
                              "KeyError: 'k'\n");
    free(s);
    ac_decref(e);
    CU_ASSERT_EQUAL(nfinally, 5); /* the body never ran */
    CU_ASSERT_EQUAL(ac_coro_getstate(c), AC_CORO_CLOSED);
    ac_decref(c);
}

/* The driver throws into a frame that never ran (a task cancelled before
 * its first step) without running its body. */
static void test_drive_throw_unstarted(void)
{
    fakefut *ff = fakefut_new();
    ac_coro *c = leafco(ff);
    ac_frame *leaf = frame_of(c);
    reset_logs();
    ac_err_set(ac_exc_new(&ac_CancelledError, NULL));
    leaf->how = AC_HOW_THROW;
    CU_ASSERT_EQUAL(ac__coro_drive(leaf, &leaf), AC_RAISED);
    CU_ASSERT_EQUAL(nresumed, 0);
    ASSERT_RAISED(ac_CancelledError, "");
    ac_decref(c);
    ac_decref(ff);
}

static void test_send_protocol(void)
{
    fakefut *ff = fakefut_new();
    ac_coro *c = leafco(ff);
    CU_ASSERT_STRING_EQUAL(ac_coro_name(c), "leafco");
    CU_ASSERT_EQUAL(ac_coro_getstate(c), AC_CORO_CREATED);
    int one = 1;
    CU_ASSERT_EQUAL(ac_coro_send(c, &one, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError,
                  "can't send non-None value to a just-started coroutine");
    void *waiting = NULL;
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, &waiting), AC_YIELDED);
    CU_ASSERT_PTR_EQUAL(waiting, ff);
    CU_ASSERT_EQUAL(ac_coro_getstate(c), AC_CORO_SUSPENDED);
    fakefut_set(ff, 9);
    int out = 0;
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, &out), AC_RETURNED);
    CU_ASSERT_EQUAL(out, 10);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, &out), AC_RAISED);
    ASSERT_RAISED(ac_RuntimeError, "cannot reuse already awaited coroutine");
    CU_ASSERT_EQUAL(ac_coro_throw(c, ac_exc_new(&ac_ValueError, "v"), NULL),
                    AC_RAISED);
    ASSERT_RAISED(ac_RuntimeError, "cannot reuse already awaited coroutine");
    CU_ASSERT_EQUAL(ac_coro_close(c), 0);
    ac_decref(c);
    ac_decref(ff);
}

/* Seen from inside the running leaf. */
static ac_coro *observed;
static ac_coro_state observed_state;
static int observed_send;
static ac_exc *observed_exc;

static void observe(ac_frame *leaf)
{
    (void)leaf;
    observed_state = ac_coro_getstate(observed);
    observed_send = ac_coro_send(observed, NULL, NULL);
    observed_exc = ac_err_fetch();
}

static void test_already_executing(void)
{
    fakefut *ff = fakefut_new();
    ac_coro *c = chain(2, ff);
    observed = c;
    leaf_hook = observe;
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_YIELDED);
    leaf_hook = NULL;
    CU_ASSERT_EQUAL(observed_state, AC_CORO_RUNNING);
    CU_ASSERT_EQUAL(observed_send, AC_RAISED);
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(observed_exc), "ValueError");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(observed_exc),
                           "coroutine already executing");
    ac_decref(observed_exc);
    CU_ASSERT_EQUAL(ac_coro_close(c), 0);
    ac_decref(c);
    ac_decref(ff);
}

static void test_await_errors(void)
{
    fakefut *ff = fakefut_new();
    /* An awaited coroutine that already finished. */
    fakefut_set(ff, 1);
    ac_coro *done = leafco(ff);
    CU_ASSERT_EQUAL(ac_coro_send(done, NULL, NULL), AC_RETURNED);
    ac_coro *c = waitfor(done, 0);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    ASSERT_RAISED(ac_RuntimeError, "cannot reuse already awaited coroutine");
    CU_ASSERT_PTR_NULL(((waitfor__frame *)c)->aw); /* released */
    ac_decref(c);

    /* A coroutine another one awaits already. */
    ff->done = false;
    ac_coro *busy = leafco(ff);
    ac_coro *first = waitfor(busy, 1);
    ac_incref(busy);
    CU_ASSERT_EQUAL(ac_coro_send(first, NULL, NULL), AC_YIELDED);
    ac_incref(busy);
    ac_coro *second = waitfor(busy, 2);
    CU_ASSERT_EQUAL(ac_coro_send(second, NULL, NULL), AC_RAISED);
    ASSERT_RAISED(ac_RuntimeError, "coroutine is being awaited already");
    ac_decref(second);
    ac_decref(first); /* closes busy through first */
    CU_ASSERT_EQUAL(ac_coro_getstate(busy), AC_CORO_CLOSED);

    /* Not awaitable. */
    static const ac_code gen_code = {
        "g", FILE_AC, 1, AC_KIND_GEN, sizeof(ac_frame), 0, 0, 0, 0, NULL, NULL};
    c = waitfor(ac__frame_new(&gen_code), 0);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError,
                  "object generator can't be used in 'await' expression");
    ac_decref(c);

    /* A failed call as operand: its exception goes on. */
    ac_err_format(&ac_KeyError, "ctor");
    c = waitfor(NULL, 0);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    ASSERT_RAISED(ac_KeyError, "ctor");
    ac_decref(c);

    /* int result, long destination. */
    fakefut_set(ff, 3);
    c = wide(leafco(ff));
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError, "await: result of coroutine 'leafco' has "
                                "size 4, destination has size 8");
    ac_decref(c);
    ac_decref(busy);
    ac_decref(ff);
}

static void test_raised_stop_iteration(void)
{
    ac_coro *c = waitfor(raiser(&ac_StopIteration), 0);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "coroutine raised StopIteration");
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(ac_exc_cause(e)), "StopIteration");
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(
        s, "Traceback (most recent call last):\n"
           "  File \"coro.ac\", line 31, in raiser\n"
           "StopIteration: raised\n\n"
           "The above exception was the direct cause of the following "
           "exception:\n\n"
           "Traceback (most recent call last):\n"
           "  File \"coro.ac\", line 23, in waitfor\n"
           "RuntimeError: coroutine raised StopIteration\n");
    free(s);
    ac_decref(e);
    ac_decref(c);
}

/* close(): the awaited coroutines are closed first, innermost first, each
 * running its finally block. */
static void test_close_chain(void)
{
    fakefut *ff = fakefut_new();
    ac_coro *c = chain(3, ff);
    ac_coro_send(c, NULL, NULL);
    reset_logs();
    CU_ASSERT_EQUAL(ac_coro_close(c), 0);
    CU_ASSERT_EQUAL(nfinally, 4);
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(finally_log[i], i);
    CU_ASSERT_EQUAL(ac_coro_getstate(c), AC_CORO_CLOSED);
    CU_ASSERT_FALSE(ff->cancelled);
    CU_ASSERT_EQUAL(ac_coro_close(c), 0);
    ac_decref(c);

    /* Dropping the last reference does the same, silently. */
    c = chain(3, ff);
    ac_coro_send(c, NULL, NULL);
    reset_logs();
    capture cap;
    capture_begin(&cap);
    ac_decref(c);
    char *s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(s, "");
    free(s);
    CU_ASSERT_EQUAL(nfinally, 4);
    CU_ASSERT_EQUAL(ff->ob.refcnt, 1);
    ac_decref(ff);
}

/* Closing or dropping a chain of any depth takes constant C stack: the
 * innermost coroutine is closed first, then each awaiting one. */
static void test_close_deep_chain(void)
{
    enum { DEPTH = 100000 };
    fakefut *ff = fakefut_new();
    for (int drop = 0; drop < 2; drop++) {
        ac_coro *c = chain(DEPTH, ff);
        CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_YIELDED);
        reset_logs();
        if (!drop) {
            CU_ASSERT_EQUAL(ac_coro_close(c), 0);
            CU_ASSERT_EQUAL(ac_coro_getstate(c), AC_CORO_CLOSED);
        }
        ac_decref(c);
        CU_ASSERT_EQUAL(nfinally, DEPTH + 1);
        for (int i = 0; i < 256; i++)
            CU_ASSERT_EQUAL(finally_log[i], i);
        CU_ASSERT_PTR_NULL(ac_err_occurred());
    }
    CU_ASSERT_EQUAL(ff->ob.refcnt, 1);
    ac_decref(ff);
}

static void test_ignored_generator_exit(void)
{
    fakefut *a = fakefut_new(), *b = fakefut_new();
    ac_coro *c = stubborn_co(a, b);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_YIELDED);
    CU_ASSERT_EQUAL(ac_coro_close(c), -1);
    ASSERT_RAISED(ac_RuntimeError, "coroutine ignored GeneratorExit");
    CU_ASSERT_EQUAL(ac_coro_getstate(c), AC_CORO_SUSPENDED);
    /* On dealloc, close throws GeneratorExit at line 45, which escapes:
     * close() succeeds and nothing is printed. */
    capture cap;
    capture_begin(&cap);
    ac_decref(c);
    char *s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(s, "");
    free(s);

    /* Dropped while at line 43, it ignores GeneratorExit: reported as
     * Python's unraisable hook would, and freed all the same. */
    c = stubborn_co(a, b);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_YIELDED);
    char want[256];
    snprintf(want, sizeof want,
             "Exception ignored in: <coroutine object stubborn_co at %p>\n"
             "RuntimeError: coroutine ignored GeneratorExit\n",
             (void *)c);
    capture_begin(&cap);
    ac_decref(c);
    s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(s, want);
    free(s);
    CU_ASSERT_EQUAL(b->ob.refcnt, 1);
    ac_decref(a);
    ac_decref(b);
}

static void test_never_awaited(void)
{
    fakefut *ff = fakefut_new();
    capture cap;
    capture_begin(&cap);
    ac_coro *c = leafco(ff);
    CU_ASSERT_STRING_EQUAL(ac_coro_origin(c), "coro.ac:10");
    ac_decref(c);
    ac__set_origin("main.ac:77");
    c = leafco(ff);
    CU_ASSERT_STRING_EQUAL(ac_coro_origin(c), "main.ac:77");
    ac_exc *mine = ac_exc_new(&ac_KeyError, "mine");
    ac_err_set(mine);
    ac_decref(c);
    CU_ASSERT_PTR_EQUAL(ac_err_occurred(), mine);
    ac_err_clear();
    /* The origin is used once. */
    c = leafco(ff);
    CU_ASSERT_STRING_EQUAL(ac_coro_origin(c), "coro.ac:10");
    ac_coro_close(c); /* closed: no warning */
    ac_decref(c);
    char *s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(
        s, "coro.ac:10: RuntimeWarning: coroutine 'leafco' was never awaited\n"
           "main.ac:77: RuntimeWarning: coroutine 'leafco' was never "
           "awaited\n");
    free(s);
    ac_decref(ff);
}

/* Python's warning shows the source line; ours is the line the coroutine
 * was made at, when its file can be read. */
/* The line a frame is at (Python's f_lineno: task reprs and stacks) is
 * its code's line for its resume point: no field of the frame's. */
static void test_lineno(void)
{
    static const int lines[] = {20, 21, 24};
    static const ac_code code = {.name = "lined",
                                 .file = "lined.ac",
                                 .line = 20,
                                 .kind = AC_KIND_CORO,
                                 .frame_size = sizeof(ac_frame),
                                 .lines = lines,
                                 .nlines = 3};
    ac__set_origin("caller.ac:5");
    ac_frame *f = ac__frame_new(&code);
    CU_ASSERT_STRING_EQUAL(ac_coro_origin((ac_coro *)f), "caller.ac:5");
    CU_ASSERT_EQUAL(ac__frame_lineno(f), 20); /* not started */
    f->status = AC_GEN_SUSPENDED;
    f->state = 2;
    CU_ASSERT_EQUAL(ac__frame_lineno(f), 24);
    f->state = 1;
    CU_ASSERT_EQUAL(ac__frame_lineno(f), 21);
    f->state = 7; /* none such: the definition's */
    CU_ASSERT_EQUAL(ac__frame_lineno(f), 20);
    f->status = AC_GEN_CLOSED;
    ac_decref(f);
}

static void test_never_awaited_source_line(void)
{
    char path[] = "/tmp/rt_coro_origin_XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    FILE *src = fdopen(fd, "w");
    fputs("async void main(void)\n{\n    ac_decref(leafco(ff));  \n}\n", src);
    fclose(src);
    fakefut *ff = fakefut_new();
    capture cap;
    capture_begin(&cap);
    char where[64];
    snprintf(where, sizeof where, "%s:3", path);
    ac__set_origin(where);
    ac_decref(leafco(ff));
    char *s = capture_end(&cap);
    char want[256];
    snprintf(want, sizeof want,
             "%s:3: RuntimeWarning: coroutine 'leafco' was never awaited\n"
             "  ac_decref(leafco(ff));\n",
             path);
    CU_ASSERT_STRING_EQUAL(s, want);
    free(s);
    ac_decref(ff);
    unlink(path);
}

int main(void)
{
    static const test_case tests[] = {
        {"chains of depth 1, 10, 100", test_chains},
        {"future ready at once", test_future_ready_at_once},
        {"exception travels up", test_exception_travels_up},
        {"traceback repeats", test_traceback_repeats},
        {"throw into the leaf", test_throw_into_leaf},
        {"drive throws into an unstarted frame", test_drive_throw_unstarted},
        {"send protocol", test_send_protocol},
        {"already executing", test_already_executing},
        {"await errors", test_await_errors},
        {"coroutine raised StopIteration", test_raised_stop_iteration},
        {"close a chain", test_close_chain},
        {"close a deep chain", test_close_deep_chain},
        {"ignored GeneratorExit", test_ignored_generator_exit},
        {"never awaited", test_never_awaited},
        {"never awaited: source line", test_never_awaited_source_line},
        {"lineno", test_lineno},
        {NULL, NULL},
    };
    return run_suite("rt_coro", tests);
}
