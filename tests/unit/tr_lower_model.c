/* tr_lower_model.c - CUnit tests of the lowering's model: which locals go
 * to the frame, their names, the states found, slots, try regions, for-in
 * loops and the errors. */
#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/unit.h"
#include "lowering/lower.h"

typedef struct fixture {
    ac_unit *u;
    ac_lunit lu;
    ac_diag d;
    int rc;
} fixture;

static void lower(fixture *fx, const char *text)
{
    ac_unit_opts opts = {0};
    ac_diag_init(&fx->d, NULL);
    fx->u = ac_unit_from_string("t.ac", text, &opts, &fx->d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fx->u);
    fx->rc = ac_lower(fx->u, &fx->lu, &fx->d);
    if (fx->rc == 0)
        ac_lower_transitions(&fx->lu);
}

static void done(fixture *fx)
{
    ac_lunit_free(&fx->lu);
    ac_unit_free(fx->u);
}

static const ac_lvar *var(const ac_lfunc *f, const char *name, int nth)
{
    for (int i = 0; i < f->nvars; i++)
        if (strcmp(f->vars[i].name, name) == 0 && nth-- == 0)
            return &f->vars[i];
    return NULL;
}

static const ac_lfunc *func(const fixture *fx, const char *name)
{
    for (int i = 0; i < fx->lu.nfuncs; i++)
        if (strcmp(fx->lu.funcs[i].name, name) == 0)
            return &fx->lu.funcs[i];
    return NULL;
}

static void test_frame_or_c_local(void)
{
    fixture fx;
    lower(&fx, "generator(long) g(long n)\n"
               "{\n"
               "    long i = 0;\n"
               "    {\n"
               "        int tmp = 3;\n" /* no suspension in its block */
               "        i += tmp;\n"
               "    }\n"
               "    while (i < n) {\n"
               "        int step = 2;\n" /* its block yields */
               "        yield i;\n"
               "        i += step;\n"
               "    }\n"
               "}\n");
    CU_ASSERT_EQUAL(fx.rc, 0);
    const ac_lfunc *f = func(&fx, "g");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->kind, AC_FN_GEN);
    CU_ASSERT_STRING_EQUAL(f->yield_type, "long");
    CU_ASSERT_PTR_NULL(f->send_type);
    CU_ASSERT_PTR_NULL(f->result_type);
    CU_ASSERT_TRUE(var(f, "n", 0)->in_frame);
    CU_ASSERT_TRUE(var(f, "n", 0)->is_param);
    CU_ASSERT_TRUE(var(f, "i", 0)->in_frame);
    CU_ASSERT_FALSE(var(f, "tmp", 0)->in_frame);
    CU_ASSERT_TRUE(var(f, "step", 0)->in_frame);
    CU_ASSERT_STRING_EQUAL(var(f, "i", 0)->decl, "long i");
    CU_ASSERT_EQUAL(f->nstates, 1);
    CU_ASSERT_EQUAL(f->states[0].line, 10);
    CU_ASSERT_EQUAL(f->states[0].col, 9);
    CU_ASSERT_EQUAL(f->states[0].what, AC_SUSP_YIELD);
    CU_ASSERT_EQUAL(f->states[0].form, AC_FORM_STMT);
    done(&fx);
}

static void test_shadowing_names(void)
{
    fixture fx;
    lower(&fx, "generator(int) g(int x)\n"
               "{\n"
               "    yield x;\n"
               "    { int x = 1; yield x; { int x = 2; yield x; } }\n"
               "    { int x = 3; yield x; }\n"
               "}\n");
    CU_ASSERT_EQUAL(fx.rc, 0);
    const ac_lfunc *f = func(&fx, "g");
    CU_ASSERT_STRING_EQUAL(var(f, "x", 0)->cname, "x");
    CU_ASSERT_STRING_EQUAL(var(f, "x", 1)->cname, "x_1");
    CU_ASSERT_STRING_EQUAL(var(f, "x", 2)->cname, "x_2");
    CU_ASSERT_STRING_EQUAL(var(f, "x", 3)->cname, "x_3");
    /* each `yield x` names the x in scope there */
    int seen[4] = {0};
    for (int i = 0; i < f->nrefs; i++)
        seen[f->refs[i].var]++;
    CU_ASSERT_EQUAL(seen[0], 1);
    CU_ASSERT_EQUAL(seen[1], 1);
    CU_ASSERT_EQUAL(seen[2], 1);
    CU_ASSERT_EQUAL(seen[3], 1);
    CU_ASSERT_EQUAL(f->nstates, 4);
    done(&fx);
}

