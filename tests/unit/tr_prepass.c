/* tr_prepass.c - CUnit tests of the keyword pre-pass: each masking rule,
 * offsets preserved, each misuse and its position, the words as ordinary
 * names outside resumable bodies, comments and strings left alone. */
#include <stdlib.h>
#include <string.h>

#include "unit_suite.h"
#include "frontend/prepass.h"

/* One pre-pass run over a string, with its diagnostics captured. */
typedef struct run {
    ac_source *src;
    ac_prepass pp;
    char *diag;
    size_t diag_len;
    int rc;
    int errors;
} run;

static run pp_run(const char *text)
{
    run r;
    memset(&r, 0, sizeof r);
    r.src = ac_source_from_string("t.ac", text, strlen(text));
    FILE *f = open_memstream(&r.diag, &r.diag_len);
    ac_diag d;
    ac_diag_init(&d, f);
    r.rc = ac_prepass_run(r.src, &r.pp, &d);
    fclose(f);
    r.errors = d.errors;
    return r;
}

static void pp_done(run *r)
{
    ac_prepass_free(&r->pp);
    ac_source_free(r->src);
    free(r->diag);
}

static char *span_text(const run *r, ac_span s)
{
    size_t n = s.end - s.start;
    char *t = malloc(n + 1);
    memcpy(t, r->src->text + s.start, n);
    t[n] = '\0';
    return t;
}

#define CHECK_SPAN(r, span, want)                                              \
    do {                                                                       \
        char *got_ = span_text((r), (span));                                   \
        CU_ASSERT_STRING_EQUAL(got_, (want));                                  \
        free(got_);                                                            \
    } while (0)

/* The masked text of src must be want, with no diagnostics. */
static void expect_mask(const char *src, const char *want)
{
    run r = pp_run(src);
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL(r.errors, 0);
    CU_ASSERT_STRING_EQUAL(r.pp.masked, want);
    CU_ASSERT_EQUAL(strlen(r.pp.masked), strlen(src));
    if (r.errors)
        fprintf(stderr, "\nunexpected diagnostics:\n%s", r.diag);
    if (strcmp(r.pp.masked, want) != 0)
        fprintf(stderr, "\nwanted: [%s]\ngot:    [%s]\n", want, r.pp.masked);
    pp_done(&r);
}

/* src must fail with exactly one error, reading "t.ac:LINE:COL: error:
 * MSG" on its first line. */
static void expect_error(const char *src, int line, int col, const char *msg)
{
    run r = pp_run(src);
    char want[512];
    snprintf(want, sizeof want, "t.ac:%d:%d: error: %s\n", line, col, msg);
    CU_ASSERT_EQUAL(r.rc, -1);
    CU_ASSERT_EQUAL(r.errors, 1);
    CU_ASSERT_PTR_NOT_NULL(r.diag);
    if (r.diag) {
        CU_ASSERT_EQUAL(strncmp(r.diag, want, strlen(want)), 0);
        if (strncmp(r.diag, want, strlen(want)) != 0)
            fprintf(stderr, "\nwanted: %sgot:    %s", want, r.diag);
    }
    pp_done(&r);
}

/* No keyword recorded, nothing masked, no diagnostics. */
static void expect_plain(const char *src)
{
    run r = pp_run(src);
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL(r.pp.nkws, 0);
    CU_ASSERT_STRING_EQUAL(r.pp.masked, src);
    if (r.errors || r.pp.nkws)
        fprintf(stderr, "\n%zu keywords in plain text:\n%s%s", r.pp.nkws, src,
                r.diag ? r.diag : "");
    pp_done(&r);
}

/* ---- masking rules ------------------------------------------------------ */

static void test_async_function(void)
{
    const char *src = "static async int f(int x) { return x; }\n";
    expect_mask(src, "static const int f(int x) { return x; }\n");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 1);
    CU_ASSERT_EQUAL(r.pp.kws[0].kind, AC_KW_ASYNC);
    CU_ASSERT_EQUAL(r.pp.kws[0].start, 7);
    CU_ASSERT_EQUAL(r.pp.kws[0].end, 12);
    pp_done(&r);
}

static void test_async_prototype(void)
{
    expect_mask("extern async void *f(void);\nint g(void) { return 0; }\n",
                "extern const void *f(void);\nint g(void) { return 0; }\n");
}

