/* rt_gen_yieldfrom.c - `yield from` (PEP 380) through ac__yield_from:
 * values, sends, throws and close pass through to the sub-generator, its
 * return value becomes the value of the expression. */
#include "rt_gen_frames.h"

/* generator(long, long, long) outer(ac_gen *sub)   // line 60
 * {
 *     long r = yield from sub;                     // line 62
 *     yield r * 100;                               // line 63
 *     return r;
 * }
 * With want_result false: `yield from sub;` (value discarded). */
typedef struct outer__frame {
    ac_gen_frame ac_hdr;
    ac_gen *ac_sub;
    bool want_result;
    long r;
    long ac_result;
} outer__frame;
static int outer__resume(ac_frame *ac_f);
static void outer__drop(ac_frame *ac_f)
{
    ac_decref(((outer__frame *)ac_f)->ac_sub);
}
static const ac_code outer__code = {"outer",
                                    FILE_AC,
                                    60,
                                    AC_KIND_GEN,
                                    sizeof(outer__frame),
                                    sizeof(long),
                                    sizeof(long),
                                    sizeof(long),
                                    offsetof(outer__frame, ac_result),
                                    outer__resume,
                                    outer__drop};

/* The same function yielding int, to delegate to int generators. */
static const ac_code outer_int__code = {"outer",
                                        FILE_AC,
                                        60,
                                        AC_KIND_GEN,
                                        sizeof(outer__frame),
                                        sizeof(int),
                                        sizeof(int),
                                        sizeof(long),
                                        offsetof(outer__frame, ac_result),
                                        outer__resume,
                                        outer__drop};

/* Takes sub (a temporary operand is consumed). */
static ac_gen *outer_as(const ac_code *code, ac_gen *sub, bool want_result)
{
    outer__frame *ac_fr = (outer__frame *)ac__frame_new(code);
    ac_fr->ac_sub = sub;
    ac_fr->want_result = want_result;
    return (ac_gen *)ac_fr;
}

/* outer over a long generator, outer_int over an int one. */
static ac_gen *outer(ac_gen *sub, bool want_result)
{
    const ac_frame *s = (const ac_frame *)sub;
    bool ints = s != NULL && s->code->yield_size == sizeof(int);
    return outer_as(ints ? &outer_int__code : &outer__code, sub, want_result);
}

static int outer__resume(ac_frame *ac_f)
{
    outer__frame *ac_fr = (outer__frame *)ac_f;
    int ac_r;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    case 2:
        goto ac_s2;
    }
    ac_f->how = AC_HOW_SEND;
    ac__gf(ac_f)->sent = NULL;
ac_s1:
    ac_r = ac__yield_from(ac_f, &ac_fr->ac_sub,
                          ac_fr->want_result ? &ac_fr->r : NULL,
                          ac_fr->want_result ? sizeof(long) : 0);
    if (ac_r == AC_YIELDED) {
        ac_f->state = 1;
        return AC_YIELDED;
    }
    if (ac_r == AC_RAISED) {
        ac__raise(ac_f, 62, NULL);
        goto ac_unwind;
    }
    if (ac_f->code == &outer_int__code) {
        int ac_y = (int)(ac_fr->r * 100);
        if (ac__gf(ac_f)->out)
            memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
    } else {
        long ac_y = ac_fr->r * 100;
        if (ac__gf(ac_f)->out)
            memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
    }
    ac_f->state = 2;
    return AC_YIELDED;
ac_s2:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 63, NULL);
        goto ac_unwind;
    }
    ac_fr->ac_result = ac_fr->r;
    return AC_RETURNED;
ac_unwind:
    return AC_RAISED;
}

static void test_values_and_result(void)
{
    ac_gen *g = outer(acc(3), true);
    long v = -1, five = 5, six = 6;
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 0);
    CU_ASSERT_EQUAL(ac_gen_send(g, &five, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_EQUAL(ac_gen_send(g, &six, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 2);
    /* The sub-generator returns 11: the value of `yield from`. */
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 1100);
    CU_ASSERT_PTR_NULL(((outer__frame *)g)->ac_sub); /* released */
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_RETURNED);
    CU_ASSERT_EQUAL(v, 11);
    ac_decref(g);
}

/* yield from an exhausted generator gives None (zero). */
static void test_exhausted_sub(void)
{
    ac_gen *sub = acc(0);
    CU_ASSERT_EQUAL(ac_gen_next(sub, NULL), AC_RETURNED);
    ac_gen *g = outer(sub, true);
    ((outer__frame *)g)->r = 99;
    long v = -1;
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 0);
    ac_decref(g);
}