static void test_arrays_and_consts(void)
{
    fixture fx;
    lower(&fx, "generator(int) g(void)\n"
               "{\n"
               "    int a[] = {1, 2, 3};\n"
               "    const int k = 4;\n"
               "    const char *s = \"x\";\n"
               "    void *ptrs[2];\n"
               "    yield a[0] + k + s[0] + (ptrs[0] != 0);\n"
               "}\n");
    CU_ASSERT_EQUAL(fx.rc, 0);
    const ac_lfunc *f = func(&fx, "g");
    CU_ASSERT_STRING_EQUAL(var(f, "a", 0)->decl, "int a[3]");
    CU_ASSERT_TRUE(var(f, "a", 0)->is_array);
    CU_ASSERT_STRING_EQUAL(var(f, "k", 0)->decl, "int k"); /* assigned later */
    CU_ASSERT_STRING_EQUAL(var(f, "s", 0)->decl, "const char *s");
    CU_ASSERT_TRUE(var(f, "ptrs", 0)->is_array);
    done(&fx);
}

static void test_states_and_slots(void)
{
    fixture fx;
    lower(&fx, "generator(int, int, int) sub(void);\n"
               "generator(int, int, int) g(void)\n"
               "{\n"
               "    int r = yield from sub();\n"
               "    int s = yield r;\n"
               "    try {\n"
               "        yield s;\n"
               "    } catch (ac_ValueError | ac_KeyError e) {\n"
               "        yield 1;\n"
               "    } finally {\n"
               "        yield 2;\n"
               "    }\n"
               "    return 0;\n"
               "}\n");
    CU_ASSERT_EQUAL(fx.rc, 0);
    const ac_lfunc *f = func(&fx, "g");
    CU_ASSERT_EQUAL(f->nstates, 5);
    CU_ASSERT_EQUAL(f->states[0].what, AC_SUSP_YIELD_FROM);
    CU_ASSERT_STRING_EQUAL(f->states[0].type, "int");
    CU_ASSERT_EQUAL(f->states[0].form, AC_FORM_INIT);
    CU_ASSERT_EQUAL(f->states[1].form, AC_FORM_INIT);
    CU_ASSERT_EQUAL(f->ntries, 1);
    const ac_ltry *t = &f->tries[0];
    CU_ASSERT_EQUAL(t->ncatch, 1);
    CU_ASSERT_EQUAL(t->catch_kw[0]->nargs, 2);
    CU_ASSERT_TRUE(t->has_finally);
    CU_ASSERT_EQUAL(t->line, 6);
    CU_ASSERT_EQUAL(t->nsiblings, 2);
    CU_ASSERT_STRING_EQUAL(var(f, "e", 0)->cname, f->slots[t->exc_slot].name);
    CU_ASSERT_EQUAL(f->slots[t->pend_slot].kind, AC_SLOT_PENDING);
    CU_ASSERT_TRUE(f->slots[t->pend_slot].is_handle);
    CU_ASSERT_FALSE(f->slots[t->why_slot].is_handle);
    CU_ASSERT_EQUAL(f->slots[f->states[0].slot].kind, AC_SLOT_SUB);
    done(&fx);
}

static void test_forin(void)
{
    fixture fx;
    lower(
        &fx,
        "generator(int) nums(int n) { for (int i = 0; i < n; i++) yield i; }\n"
        "int total(ac_gen *g)\n"
        "{\n"
        "    int t = 0;\n"
        "    for (int v in nums(3)) t += v;\n"
        "    for (int w in g) t += w;\n"
        "    return t;\n"
        "}\n");
    CU_ASSERT_EQUAL(fx.rc, 0);
    const ac_lfunc *f = func(&fx, "total");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->kind, AC_FN_PLAIN);
    CU_ASSERT_EQUAL(f->nforins, 2);
    CU_ASSERT_EQUAL(f->forins[0].inline_fn, 0); /* nums, defined above */
    CU_ASSERT_FALSE(f->forins[0].borrowed);
    CU_ASSERT_EQUAL(f->forins[1].inline_fn, -1);
    CU_ASSERT_TRUE(f->forins[1].borrowed);
    CU_ASSERT_FALSE(var(f, "v", 0)->in_frame);
    done(&fx);
}