static void test_generator_header(void)
{
    const char *src = "generator(int, char *, long) g(void) { }\n";
    expect_mask(src, "ac_G________________________ g(void) { }\n");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 1);
    const ac_kw *kw = &r.pp.kws[0];
    CU_ASSERT_EQUAL(kw->kind, AC_KW_GENERATOR);
    CU_ASSERT_EQUAL(kw->start, 0);
    CU_ASSERT_EQUAL(kw->end, 28);
    CU_ASSERT_EQUAL_FATAL(kw->nargs, 3);
    CHECK_SPAN(&r, kw->args[0], "int");
    CHECK_SPAN(&r, kw->args[1], "char *");
    CHECK_SPAN(&r, kw->args[2], "long");
    pp_done(&r);
}

static void test_generator_nested_type(void)
{
    run r = pp_run("generator(int (*)(int, int)) g(void);\n");
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 1);
    CU_ASSERT_EQUAL_FATAL(r.pp.kws[0].nargs, 1);
    CHECK_SPAN(&r, r.pp.kws[0].args[0], "int (*)(int, int)");
    pp_done(&r);
}

static void test_async_generator_header(void)
{
    const char *src = "async generator(long, int) ag(void) { yield 1; }";
    expect_mask(src, "const ac_G________________ ag(void) { !!!!! 1; }");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 3);
    CU_ASSERT_EQUAL(r.pp.kws[0].kind, AC_KW_ASYNC);
    CU_ASSERT_EQUAL(r.pp.kws[1].kind, AC_KW_GENERATOR);
    CU_ASSERT_EQUAL(r.pp.kws[1].nargs, 2);
    CU_ASSERT_EQUAL(r.pp.kws[2].kind, AC_KW_YIELD);
    pp_done(&r);
}

static void test_await(void)
{
    const char *src = "async int f(void) { int x = await g(1) + 1; }";
    expect_mask(src, "const int f(void) { int x = !!!!! g(1) + 1; }");
    run r = pp_run(src);
    const ac_kw *kw = ac_prepass_kw_at(&r.pp, 28);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kw);
    CU_ASSERT_EQUAL(kw->kind, AC_KW_AWAIT);
    CU_ASSERT_EQUAL(kw->end, 33);
    CU_ASSERT_PTR_NULL(ac_prepass_kw_at(&r.pp, 29));
    pp_done(&r);
}

static void test_yield_forms(void)
{
    const char *src = "generator(int, int) g(void) {\n"
                      "    int s = yield 1;\n"
                      "    yield;\n"
                      "    f(yield);\n"
                      "}\n";
    expect_mask(src, "ac_G_______________ g(void) {\n"
                     "    int s = !!!!! 1;\n"
                     "    _ACY_;\n"
                     "    f(_ACY_);\n"
                     "}\n");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 4);
    CU_ASSERT_EQUAL(r.pp.kws[1].kind, AC_KW_YIELD);
    CU_ASSERT_EQUAL(r.pp.kws[1].flags, 0);
    CU_ASSERT_EQUAL(r.pp.kws[2].flags, AC_KWF_BARE);
    CU_ASSERT_EQUAL(r.pp.kws[3].flags, AC_KWF_BARE);
    pp_done(&r);
}

static void test_yield_from(void)
{
    const char *src = "generator(int, int, int) g(void) {\n"
                      "    return yield  from sub();\n}\n";
    expect_mask(src, "ac_G____________________ g(void) {\n"
                     "    return !!!!!  !!!! sub();\n}\n");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 2);
    CU_ASSERT_EQUAL(r.pp.kws[1].kind, AC_KW_YIELD_FROM);
    CHECK_SPAN(&r, ((ac_span){r.pp.kws[1].start, r.pp.kws[1].end}),
               "yield  from");
    pp_done(&r);
}

static void test_throw(void)
{
    const char *src = "async void f(void) { throw mk(); throw; }";
    expect_mask(src, "const void f(void) { !!!!! mk(); _ACT_; }");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 3);
    CU_ASSERT_EQUAL(r.pp.kws[1].kind, AC_KW_THROW);
    CU_ASSERT_EQUAL(r.pp.kws[1].flags, 0);
    CU_ASSERT_EQUAL(r.pp.kws[2].flags, AC_KWF_BARE);
    pp_done(&r);
}

