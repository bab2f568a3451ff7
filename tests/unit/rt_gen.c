/* rt_gen.c - the generator protocol with hand-written frames shaped like
 * the translator's output (docs/DESIGN.md): send/next/throw/close, the
 * CPython error messages, PEP 479, close on the last decref, the inline
 * fast path.  Expected texts are CPython 3.11's. */
#include "rt_core_test.h"

#define FILE_AC "gen.ac"

/* Counts the finally blocks run, to see close() reach them. */
static int finally_runs;

/* generator(long, long, long) acc(long n)      // line 1
 * {
 *     long total = 0;
 *     for (long i = 0; i < n; i++)
 *         total += yield i;                    // line 5
 *     return total;
 * } */
typedef struct acc__frame {
    ac_frame ac_hdr;
    long n, i, total;
    long ac_result;
} acc__frame;
static int acc__resume(ac_frame *ac_f);
static const ac_code acc__code = {"acc",
                                  FILE_AC,
                                  1,
                                  AC_KIND_GEN,
                                  sizeof(acc__frame),
                                  sizeof(long),
                                  sizeof(long),
                                  sizeof(long),
                                  offsetof(acc__frame, ac_result),
                                  acc__resume,
                                  NULL};

static ac_gen *acc(long n)
{
    acc__frame *ac_fr = (acc__frame *)ac__frame_new(&acc__code);
    if (ac_fr == NULL)
        return NULL;
    ac_fr->n = n;
    return (ac_gen *)ac_fr;
}

static int acc__resume(ac_frame *ac_f)
{
    acc__frame *ac_fr = (acc__frame *)ac_f;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    }
    ac_fr->total = 0;
    for (ac_fr->i = 0; ac_fr->i < ac_fr->n; ac_fr->i++) {
        {
            long ac_y = ac_fr->i;
            if (ac_f->out)
                memcpy(ac_f->out, &ac_y, sizeof ac_y);
        }
        ac_f->state = 1;
        return AC_YIELDED;
    ac_s1:
        if (ac_f->how == AC_HOW_THROW) {
            ac__raise(ac_f, 5, NULL);
            goto ac_unwind;
        }
        ac_fr->total += AC__SENT(ac_f, long);
    }
    ac_fr->ac_result = ac_fr->total;
    return AC_RETURNED;
ac_unwind:
    return AC_RAISED;
}

/* generator(int) guarded(void)                 // line 20
 * {
 *     try {
 *         yield 1;                             // line 23
 *         yield 2;                             // line 24
 *     } finally {
 *         finally_runs++;
 *     }
 * } */
typedef struct guarded__frame {
    ac_frame ac_hdr;
    ac_exc *ac_pending;
} guarded__frame;
static int guarded__resume(ac_frame *ac_f);
static void guarded__drop(ac_frame *ac_f)
{
    ac_decref(((guarded__frame *)ac_f)->ac_pending);
}
static const ac_code guarded__code = {
    "guarded",    FILE_AC, 20, AC_KIND_GEN, sizeof(guarded__frame),
    sizeof(int),  0,       0,  0,           guarded__resume,
    guarded__drop};

static int guarded__resume(ac_frame *ac_f)
{
    guarded__frame *ac_fr = (guarded__frame *)ac_f;
    int ac_y;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    case 2:
        goto ac_s2;
    }
    ac_y = 1;
    if (ac_f->out)
        memcpy(ac_f->out, &ac_y, sizeof ac_y);
    ac_f->state = 1;
    return AC_YIELDED;
ac_s1:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 23, NULL);
        goto ac_finally_raise;
    }
    ac_y = 2;
    if (ac_f->out)
        memcpy(ac_f->out, &ac_y, sizeof ac_y);
    ac_f->state = 2;
    return AC_YIELDED;
ac_s2:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 24, NULL);
        goto ac_finally_raise;
    }
    finally_runs++;
    return AC_RETURNED;
ac_finally_raise:
    ac_fr->ac_pending = ac__catch();
    finally_runs++;
    ac_err_set(ac_fr->ac_pending);
    ac_fr->ac_pending = NULL;
    return AC_RAISED;
}

/* generator(int) stubborn(void)                // line 30
 * {
 *     try {
 *         yield 1;                             // line 33
 *     } catch (ac_GeneratorExit) {
 *         yield 2;                             // line 35
 *     }
 * } */
