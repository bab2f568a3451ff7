/* rt_gen.c - the generator protocol with hand-written frames shaped like
 * the translator's output (docs/DESIGN.md): send/next/throw/close, the
 * CPython error messages, PEP 479, close on the last decref, the inline
 * fast path.  Expected texts are CPython 3.11's. */
#include "rt_gen_frames.h"

/* ------------------------------------------------------------------ */

static void test_send_next_return(void)
{
    ac_gen *g = acc(3);
    long v = -1;
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CREATED);
    CU_ASSERT_STRING_EQUAL(ac_gen_name(g), "acc");
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 0);
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_SUSPENDED);
    long ten = 10, twenty = 20;
    CU_ASSERT_EQUAL(ac_gen_send(g, &ten, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_EQUAL(ac_gen_send(g, &twenty, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 2);
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_RETURNED); /* None adds 0 */
    CU_ASSERT_EQUAL(v, 30);
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CLOSED);
    /* Exhausted: AC_RETURNED again, out untouched. */
    v = -7;
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_RETURNED);
    CU_ASSERT_EQUAL(v, -7);
    CU_ASSERT_EQUAL(ac_gen_send(g, &ten, NULL), AC_RETURNED);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    ac_decref(g);
}

static void test_out_may_be_null(void)
{
    ac_gen *g = acc(1);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_YIELDED);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RETURNED);
    ac_decref(g);
}

static void test_send_to_just_started(void)
{
    ac_gen *g = acc(2);
    long one = 1;
    CU_ASSERT_EQUAL(ac_gen_send(g, &one, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError,
                  "can't send non-None value to a just-started generator");
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CREATED);
    ac_decref(g);
}

static void test_already_executing(void)
{
    ac_gen *g = make(&selfish__code);
    ((selfish__frame *)g)->me = g;
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RAISED);
    ASSERT_RAISED(ac_ValueError, "generator already executing");
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CLOSED);
    ac_decref(g);
}

/* PEP 479: RuntimeError("generator raised StopIteration"), cause and
 * context the StopIteration. */
static void test_raised_stop_iteration(void)
{
    ac_gen *g = make(&leaky__code);
    ((leaky__frame *)g)->how = 0;
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_YIELDED);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RAISED);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "RuntimeError");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "generator raised StopIteration");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ac_exc_cause(e));
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(ac_exc_cause(e)), "StopIteration");
    CU_ASSERT_PTR_EQUAL(ac_exc_context(e), ac_exc_cause(e));
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(
        s, "Traceback (most recent call last):\n"
           "  File \"gen.ac\", line 43, in leaky\n"
           "StopIteration\n\n"
           "The above exception was the direct cause of the following "
           "exception:\n\n"
           "RuntimeError: generator raised StopIteration\n");
    free(s);
    ac_decref(e);
    ac_decref(g);
}

static void test_throw(void)
{
    /* Into a suspended generator: raised at the yield, generator closed. */
    ac_gen *g = acc(5);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_YIELDED);
    CU_ASSERT_EQUAL(ac_gen_throw(g, ac_exc_new(&ac_KeyError, "k"), NULL),
                    AC_RAISED);
    ac_exc *e = ac_err_fetch();
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "Traceback (most recent call last):\n"
                              "  File \"gen.ac\", line 5, in acc\n"
                              "KeyError: 'k'\n");
    free(s);
    ac_decref(e);
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CLOSED);
    /* Into an exhausted one: raised as it is. */
    CU_ASSERT_EQUAL(ac_gen_throw(g, ac_exc_new(&ac_KeyError, "again"), NULL),
                    AC_RAISED);
    ASSERT_RAISED(ac_KeyError, "again");
    ac_decref(g);

    /* Into a just-created one: raised at its first line, closed. */
    g = acc(5);
    CU_ASSERT_EQUAL(ac_gen_throw(g, ac_exc_new(&ac_ValueError, "a"), NULL),
                    AC_RAISED);
    e = ac_err_fetch();
    s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "Traceback (most recent call last):\n"
                              "  File \"gen.ac\", line 1, in acc\n"
                              "ValueError: a\n");
    free(s);
    ac_decref(e);
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CLOSED);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RETURNED);
    ac_decref(g);

    /* No exception to throw. */
    g = acc(1);
    CU_ASSERT_EQUAL(ac_gen_throw(g, NULL, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError, "exceptions must derive from BaseException");
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CREATED);
    ac_decref(g);

    /* A caught throw: the generator yields again. */
    g = make(&stubborn__code);
    int v = 0;
    ac_gen_next(g, NULL);
    CU_ASSERT_EQUAL(ac_gen_throw(g, ac_exc_new(&ac_GeneratorExit, NULL), &v),
                    AC_YIELDED);
    CU_ASSERT_EQUAL(v, 2);
    ac_decref(g);
}