static void test_throw_passes_through(void)
{
    ac_gen *g = outer(acc(3), true);
    ac_gen_next(g, NULL);
    CU_ASSERT_EQUAL(ac_gen_throw(g, ac_exc_new(&ac_KeyError, "k"), NULL),
                    AC_RAISED);
    ac_exc *e = ac_err_fetch();
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "Traceback (most recent call last):\n"
                              "  File \"gen.ac\", line 62, in outer\n"
                              "  File \"gen.ac\", line 5, in acc\n"
                              "KeyError: 'k'\n");
    free(s);
    ac_decref(e);
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CLOSED);
    ac_decref(g);

    /* GeneratorExit is not thrown into the sub-generator: it is closed
     * (here it ignores that) and the error raised in outer, as CPython's
     * _gen_throw does. */
    g = outer(make(&stubborn__code), false);
    int v = 0;
    ac_gen_next(g, &v);
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_EQUAL(ac_gen_throw(g, ac_exc_new(&ac_GeneratorExit, NULL), &v),
                    AC_RAISED);
    ASSERT_RAISED(ac_RuntimeError, "generator ignored GeneratorExit");
    ac_decref(g);
}

static void test_close_closes_sub(void)
{
    finally_runs = 0;
    ac_gen *g = outer(make(&guarded__code), false);
    int v;
    CU_ASSERT_EQUAL(ac_gen_next(g, &v), AC_YIELDED);
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_EQUAL(ac_gen_close(g), 0);
    CU_ASSERT_EQUAL(finally_runs, 1);
    CU_ASSERT_EQUAL(ac_gen_getstate(g), AC_GEN_CLOSED);
    ac_decref(g);

    /* Dropping the delegator closes the sub-generator too. */
    g = outer(make(&guarded__code), false);
    ac_gen_next(g, &v);
    ac_decref(g);
    CU_ASSERT_EQUAL(finally_runs, 2);
}

/* An error closing the sub-generator is raised in the delegator instead
 * of GeneratorExit. */
static void test_close_error_from_sub(void)
{
    ac_gen *sub = make(&leaky__code);
    ((leaky__frame *)sub)->how = 2;
    ac_gen *g = outer(sub, false);
    ac_gen_next(g, NULL);
    CU_ASSERT_EQUAL(ac_gen_close(g), -1);
    ac_exc *e = ac_err_fetch();
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "Traceback (most recent call last):\n"
                              "  File \"gen.ac\", line 42, in leaky\n"
                              "GeneratorExit\n\n"
                              "During handling of the above exception, "
                              "another exception occurred:\n\n"
                              "Traceback (most recent call last):\n"
                              "  File \"gen.ac\", line 62, in outer\n"
                              "  File \"gen.ac\", line 44, in leaky\n"
                              "ValueError: boom\n");
    free(s);
    ac_decref(e);
    ac_decref(g);
}

static void test_bad_operands(void)
{
    /* A result size that does not match the destination. */
    ac_gen *g = outer(make(&guarded__code), true);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError, "yield from: result of generator 'guarded' "
                                "has size 0, destination has size 8");
    ac_decref(g);

    /* Values of another size than the delegator's. */
    g = outer_as(&outer__code, make(&guarded__code), false);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError, "yield from: generator 'guarded' yields "
                                "values of size 4, 'outer' of size 8");
    ac_decref(g);
    static const ac_code sends_short = {"short",
                                        FILE_AC,
                                        1,
                                        AC_KIND_GEN,
                                        sizeof(acc__frame),
                                        sizeof(long),
                                        sizeof(short),
                                        sizeof(long),
                                        offsetof(acc__frame, ac_result),
                                        acc__resume,
                                        NULL};
    g = outer(make(&sends_short), false);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError, "yield from: generator 'short' receives "
                                "values of size 2, 'outer' of size 8");
    ac_decref(g);

    /* A failed call: its exception goes on. */
    ac_err_format(&ac_KeyError, "ctor failed");
    g = outer(NULL, false);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RAISED);
    ASSERT_RAISED(ac_KeyError, "ctor failed");
    ac_decref(g);

    /* A coroutine is not iterable from a generator. */
    static const ac_code coro_code = {
        "c", FILE_AC, 1,    AC_KIND_CORO, sizeof(ac_frame), 0, 0,
        0,   0,       NULL, NULL};
    ac_frame *c = ac__frame_new(&coro_code);
    c->status = AC_GEN_CLOSED; /* no "never awaited" warning */
    g = outer((ac_gen *)c, false);
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RAISED);
    ASSERT_RAISED(ac_TypeError, "cannot 'yield from' a coroutine object in a "
                                "non-coroutine generator");
    ac_decref(g);
}

/* Delegating to itself: the sub-generator is running. */
static void test_yield_from_self(void)
{
    ac_gen *g = outer(NULL, false);
    ac_incref(g);
    ((outer__frame *)g)->ac_sub = g;
    CU_ASSERT_EQUAL(ac_gen_next(g, NULL), AC_RAISED);
    ASSERT_RAISED(ac_ValueError, "generator already executing");
    ac_decref(g);
}

int main(void)
{
    static const test_case tests[] = {
        {"values and result", test_values_and_result},
        {"exhausted sub-generator", test_exhausted_sub},
        {"throw passes through", test_throw_passes_through},
        {"close closes the sub-generator", test_close_closes_sub},
        {"close error from the sub-generator", test_close_error_from_sub},
        {"bad operands", test_bad_operands},
        {"yield from self", test_yield_from_self},
        {NULL, NULL},
    };
    return run_suite("rt_gen_yieldfrom", tests);
}
