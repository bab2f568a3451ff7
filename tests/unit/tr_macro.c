/* tr_macro.c - CUnit tests of the macro expander (frontend/macro.c): the
 * C preprocessor's rules in resumable bodies (the examples of C11
 * 6.10.3.5, as GCC expands them), text outside the bodies untouched,
 * literals, comments and directives untouched, conditions decided or
 * left alone, .ah headers, the caps, and positions mapped back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit_suite.h"
#include "frontend/buf.h"
#include "frontend/macro.h"

/* One expansion of a string, with its diagnostics captured. */
typedef struct run {
    ac_source *src;
    int rc;
    char *diag;
    size_t diag_len;
    int errors;
} run;

static run mx_path(const char *path, const char *text,
                   const ac_macro_opts *opts)
{
    run r;
    memset(&r, 0, sizeof r);
    r.src = ac_source_from_string(path, text, strlen(text));
    ac_prepass pp;
    ac_diag quiet;
    ac_diag_init(&quiet, NULL);
    ac_prepass_run(r.src, &pp, &quiet);
    FILE *f = open_memstream(&r.diag, &r.diag_len);
    ac_diag d;
    ac_diag_init(&d, f);
    r.rc = ac_macro_expand(r.src, &pp, opts, &d);
    fclose(f);
    r.errors = d.errors;
    ac_prepass_free(&pp);
    return r;
}

static run mx(const char *text)
{
    return mx_path("m.ac", text, NULL);
}

static void mx_done(run *r)
{
    ac_source_free(r->src);
    free(r->diag);
}

/* Whether the text of r is want, byte for byte. */
static int mx_is(const run *r, const char *want)
{
    if (strcmp(r->src->text, want) == 0)
        return 1;
    fprintf(stderr, "\n--- got:\n%s--- want:\n%s---\n", r->src->text, want);
    return 0;
}

/* s without white space. */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t')
            *o++ = *s;
    *o = '\0';
    return out;
}

#define GEN "generator(int) g(void)\n{\n"

static void test_simple(void)
{
    run r = mx("#define N 3\nint a[N];\n" GEN "    yield N;\n}\nint b = N;\n");
    CU_ASSERT_EQUAL(r.rc, 1);
    CU_ASSERT(mx_is(&r, "#define N 3\nint a[N];\n" GEN
                        "    yield 3;\n}\nint b = N;\n"));
    mx_done(&r);
}

/* A file with nothing to expand is not touched (pass-through). */
static void test_nothing_to_expand(void)
{
    static const char *const texts[] = {
        "#define N 3\nint f(void)\n{\n    return N;\n}\n",
        GEN "    yield 1;\n}\n",
        "#define N 3\nasync int f(void);\nint g(void) { return N; }\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        run r = mx(texts[i]);
        CU_ASSERT_EQUAL(r.rc, 0);
        CU_ASSERT_PTR_NULL(r.src->orig);
        CU_ASSERT_STRING_EQUAL(r.src->text, texts[i]);
        mx_done(&r);
    }
}

static void test_kinds_of_functions(void)
{
    run r = mx("#define V 7\n"
               "async int c(void) { return V; }\n"
               "async generator(int) ag(void) { yield V; }\n"
               "static generator(int, int, int) gg(void) { return V; }\n"
               "int plain(void) { return V; }\n");
    CU_ASSERT(mx_is(&r, "#define V 7\n"
                        "async int c(void) { return 7; }\n"
                        "async generator(int) ag(void) { yield 7; }\n"
                        "static generator(int, int, int) gg(void) { return "
                        "7; }\n"
                        "int plain(void) { return V; }\n"));
    mx_done(&r);
}