static void test_close(void)
{
    finally_runs = 0;
    ac_gen *g = make(&guarded__code);
    int v;
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(ac_gen_close(g), 0);
    CU_ASSERT_EQUAL(finally_runs, 1);
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CLOSED);
    CU_ASSERT_EQUAL(ac_gen_close(g), 0); /* closing twice is fine */
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_RETURNED);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    ac_decref(g);

    /* A just-created generator closes without running. */
    g = make(&guarded__code);
    CU_ASSERT_EQUAL(ac_gen_close(g), 0);
    CU_ASSERT_EQUAL(finally_runs, 1);
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CLOSED);
    ac_decref(g);
}

static void test_ignored_generator_exit(void)
{
    ac_gen *g = make(&stubborn__code);
    ac_gen_next(g, NULL);
    CU_ASSERT_EQUAL(ac_gen_close(g), -1);
    ASSERT_RAISED(ac_RuntimeError, "generator ignored GeneratorExit");
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_SUSPENDED);
    CU_ASSERT_EQUAL(ac_gen_close(g), 0); /* GeneratorExit at line 35 */
    ac_decref(g);
}

static void test_close_raises(void)
{
    ac_gen *g = make(&leaky__code);
    ((leaky__frame *)g)->how = 2;
    ac_gen_next(g, NULL);
    CU_ASSERT_EQUAL(ac_gen_close(g), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "boom");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ac_exc_context(e));
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(ac_exc_context(e)),
                           "GeneratorExit");
    ac_decref(e);
    ac_decref(g);
}

/* The last reference to a suspended generator closes it (its finally
 * runs) without disturbing the current exception. */
static void test_close_on_last_decref(void)
{
    finally_runs = 0;
    ac_gen *g = make(&guarded__code);
    ac_gen_next(g, NULL);
    ac_incref(g);
    ac_decref(g);
    CU_ASSERT_EQUAL(finally_runs, 0);
    ac_exc *mine = ac_exc_new(&ac_KeyError, "mine");
    ac_err_set(mine);
    ac_decref(g);
    CU_ASSERT_EQUAL(finally_runs, 1);
    CU_ASSERT_PTR_EQUAL(ac_err_occurred(), mine);
    ac_err_clear();

    /* Never started or finished: nothing runs. */
    g = make(&guarded__code);
    ac_decref(g);
    CU_ASSERT_EQUAL(finally_runs, 1);
}

/* Python: "Exception ignored in: <generator object leaky at 0x...>" and
 * the traceback of the error close() met, without its context. */