static void test_try_catch_finally(void)
{
    const char *src = "generator(int) g(void) {\n"
                      "    try { yield 1; }\n"
                      "    catch (ac_OSError | ac_ValueError e) { }\n"
                      "    catch (ac_Exception) { }\n"
                      "    finally { }\n"
                      "}\n";
    expect_mask(src, "ac_G__________ g(void) {\n"
                     "        { !!!!! 1; }\n"
                     "                                         { }\n"
                     "                         { }\n"
                     "            { }\n"
                     "}\n");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 6);
    CU_ASSERT_EQUAL(r.pp.kws[1].kind, AC_KW_TRY);
    const ac_kw *c = &r.pp.kws[3];
    CU_ASSERT_EQUAL(c->kind, AC_KW_CATCH);
    CU_ASSERT_EQUAL_FATAL(c->nargs, 2);
    CHECK_SPAN(&r, c->args[0], "ac_OSError");
    CHECK_SPAN(&r, c->args[1], "ac_ValueError");
    CHECK_SPAN(&r, c->name, "e");
    CHECK_SPAN(&r, ((ac_span){c->start, c->end}),
               "catch (ac_OSError | ac_ValueError e)");
    CU_ASSERT_EQUAL(r.pp.kws[4].nargs, 1);
    CU_ASSERT_EQUAL(r.pp.kws[4].name.start, r.pp.kws[4].name.end);
    CU_ASSERT_EQUAL(r.pp.kws[5].kind, AC_KW_FINALLY);
    pp_done(&r);
}

static void test_catch_header_keeps_newlines(void)
{
    const char *src = "async void f(void) { try { } catch (A |\n B\te) { } }";
    expect_mask(src, "const void f(void) {     { }           \n      { } }");
}

static void test_for_in(void)
{
    const char *src = "void f(void) { for (const long *v in g(3)) use(v); }";
    expect_mask(src, "void f(void) { for (const long *v ;; g(3)) use(v); }");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 1);
    CU_ASSERT_EQUAL(r.pp.kws[0].kind, AC_KW_IN);
    CU_ASSERT_EQUAL(r.pp.kws[0].start, 34);
    pp_done(&r);
    expect_mask("void f(void) { for (v in g()) ; }",
                "void f(void) { for (v ;; g()) ; }");
}

static void test_async_for(void)
{
    const char *src = "async void f(void) { async for (long v in ag()) { } }";
    expect_mask(src, "const void f(void) {       for (long v ;; ag()) { } }");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 3);
    CU_ASSERT_EQUAL(r.pp.kws[1].kind, AC_KW_ASYNC_FOR);
    CU_ASSERT_EQUAL(r.pp.kws[2].kind, AC_KW_IN);
    pp_done(&r);
}

static void test_async_with(void)
{
    const char *src = "async void f(void) { async with (lock) { } }";
    expect_mask(src, "const void f(void) { if         (lock) { } }");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 2);
    const ac_kw *kw = &r.pp.kws[1];
    CU_ASSERT_EQUAL(kw->kind, AC_KW_ASYNC_WITH);
    CHECK_SPAN(&r, ((ac_span){kw->start, kw->end}), "async with");
    CU_ASSERT_EQUAL(kw->decl.start, kw->decl.end);
    pp_done(&r);
}

static void test_async_with_decl(void)
{
    const char *src =
        "async void f(void) { async with (struct cm *c = open(x == 1)) { } }";
    expect_mask(src, "const void f(void) { if         (               "
                     "open(x == 1)) { } }");
    run r = pp_run(src);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 2);
    CHECK_SPAN(&r, r.pp.kws[1].decl, "struct cm *c");
    CHECK_SPAN(&r, r.pp.kws[1].name, "c");
    pp_done(&r);
}

static void test_statement_positions(void)
{
    /* keywords after labels, in cases, after else, in do/while bodies */
    expect_mask("generator(int) g(int c) {\n"
                "    switch (c) { case 1: yield 1; default: yield; }\n"
                "    if (c) yield 2; else yield 3;\n"
                "    do yield 4; while (0);\n"
                "    l: yield 5;\n"
                "}\n",
                "ac_G__________ g(int c) {\n"
                "    switch (c) { case 1: !!!!! 1; default: _ACY_; }\n"
                "    if (c) !!!!! 2; else !!!!! 3;\n"
                "    do !!!!! 4; while (0);\n"
                "    l: !!!!! 5;\n"
                "}\n");
}