static void test_await_typing(void)
{
    fixture fx;
    lower(&fx,
          "async double half(int x);\n"
          "async int f(ac_task *t)\n"
          "{\n"
          "    double h = await half(3) + 1;\n"
          "    int n = await t;\n"
          "    await ac_sleep(0);\n"
          "    ac_stream *s = await ac_open_connection(\"127.0.0.1\", 1);\n"
          "    if (n && await half(1)) n = 2;\n"
          "    return (int)h + n + (s != 0);\n"
          "}\n");
    CU_ASSERT_EQUAL(fx.d.errors, 0);
    const ac_lfunc *f = func(&fx, "f");
    CU_ASSERT_EQUAL(f->kind, AC_FN_CORO);
    CU_ASSERT_STRING_EQUAL(f->result_type, "int");
    CU_ASSERT_EQUAL(f->nstates, 5);
    CU_ASSERT_STRING_EQUAL(f->states[0].type, "double");
    CU_ASSERT_EQUAL(f->states[0].form, AC_FORM_EXPR);
    CU_ASSERT_TRUE(f->states[0].temp_slot >= 0);
    CU_ASSERT_PTR_NULL(f->states[1].type); /* a task: generic */
    CU_ASSERT_EQUAL(f->states[1].form, AC_FORM_INIT);
    CU_ASSERT_STRING_EQUAL(f->states[2].type, "void");
    CU_ASSERT_STRING_EQUAL(f->states[3].type, "ac_stream *");
    CU_ASSERT_EQUAL(f->nhoists, 1); /* the && */
    done(&fx);
}

static bool has_edge(const ac_lfunc *f, int from, int to)
{
    for (int i = 0; i < f->nedges; i++)
        if (f->edges[i].from == from && f->edges[i].to == to)
            return true;
    return false;
}

static void test_transitions(void)
{
    fixture fx;
    lower(&fx, "generator(int) g(int n)\n"
               "{\n"
               "    yield 1;\n"
               "    while (n--) {\n"
               "        if (n & 1)\n"
               "            yield 2;\n"
               "        else\n"
               "            continue;\n"
               "        yield 3;\n"
               "    }\n"
               "    for (;;) {\n"
               "        yield 4;\n"
               "        if (n)\n"
               "            break;\n"
               "    }\n"
               "    yield 5;\n"
               "}\n");
    CU_ASSERT_EQUAL_FATAL(fx.rc, 0);
    const ac_lfunc *f = func(&fx, "g");
    CU_ASSERT_EQUAL(f->nstates, 5);
    CU_ASSERT_TRUE(has_edge(f, 0, 1));
    CU_ASSERT_FALSE(has_edge(f, 0, 2));
    CU_ASSERT_TRUE(has_edge(f, 1, 2));
    CU_ASSERT_TRUE(has_edge(f, 1, 4)); /* the while may not run */
    CU_ASSERT_TRUE(has_edge(f, 2, 3));
    CU_ASSERT_TRUE(has_edge(f, 3, 2)); /* back to the loop's head */
    CU_ASSERT_TRUE(has_edge(f, 3, 4));
    CU_ASSERT_FALSE(has_edge(f, 1, 3)); /* yield 3 only after yield 2 */
    CU_ASSERT_TRUE(has_edge(f, 4, 4));
    CU_ASSERT_TRUE(has_edge(f, 4, 5));
    CU_ASSERT_FALSE(has_edge(f, 3, 5)); /* for (;;) only ends by break */
    CU_ASSERT_TRUE(has_edge(f, 5, 6));  /* the end */
    CU_ASSERT_FALSE(has_edge(f, 4, 6));
    done(&fx);
}

static void test_errors(void)
{
    static const struct {
        const char *text;
        const char *why;
    } cases[] = {
        {"generator(int) g(int n) { int a[n]; yield a[0]; }", "VLA"},
        {"generator(int) g(void) { try { goto x; } finally { yield 1; } x: "
         "yield 2; }",
         "goto out of try"},
        {"async int f(ac_task *t) { return 1 + await t; }", "untyped await"},
        {"generator(int) g(void) { int x = yield 1; yield x; }",
         "no send type"},
        {"async void f(void) { await ac_sleep(0); return 1; }", "return value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fixture fx;
        lower(&fx, cases[i].text);
        if (fx.rc != -1 || fx.d.errors != 1)
            fprintf(stderr, "case %s: rc %d errors %d\n", cases[i].why, fx.rc,
                    fx.d.errors);
        CU_ASSERT_EQUAL(fx.rc, -1);
        CU_ASSERT_EQUAL(fx.d.errors, 1);
        done(&fx);
    }
}

static void test_plain_unit(void)
{
    fixture fx;
    lower(&fx, "int main(void) { int in = 1; return in; }\n");
    CU_ASSERT_EQUAL(fx.rc, 0);
    CU_ASSERT_EQUAL(fx.lu.nfuncs, 0);
    CU_ASSERT_FALSE(fx.lu.any_lowering);
    done(&fx);
}

int main(void)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"frame or C local", test_frame_or_c_local},
        {"shadowing names", test_shadowing_names},
        {"arrays and consts", test_arrays_and_consts},
        {"states and slots", test_states_and_slots},
        {"for-in", test_forin},
        {"await typing", test_await_typing},
        {"transitions", test_transitions},
        {"errors", test_errors},
        {"plain unit", test_plain_unit},
    };
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    CU_pSuite s = CU_add_suite("lowering model", NULL, NULL);
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++)
        CU_add_test(s, tests[i].name, tests[i].fn);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