/* C11 6.10.3.5 examples 3, 4 and 7 and some more, as gcc -E gives them. */
static void test_standard_examples(void)
{
    run r =
        mx("#define x 3\n#define f(a) f(x * (a))\n#undef x\n#define x 2\n"
           "#define g f\n#define z z[0]\n#define h g(~\n#define m(a) a(w)\n"
           "#define w 0,1\n#define t(a) a\n#define p() int\n#define q(x) x\n"
           "#define r(x,y) x ## y\n#define str(x) # x\n#define str2(s) # s\n"
           "#define debug(s, t) printf(\"x\" # s \"= %d, x\" # t \"= %s\", \\\n"
           " x ## s, x ## t)\n"
           "#define glue(a, b) a ## b\n#define xglue(a, b) glue(a, b)\n"
           "#define HIGHLOW \"hello\"\n#define LOW LOW \", world\"\n"
           "#define dbg(...) fprintf(stderr, __VA_ARGS__)\n"
           "#define showlist(...) puts(#__VA_ARGS__)\n"
           "#define report(test, ...) ((test)?puts(#test): "
           "printf(__VA_ARGS__))\n"
           "#define e(fmt, ...) pr(fmt, ## __VA_ARGS__)\n"
           "#define foo foo + 1\n#define ff(y) y ff\n#define NEG -1\n" GEN
           "f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);\n"
           "g(x+(3,4)-w) | h 5) & m\n(f)^m(m);\n"
           "p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };\n"
           "char c[2][6] = { str(hello), str() };\n"
           "debug(1, 2);\n"
           "fputs(str2(strncmp(\"abc\\0d\", \"abc\", '\\4') // this goes away\n"
           " == 0) str2(: @\\n), s);\n"
           "xglue(HIGH, LOW)\n"
           "dbg(\"Flag\");\ndbg(\"X = %d\\n\", x);\n"
           "showlist(The first, second, and third items.);\n"
           "report(x>y, \"x is %d but y is %d\", x, y);\n"
           "e(\"a\"); e(\"b\", 1, 2);\nfoo; ff(1)(2)(3);\nx = -NEG;\n}\n");
    /* a name painted by its own expansion, before a `(`, is wrapped in
     * parentheses, so that the C compiler does not expand it again */
    const char *want =
        "(f)(2 * (y+1)) + (f)(2 * ((f)(2 * (z[0])))) % (f)(2 * (0)) + "
        "(t)(1);\n"
        "(f)(2 * (2 +(3,4)-0,1)) | (f)(2 * (~ 5)) & (f)(2 * (0,1))^"
        "(m)(0,1);\n"
        "int i[] = { 1, 23, 4, 5, };\n"
        "char c[2][6] = { \"hello\", \"\" };\n"
        "printf(\"x\" \"1\" \"= %d, x\" \"2\" \"= %s\", x1, x2);\n"
        "fputs(\"strncmp(\\\"abc\\\\0d\\\", \\\"abc\\\", '\\\\4') == 0\" "
        "\": @\\n\", s);\n"
        "\"hello\" \", world\"\n"
        "fprintf(stderr, \"Flag\");\n"
        "fprintf(stderr, \"X = %d\\n\", 2);\n"
        "puts(\"The first, second, and third items.\");\n"
        "((2>y)?puts(\"x>y\"): printf(\"x is %d but y is %d\", 2, y));\n"
        "pr(\"a\"); pr(\"b\", 1, 2);\n"
        "foo + 1; 1 (ff)(2)(3);\n"
        "2 = - -1;\n}\n";
    CU_ASSERT_EQUAL(r.rc, 1);
    char *body = strstr(r.src->text, GEN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    char *got = squeeze(body + strlen(GEN)), *exp = squeeze(want);
    CU_ASSERT_STRING_EQUAL(got, exp);
    /* spacing that matters: inside strings, and between tokens that
     * would join */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(r.src->text, "puts(\"The first, second, and third items.\")"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "- -1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "foo + 1"));
    free(got);
    free(exp);
    mx_done(&r);
}

/* Literals, comments and preprocessor lines in a body stay; a #define in
 * the body counts from its line on, and #undef ends it. */
static void test_untouched_and_order(void)
{
    run r = mx("#define A 1\n" GEN "    yield B + A; /* A */ // A\n"
               "    puts(\"A\" \"B\"); yield 'A';\n"
               "#define B 2\n"
               "#if A\n"
               "    yield A + B;\n"
               "#endif\n"
               "#undef A\n"
               "    yield A + B;\n}\n");
    CU_ASSERT(mx_is(&r, "#define A 1\n" GEN "    yield B + 1; /* A */ // A\n"
                        "    puts(\"A\" \"B\"); yield 'A';\n"
                        "#define B 2\n"
                        "#if A\n"
                        "    yield 1 + 2;\n"
                        "#endif\n"
                        "#undef A\n"
                        "    yield A + 2;\n}\n"));
    mx_done(&r);
}

/* A function-like macro's name without `(` is not an invocation; one
 * spanning lines keeps the lines after it where they were. */
static void test_function_like_forms(void)
{
    run r = mx("#define F(x) (x + 1)\n" GEN "    int (*p)(int) = F;\n"
               "    yield F\n(\n2\n);\n    yield F(F(0));\n}\n");
    CU_ASSERT(mx_is(&r, "#define F(x) (x + 1)\n" GEN "    int (*p)(int) = F;\n"
                        "    yield (2 + 1)\n\n\n;\n"
                        "    yield ((0 + 1) + 1);\n}\n"));
    mx_done(&r);
}

static void test_conditions(void)
{
    run r = mx("#ifdef FROM_CC\n#define A 1\n#else\n#define A 2\n#endif\n"
               "#if 0\n#define B 1\n#elif 2 > 1\n#define B 2\n#else\n"
               "#define B 3\n#endif\n"
               "#define K 1\n#ifdef K\n#define C 3\n#endif\n"
               "#undef K\n#ifndef K\n#define D 4\n#endif\n"
               "#if defined(K) || defined FROM_CC\n#define E 5\n#endif\n"
               "#ifndef DEFAULTED\n#define DEFAULTED 6\n#endif\n"
               "#if LEVEL > 1\n#define G 7\n#elif 1\n#define H 8\n#endif\n"
               "#define LVL 3\n#if LVL * 2 == 6 && !defined(K)\n"
               "#define I 9\n#endif\n"
               "#ifdef FROM_CC\n#if 1\n#define J 10\n#endif\n#endif\n" GEN
               "    yield A + B + C + D + E + DEFAULTED + G + H + I + J;\n}\n");
    CU_ASSERT_PTR_NOT_NULL(
        strstr(r.src->text, "yield A + 2 + 3 + 4 + E + DEFAULTED + G + H + "
                            "9 + J;"));
    mx_done(&r);
}

/* An include guard, the file's first directive, is decided. */
static void test_include_guard(void)
{
    run r = mx("#ifndef M_AC\n#define M_AC\n#define A 1\n" GEN
               "    yield A;\n}\n#endif\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "yield 1;"));
    mx_done(&r);
    /* not the first directive: a default the command line may change */
    r = mx("#define Q 1\n#ifndef M_AC\n#define M_AC\n#define A 1\n#endif\n" GEN
           "    yield A;\n}\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "yield A;"));
    mx_done(&r);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

/* Macros of .ah headers, found next to the file or with -I, each read
 * once; one included under an undecidable condition is left alone. */
static void test_headers(void)
{
    char dir[] = "/tmp/tr_macro_XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char inc[64], a[96], b[96], c[96], src[96];
    snprintf(inc, sizeof inc, "%s/inc", dir);
    mkdir(inc, 0700);
    snprintf(a, sizeof a, "%s/a.ah", dir);
    snprintf(b, sizeof b, "%s/b.ah", inc);
    snprintf(c, sizeof c, "%s/c.ah", inc);
    snprintf(src, sizeof src, "%s/m.ac", dir);
    write_file(a, "#ifndef A_AH\n#define A_AH\n#include \"b.ah\"\n"
                  "#define FROM_A 1\n#endif\n");
    write_file(b, "#pragma once\n#define FROM_B(x) (x * 2)\n");
    write_file(c, "#define FROM_C 3\n");
    const char *inc_dirs[] = {inc};
    ac_macro_opts opts = {inc_dirs, 1};
    run r = mx_path(src,
                    "#include \"a.ah\"\n#include \"a.ah\"\n"
                    "#ifdef FROM_CC\n#include \"c.ah\"\n#endif\n"
                    "#include \"b.h\"\n" GEN
                    "    yield FROM_A + FROM_B(2) + FROM_C;\n}\n",
                    &opts);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "yield 1 + (2 * 2) + FROM_C;"));
    mx_done(&r);
    /* without the -I directory, b.ah is not found: unit.c reports it */
    r = mx_path(src, "#include \"a.ah\"\n" GEN "    yield FROM_A;\n}\n", NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "yield 1;"));
    CU_ASSERT_EQUAL(r.errors, 0);
    mx_done(&r);
    unlink(a);
    unlink(b);
    unlink(c);
    rmdir(inc);
    rmdir(dir);
}

/* Positions in the expanded text report the original's lines and
 * columns; an expansion's bytes, the invocation's start. */
static void test_positions(void)
{
    const char *text = "#define TWO(a, b) a + b\n" GEN
                       "    yield TWO(1,\n              2) + x;\n}\n";
    run r = mx(text);
    const char *t = r.src->text;
    int line, col;
    uint32_t one = (uint32_t)(strstr(t, "1 + 2") - t);
    ac_source_position(r.src, one, &line, &col);
    CU_ASSERT_EQUAL(line, 4);
    CU_ASSERT_EQUAL(col, 11);
    ac_source_position(r.src, one + 4, &line, &col);
    CU_ASSERT_EQUAL(line, 4);
    CU_ASSERT_EQUAL(col, 11);
    uint32_t x = (uint32_t)(strstr(t, "x;") - t);
    ac_source_position(r.src, x, &line, &col);
    CU_ASSERT_EQUAL(line, 5);
    CU_ASSERT_EQUAL(col, 20);
    CU_ASSERT_EQUAL(ac_source_orig_offset(r.src, x),
                    (uint32_t)(strstr(text, "x;") - text));
    ac_source_position(r.src, (uint32_t)(strstr(t, "}") - t), &line, &col);
    CU_ASSERT_EQUAL(line, 6);
    CU_ASSERT_EQUAL(col, 1);
    ac_source_position(r.src, 0, &line, &col);
    CU_ASSERT_EQUAL(line, 1);
    CU_ASSERT_EQUAL(col, 1);
    /* a diagnostic shows the original line */
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    ac_diag d;
    ac_diag_init(&d, f);
    ac_diag_error(&d, r.src, one + 2, "here");
    fclose(f);
    CU_ASSERT_STRING_EQUAL(out, "m.ac:4:11: error: here\n"
                                "    4 |     yield TWO(1,\n"
                                "      |           ^\n");
    free(out);
    mx_done(&r);
}

static void test_builtins(void)
{
    run r = mx("#define WHERE __FILE__, __LINE__\n" GEN "\n    f(WHERE);\n}\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "f(\"m.ac\", 5);"));
    mx_done(&r);
}

/* Recursion is bounded by the hide sets; depth and size by the caps. */
static void test_caps(void)
{
    ac_buf b;
    ac_buf_init(&b);
    for (int i = 0; i < 300; i++)
        ac_buf_printf(&b, "#define M%d M%d\n", i, i + 1);
    ac_buf_puts(&b, GEN "    int v = 1;\n    v = M0;\n}\n");
    run r = mx(b.data);
    CU_ASSERT_EQUAL(r.rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.diag, "m.ac:304:9: error: macro 'M0' "
                                          "expands too deeply"));
    CU_ASSERT_PTR_NULL(r.src->orig);
    mx_done(&r);
    ac_buf_free(&b);
    r = mx("#define a a b\n#define b a\n" GEN "    a;\n}\n");
    CU_ASSERT_EQUAL(r.rc, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "    a a;\n"));
    mx_done(&r);
}