static void test_offsets_preserved(void)
{
    const char *src = "/* a */ async\tint f(void)\n{\n  int x =\n"
                      "    await\n g();\n  try {\n  } catch\n(\nE\ne\n)\n"
                      "  { } finally\n{ }\n}\n";
    run r = pp_run(src);
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL_FATAL(strlen(r.pp.masked), strlen(src));
    for (size_t i = 0; src[i]; i++)
        CU_ASSERT_EQUAL(src[i] == '\n', r.pp.masked[i] == '\n');
    pp_done(&r);
}

/* ---- comments, strings, directives -------------------------------------- */

static void test_comments_and_strings_untouched(void)
{
    const char *src = "generator(int) g(void) {\n"
                      "    /* yield 1; await x; try { */\n"
                      "    // throw e; yield from x\n"
                      "    const char *s = \"yield 1; \\\" await x\";\n"
                      "    char c = '\\'', d = 'y';\n"
                      "#define Y yield 2; \\\n  throw x;\n"
                      "    yield 3;\n"
                      "}\n";
    run r = pp_run(src);
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL_FATAL(r.pp.nkws, 2); /* the header and `yield 3` */
    CU_ASSERT_EQUAL(r.pp.kws[1].kind, AC_KW_YIELD);
    CU_ASSERT_STRING_EQUAL(r.pp.masked + r.pp.kws[1].start, "!!!!! 3;\n}\n");
    CU_ASSERT_EQUAL(memcmp(r.pp.masked + 25, src + 25, r.pp.kws[1].start - 25),
                    0);
    pp_done(&r);
}

static void test_ah_includes(void)
{
    run r =
        pp_run("#include \"a.ah\"\n#include <b.ah>\n#include \"c.h\"\n"
               "  #  include   \"dir/d.ah\" // x\n/* #include \"e.ah\" */\n");
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL_FATAL(r.pp.nah_includes, 2);
    CHECK_SPAN(&r, r.pp.ah_includes[0], "a.ah");
    CHECK_SPAN(&r, r.pp.ah_includes[1], "dir/d.ah");
    pp_done(&r);
}

static void test_parse_workarounds(void)
{
    /* comments inside directives are blanked; comments elsewhere stay */
    expect_mask("#define X(a) a /* c */ \\\n + 1 /* d */\nint x; /* e */\n",
                "#define X(a) a         \\\n + 1      //\nint x; /* e */\n");
    /* a CRLF continuation inside a literal becomes an LF one */
    expect_mask("char *s = \"a\\\r\nb\";\r\nint y \\\r\n;",
                "char *s = \"a \\\nb\";\r\nint y \\\r\n;");
}

static void test_directive_trailing_blanks(void)
{
    /* tree-sitter-c reads the line after `#define X  ` into it: the last
     * two blanks become a line comment; one blank, or none, stays */
    expect_mask("#define X  \nint a;\n#include <x.h>\t \r\n#define Y \n",
                "#define X//\nint a;\n#include <x.h>//\r\n#define Y \n");
    expect_mask("#define F(A) /* no-op */\n", "#define F(A)          //\n");
}

static void test_if0_group(void)
{
    /* dead text: an apostrophe, half a statement, braces, keywords */
    const char *src = "#if 0\nit's { await x; \"\n#if 1\n}\n#endif\n#else\n"
                      "int a;\n#endif\nint b;\n";
    run r = pp_run(src);
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL(r.errors, 0);
    CU_ASSERT_EQUAL(r.pp.nkws, 0);
    CU_ASSERT_STRING_EQUAL(r.pp.masked, "#if 0\n                 \n     \n"
                                        " \n      \n#else\nint a;\n#endif\n"
                                        "int b;\n");
    pp_done(&r);
    /* `#if 0` to the end of the file; `#if 00`, `#if 0x1` are not it */
    expect_mask("#if 0\n'\n", "#if 0\n \n");
    expect_plain("#if 0x1\nint a;\n#endif\n");
}