static int stubborn__resume(ac_frame *ac_f);
static const ac_code stubborn__code = {
    "stubborn",  FILE_AC, 30, AC_KIND_GEN, sizeof(ac_frame),
    sizeof(int), 0,       0,  0,           stubborn__resume,
    NULL};

static int stubborn__resume(ac_frame *ac_f)
{
    int ac_y;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    case 2:
        goto ac_s2;
    }
    ac_y = 1;
    if (ac_f->out)
        memcpy(ac_f->out, &ac_y, sizeof ac_y);
    ac_f->state = 1;
    return AC_YIELDED;
ac_s1:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 33, NULL);
        ac_exc *e = ac__catch();
        if (!ac_exc_matches(e, &ac_GeneratorExit)) {
            ac_err_set(e);
            return AC_RAISED;
        }
        ac_decref(e);
        ac_y = 2;
        if (ac_f->out)
            memcpy(ac_f->out, &ac_y, sizeof ac_y);
        ac_f->state = 2;
        return AC_YIELDED;
    }
    return AC_RETURNED;
ac_s2:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 35, NULL);
        return AC_RAISED;
    }
    return AC_RETURNED;
}

/* generator(int) leaky(int how)                // line 40
 * {
 *     yield 1;                                 // line 42
 *     if (how == 0) throw ac_exc_new(&ac_StopIteration, NULL);  // line 43
 *     throw ac_exc_new(&ac_ValueError, "boom");                 // line 44
 * }
 * With how == 2 the ValueError comes from a finally run by close(). */
typedef struct leaky__frame {
    ac_frame ac_hdr;
    int how;
} leaky__frame;
static int leaky__resume(ac_frame *ac_f);
static const ac_code leaky__code = {
    "leaky",     FILE_AC, 40, AC_KIND_GEN, sizeof(leaky__frame),
    sizeof(int), 0,       0,  0,           leaky__resume,
    NULL};

static int leaky__resume(ac_frame *ac_f)
{
    leaky__frame *ac_fr = (leaky__frame *)ac_f;
    int ac_y = 1;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    }
    if (ac_f->out)
        memcpy(ac_f->out, &ac_y, sizeof ac_y);
    ac_f->state = 1;
    return AC_YIELDED;
ac_s1:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 42, NULL);
        if (ac_fr->how != 2)
            return AC_RAISED;
        ac_exc *handled = ac__catch(); /* finally { throw ValueError } */
        ac__throw(ac_f, ac_exc_new(&ac_ValueError, "boom"), handled, 44);
        ac_decref(handled);
        return AC_RAISED;
    }
    if (ac_fr->how == 0)
        ac__throw(ac_f, ac_exc_new(&ac_StopIteration, NULL), NULL, 43);
    else
        ac__throw(ac_f, ac_exc_new(&ac_ValueError, "boom"), NULL, 44);
    return AC_RAISED;
}

/* generator(int) selfish(void)                 // line 50
 * {
 *     ac_gen_next(me, NULL) or raise;          // line 52
 *     yield 1;
 * } */
typedef struct selfish__frame {
    ac_frame ac_hdr;
    ac_gen *me; /* borrowed */
} selfish__frame;
static int selfish__resume(ac_frame *ac_f);
static const ac_code selfish__code = {
    "selfish",   FILE_AC, 50, AC_KIND_GEN, sizeof(selfish__frame),
    sizeof(int), 0,       0,  0,           selfish__resume,
    NULL};

static int selfish__resume(ac_frame *ac_f)
{
    selfish__frame *ac_fr = (selfish__frame *)ac_f;
    if (ac_gen_next(ac_fr->me, NULL) == AC_RAISED) {
        ac__raise(ac_f, 52, NULL);
        return AC_RAISED;
    }
    return AC_RETURNED;
}

static ac_gen *make(const ac_code *code)
{
    return (ac_gen *)ac__frame_new(code);
}

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
                              "KeyError: k\n");
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
    ac_decref(g);
    char *s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(s, want);
    free(s);
    CU_ASSERT_PTR_NULL(ac_err_occurred());

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
        {NULL, NULL},
    };
    return run_suite("rt_gen", tests);
}