static void test_unraisable_on_dealloc(void)
{
    ac_gen *g = make(&leaky__code);
    ((leaky__frame *)g)->how = 2;
    ac_gen_next(g, NULL);
    char want[512];
    snprintf(want, sizeof want,
             "Exception ignored in: <generator object leaky at %p>\n"
             "Traceback (most recent call last):\n"
             "  File \"gen.ac\", line 44, in leaky\n"
             "ValueError: boom\n",
             (void *)g);
    capture cap;
    capture_begin(&cap);
    ac_exc *mine = ac_exc_new(&ac_KeyError, "mine");
    ac_err_set(mine);
    ac_decref(g);
    CU_ASSERT_PTR_EQUAL(ac_err_occurred(), mine); /* kept aside meanwhile */
    ac_err_clear();
    char *s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(s, want);
    free(s);

    /* Ignoring GeneratorExit is reported the same way. */
    g = make(&stubborn__code);
    ac_gen_next(g, NULL);
    snprintf(want, sizeof want,
             "Exception ignored in: <generator object stubborn at %p>\n"
             "RuntimeError: generator ignored GeneratorExit\n",
             (void *)g);
    capture_begin(&cap);
    ac_decref(g);
    s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(s, want);
    free(s);
}

/* `for (long v in acc(4))` through the inline fast path. */
static void test_next_inline(void)
{
    ac_frame *f = (ac_frame *)acc(4);
    long v, sum = 0;
    int n = 0, r;
    while ((r = ac__gen_next_inline(f, &v, acc__resume)) == AC_YIELDED) {
        sum += v;
        n++;
    }
    CU_ASSERT_EQUAL(r, AC_RETURNED);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT_EQUAL(sum, 6);
    CU_ASSERT_EQUAL(v, 0); /* R: nothing was sent */
    /* The slow path for an exhausted generator. */
    v = 5;
    CU_ASSERT_EQUAL(ac__gen_next_inline(f, &v, acc__resume), AC_RETURNED);
    CU_ASSERT_EQUAL(v, 5);
    ac_decref(f);

    /* PEP 479 applies on the fast path too. */
    f = (ac_frame *)make(&leaky__code);
    CU_ASSERT_EQUAL(ac__gen_next_inline(f, NULL, leaky__resume), AC_YIELDED);
    CU_ASSERT_EQUAL(ac__gen_next_inline(f, NULL, leaky__resume), AC_RAISED);
    ASSERT_RAISED(ac_RuntimeError, "generator raised StopIteration");
    ac_decref(f);
}

/* A `for … in` loop that owns its generator marks it running once
 * (ac__gen_iter_start) and drops it when it leaves: the generator is then
 * closed as a suspended one, or, before its first step, not run at all. */
static void test_iter_start(void)
{
    finally_runs = 0;
    ac_frame *f = (ac_frame *)make(&guarded__code);
    ac__gen_iter_start(f);
    CU_ASSERT_EQUAL(guarded__resume(f), AC_YIELDED);
    CU_ASSERT_EQUAL(ac_gen_getstate((ac_gen *)f), AC_GEN_RUNNING);
    ac_decref(f); /* break out of the loop */
    CU_ASSERT_EQUAL(finally_runs, 1);

    f = (ac_frame *)make(&guarded__code);
    ac__gen_iter_start(f);
    capture cap;
    capture_begin(&cap);
    ac_decref(f); /* left before the first step */
    char *s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(s, ""); /* no "ignored GeneratorExit" */
    free(s);
    CU_ASSERT_EQUAL(finally_runs, 1);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
}

int main(void)
{
    static const test_case tests[] = {
        {"send, next, return", test_send_next_return},
        {"out may be NULL", test_out_may_be_null},
        {"send to a just-started generator", test_send_to_just_started},
        {"already executing", test_already_executing},
        {"PEP 479", test_raised_stop_iteration},
        {"throw", test_throw},
        {"close", test_close},
        {"ignored GeneratorExit", test_ignored_generator_exit},
        {"close raises", test_close_raises},
        {"close on last decref", test_close_on_last_decref},
        {"unraisable on dealloc", test_unraisable_on_dealloc},
        {"next inline", test_next_inline},
        {"iter start", test_iter_start},
        {NULL, NULL},
    };
    return run_suite("rt_gen", tests);
}