/* The spans of the declarations the lowering rewrites must be want[]. */
static void expect_fns(const char *src, const char *const *want, size_t n)
{
    run r = pp_run(src);
    CU_ASSERT_EQUAL(r.errors, 0);
    CU_ASSERT_EQUAL_FATAL(r.pp.nfns, n);
    for (size_t i = 0; i < n; i++)
        CHECK_SPAN(&r, r.pp.fns[i], want[i]);
    if (r.errors)
        fprintf(stderr, "\n%s", r.diag);
    pp_done(&r);
}

static void test_lowered_spans(void)
{
    static const char *const want[] = {
        "static async int f(void);",
        "generator(int) g(void) { yield 1; }",
        "void p(void) { for (int v in g()) use(v); }",
        "static MAYBE_UNUSED async int h(void) { return await f(); }",
    };
    expect_fns("#include <asyncc.h>\n"
               "static async int f(void);\n"
               "int plain(void) { return 0; }\n"
               "generator(int) g(void) { yield 1; }\n"
               "struct s { int a; };\n"
               "void p(void) { for (int v in g()) use(v); }\n"
               "static MAYBE_UNUSED async int h(void) { return await f(); }\n"
               "int generator(int);\n",
               want, 4);
    /* a body never closed runs to the end of the file */
    static const char *const open[] = {"async int f(void) { await g();\n"};
    expect_fns("int x;\nasync int f(void) { await g();\n", open, 1);
}

static void test_conditional_braces(void)
{
    /* each #if group opens the same body: the generator after it is still
     * at file scope */
    static const char *const want[] = {"generator(int) g(void) { yield 1; }"};
    expect_fns("#ifdef X\nvoid f(int a) {\n#elif Y\nvoid f(long a) {\n"
               "#else\nvoid f(void) {\n#endif\n    if (1) {\n#if Z\n    }\n"
               "#else\n    }\n#endif\n}\n"
               "generator(int) g(void) { yield 1; }\n",
               want, 1);
}

/* ---- ordinary names outside resumable bodies ---------------------------- */

static void test_words_as_names(void)
{
    expect_plain("int await, yield, try, catch, finally, throw, async, in;\n"
                 "typedef int generator;\n"
                 "int f(int in) {\n"
                 "    int await = 1, yield = 2, try = 3;\n"
                 "    yield = await + try;\n"
                 "    catch (yield);\n"
                 "    finally = throw;\n"
                 "    for (in = 0; in < 3; in++) await++;\n"
                 "    for (int in = 0; in < 3; in++) ;\n"
                 "    async = async * 2;\n"
                 "    yield;\n"
                 "    throw;\n"
                 "    return await(yield) + s.await + p->yield;\n"
                 "}\n"
                 "struct async { int generator; } async;\n"
                 "async x;\n"
                 "int (*async)(void);\n");
}

static void test_members_in_resumable_body(void)
{
    run r = pp_run("async int f(struct s *p) { return p->await + p->yield; }");
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL(r.pp.nkws, 1);
    pp_done(&r);
}

/* ---- misuses ------------------------------------------------------------ */

static void test_yield_outside_generator(void)
{
    expect_error("int f(void)\n{\n    yield x;\n}\n", 3, 5,
                 "'yield' outside a generator");
    expect_error("async int f(void) { yield 1; }", 1, 21,
                 "'yield' outside a generator");
    expect_error("void f(void) {\n\tyield from g();\n}", 2, 2,
                 "'yield' outside a generator");
}

static void test_await_outside_async(void)
{
    expect_error("int f(void) { return await g(); }", 1, 22,
                 "'await' outside an async function");
    expect_error("generator(int) g(void) {\n  await h();\n}", 2, 3,
                 "'await' outside an async function");
}

static void test_yield_from_in_async_generator(void)
{
    expect_error("async generator(int) g(void) {\n  yield from h();\n}", 2, 3,
                 "'yield from' in an async generator");
}

static void test_return_value_checks(void)
{
    expect_error("async generator(int) g(void) { return 1; }", 1, 32,
                 "'return' with a value in an async generator");
    expect_error("generator(int) g(void) {\n  yield 1;\n  return 2;\n}", 3, 3,
                 "'return' with a value in a generator whose return type is "
                 "void");
    expect_error("generator(int, int, void) g(void) { return (1); }", 1, 37,
                 "'return' with a value in a generator whose return type is "
                 "void");
    expect_mask("generator(int, int, long) g(void) { return 2; }",
                "ac_G_____________________ g(void) { return 2; }");
    expect_mask("async generator(int) g(void) { return; }",
                "const ac_G__________ g(void) { return; }");
}