static void test_invocation_errors(void)
{
    static const struct {
        const char *body, *diag;
    } cases[] = {
        {"F(1, 2)", "m.ac:4:5: error: macro 'F' takes 1 argument, but 2 given"},
        {"Z(1)", "m.ac:4:5: error: macro 'Z' takes 0 arguments, but 1 given"},
        {"V()", "m.ac:4:5: error: macro 'V' takes at least 2 arguments, but 1 "
                "given"},
        {"P(a, .)", "pasting \"a\" and \".\" does not give a valid"},
        {"F((1)", "m.ac:4:5: error: unterminated argument list invoking "
                  "macro 'F'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ac_buf b;
        ac_buf_init(&b);
        ac_buf_printf(&b,
                      "#define F(x) x\n#define Z() 0\n#define P(a, b) a##b\n"
                      "#define V(a, b, ...) a\n" GEN "    %s;\n}\n",
                      cases[i].body);
        /* the defines take four lines: the body's line is 7 */
        run r = mx(b.data);
        CU_ASSERT_EQUAL(r.rc, -1);
        char want[256];
        snprintf(want, sizeof want, "%s", cases[i].diag);
        char *at = strstr(want, "m.ac:4:");
        if (at)
            at[5] = '7';
        if (strstr(r.diag, want) == NULL)
            fprintf(stderr, "\nwant %s\ngot %s\n", want, r.diag);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.diag, want));
        mx_done(&r);
        ac_buf_free(&b);
    }
    /* variadic: the variable arguments may be left out */
    run r = mx("#define V(a, ...) a __VA_ARGS__\n" GEN
               "    V(1); V(2, 3, 4);\n}\n");
    CU_ASSERT_EQUAL(r.rc, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.src->text, "    1; 2 3, 4;\n"));
    mx_done(&r);
}

int main(void)
{
    static const test_case tests[] = {
        {"simple", test_simple},
        {"nothing to expand", test_nothing_to_expand},
        {"kinds of functions", test_kinds_of_functions},
        {"standard examples", test_standard_examples},
        {"untouched and order", test_untouched_and_order},
        {"function-like forms", test_function_like_forms},
        {"conditions", test_conditions},
        {"include guard", test_include_guard},
        {"headers", test_headers},
        {"positions", test_positions},
        {"builtins", test_builtins},
        {"caps", test_caps},
        {"invocation errors", test_invocation_errors},
        {NULL, NULL}};
    return run_suite("macro", tests);
}