static void test_async_for_with_outside_async(void)
{
    expect_error("void f(void) { async for (int v in g()) ; }", 1, 16,
                 "'async for' outside an async function");
    expect_error("generator(int) g(void) {\n async with (x) { } }", 2, 2,
                 "'async with' outside an async function");
}

static void test_try_throw_outside_resumable(void)
{
    expect_error("void f(void) {\n    try { } \n}", 2, 5,
                 "'try' outside a resumable function");
    expect_error("void f(void) { throw e; }", 1, 16,
                 "'throw' outside a resumable function");
}

static void test_lexical_errors(void)
{
    expect_error("int x;\n/* open", 2, 1, "unterminated comment");
    expect_error("char *s = \"abc;\nint y;", 1, 11,
                 "missing terminating \" character");
    expect_error("int c = 'a;\n", 1, 9, "missing terminating ' character");
}

static void test_nul_byte(void)
{
    ac_source *src = ac_source_from_string("t.ac", "int a;\0int b;", 13);
    ac_prepass pp;
    ac_diag d;
    ac_diag_init(&d, NULL);
    CU_ASSERT_EQUAL(ac_prepass_run(src, &pp, &d), -1);
    CU_ASSERT_EQUAL(d.errors, 1);
    CU_ASSERT_EQUAL(pp.masked[6], '\0');
    CU_ASSERT_EQUAL(pp.masked[7], 'i');
    ac_prepass_free(&pp);
    ac_source_free(src);
}

static void test_malformed_headers(void)
{
    expect_error("generator(int,\n long) g(void);", 1, 1,
                 "malformed 'generator(...)' header: it must be on one line");
    expect_error("generator() g(void);", 1, 1,
                 "malformed 'generator(...)' header: missing type");
    expect_error("generator(int,) g(void);", 1, 1,
                 "malformed 'generator(...)' header: missing type");
    expect_error("generator(a, b, c, d) g(void);", 1, 1,
                 "malformed 'generator(...)' header: at most 3 types (Y, S, "
                 "R)");
    expect_error("async generator(a, b, c) g(void);", 1, 7,
                 "malformed 'async generator(...)' header: at most 2 types "
                 "(Y, S)");
    expect_error("generator(int g(void);", 1, 1,
                 "malformed 'generator(...)' header: missing ')'");
    expect_error("generator(int) (void);", 1, 1,
                 "malformed 'generator(...)' header: expected the function "
                 "name after it");
}

static void test_catch_finally_misplaced(void)
{
    expect_error("async void f(void) {\n  catch (E e) { }\n}", 2, 3,
                 "'catch' without a preceding 'try' block");
    expect_error("async void f(void) { { } finally { } }", 1, 26,
                 "'finally' without a preceding 'try' block");
    expect_error("async void f(void) { try { } finally { } catch (E) { } }", 1,
                 42, "'catch' without a preceding 'try' block");
    expect_error("async void f(void) { try { } x++; }", 1, 22,
                 "expected 'catch' or 'finally' after 'try' block");
    expect_error("async void f(void) { try x; }", 1, 22,
                 "expected '{' after 'try'");
}

static void test_catch_malformed(void)
{
    expect_error("async void f(void) { try { } catch { } }", 1, 30,
                 "malformed 'catch' clause: expected '('");
    expect_error("async void f(void) { try { } catch () { } }", 1, 30,
                 "malformed 'catch' clause: expected an exception type");
    expect_error("async void f(void) { try { } catch (A | ) { } }", 1, 30,
                 "malformed 'catch' clause: expected an exception type");
    expect_error("async void f(void) { try { } catch (A e f) { } }", 1, 30,
                 "malformed 'catch' clause: expected ')'");
    expect_error("async void f(void) { try { } catch (A e) x; }", 1, 30,
                 "expected '{' after 'catch (...)'");
}

/* A catch names as many exception types as it likes (no fixed limit). */
static void test_catch_many_types(void)
{
    run r = pp_run("async void f(void) { try { } "
                   "catch (A|B|C|D|E|F|G|H|I|J|K|L|M|N|O|P|Q|R|S|T e) { } }");
    CU_ASSERT_EQUAL(r.rc, 0);
    CU_ASSERT_EQUAL(r.errors, 0);
    const ac_kw *kw = NULL;
    for (size_t i = 0; i < r.pp.nkws; i++)
        if (r.pp.kws[i].kind == AC_KW_CATCH)
            kw = &r.pp.kws[i];
    CU_ASSERT_PTR_NOT_NULL_FATAL(kw);
    CU_ASSERT_EQUAL(kw->nargs, 20);
    CU_ASSERT_EQUAL(kw->args[19].end - kw->args[19].start, 1);
    CU_ASSERT_EQUAL(r.pp.masked[kw->args[19].start], ' ');
    pp_done(&r);
}

static void test_missing_operand(void)
{
    expect_error("async int f(void) { return await; }", 1, 28,
                 "expected an expression after 'await'");
    expect_error("generator(int) g(void) { yield from; }", 1, 26,
                 "expected an expression after 'yield from'");
}

static void test_async_for_needs_in(void)
{
    expect_error("async void f(void) { async for (;;) { } }", 1, 22,
                 "expected 'for (T v in E)' after 'async'");
    expect_error("async void f(void) { async with x; }", 1, 22,
                 "expected '(...)' after 'async with'");
}

static void test_error_recovery_reports_all(void)
{
    run r = pp_run("void f(void) { try { } }\nvoid g(void) { throw x; }\n"
                   "async int h(void) { yield 1; }\n");
    CU_ASSERT_EQUAL(r.rc, -1);
    CU_ASSERT_EQUAL(r.errors, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.diag, "t.ac:1:16: error: 'try'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.diag, "t.ac:2:16: error: 'throw'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.diag, "t.ac:3:21: error: 'yield'"));
    pp_done(&r);
}

static void test_body_kind_ends_with_function(void)
{
    /* after a generator's body, a plain function's words are names again */
    expect_error("generator(int) g(void) { yield 1; }\n"
                 "int f(void) { int yield = 1; return yield; }\n"
                 "int h(void) { yield 2; }\n",
                 3, 15, "'yield' outside a generator");
}

int main(void)
{
    static const test_case tests[] = {
        {"async function", test_async_function},
        {"async prototype", test_async_prototype},
        {"generator header", test_generator_header},
        {"generator nested type", test_generator_nested_type},
        {"async generator header", test_async_generator_header},
        {"await", test_await},
        {"yield forms", test_yield_forms},
        {"yield from", test_yield_from},
        {"throw", test_throw},
        {"try/catch/finally", test_try_catch_finally},
        {"catch header keeps newlines", test_catch_header_keeps_newlines},
        {"for in", test_for_in},
        {"async for", test_async_for},
        {"async with", test_async_with},
        {"async with decl", test_async_with_decl},
        {"statement positions", test_statement_positions},
        {"offsets preserved", test_offsets_preserved},
        {"comments and strings", test_comments_and_strings_untouched},
        {"ah includes", test_ah_includes},
        {"parse workarounds", test_parse_workarounds},
        {"directive trailing blanks", test_directive_trailing_blanks},
        {"#if 0 group", test_if0_group},
        {"lowered spans", test_lowered_spans},
        {"conditional braces", test_conditional_braces},
        {"words as names", test_words_as_names},
        {"members in resumable body", test_members_in_resumable_body},
        {"yield outside generator", test_yield_outside_generator},
        {"await outside async", test_await_outside_async},
        {"yield from in async generator", test_yield_from_in_async_generator},
        {"return value checks", test_return_value_checks},
        {"async for/with outside async", test_async_for_with_outside_async},
        {"try/throw outside resumable", test_try_throw_outside_resumable},
        {"lexical errors", test_lexical_errors},
        {"nul byte", test_nul_byte},
        {"malformed generator headers", test_malformed_headers},
        {"catch/finally misplaced", test_catch_finally_misplaced},
        {"catch malformed", test_catch_malformed},
        {"catch many types", test_catch_many_types},
        {"missing operand", test_missing_operand},
        {"async for needs in", test_async_for_needs_in},
        {"error recovery", test_error_recovery_reports_all},
        {"body kind ends", test_body_kind_ends_with_function},
        {NULL, NULL}};
    return run_suite("prepass", tests);
}
