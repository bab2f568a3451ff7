/* tr_lower_emit.c - CUnit tests of the back end: C (pass-through, #line,
 * prototypes, the shape of generated code, which compiles warning-free),
 * JSON and DOT. */
#include <CUnit/Basic.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "frontend/unit.h"

static char *translate(const char *text, ac_emit_kind kind, bool lines, int *rc)
{
    ac_unit_opts opts = {0};
    ac_diag d;
    ac_diag_init(&d, NULL);
    ac_unit *u = ac_unit_from_string("t.ac", text, &opts, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    ac_emit_opts eo = {kind, lines, NULL};
    ac_buf out;
    ac_buf_init(&out);
    *rc = ac_translate(u, &eo, &out, &d);
    ac_unit_free(u);
    return ac_buf_steal(&out);
}

/* The t.ac line the output line holding needle maps to by the #line
 * directives before it; -1: the output itself (a directive naming t.c,
 * on the line it names); 0: not found. */
static int mapped_line(const char *out, const char *needle)
{
    const char *hit = strstr(out, needle);
    if (!hit)
        return 0;
    int phys = 1, line = 1, src = 0;
    for (const char *p = out; p < hit; p++) {
        if (*p != '\n')
            continue;
        phys++;
        line++;
        int n;
        char file[64];
        if (sscanf(p + 1, "#line %d \"%63[^\"]\"", &n, file) == 2) {
            src = strcmp(file, "t.ac") == 0;
            CU_ASSERT(src || (strcmp(file, "t.c") == 0 && n == phys + 1));
            line = n - 1; /* the directive's own line comes next */
        }
    }
    return src ? line : -1;
}

static const char *const gen_src =
    "#include <asyncc.h>\n"
    "generator(long, int, int) count(long n)\n"
    "{\n"
    "    try {\n"
    "        for (long i = 0; i < n; i++) {\n"
    "            int got = yield i;\n"
    "            if (got)\n"
    "                break;\n"
    "        }\n"
    "    } catch (ac_ValueError | ac_KeyError e) {\n"
    "        return -1;\n"
    "    } finally {\n"
    "        n = 0;\n"
    "    }\n"
    "    return 1;\n"
    "}\n"
    "generator(long) proto(void);\n"
    "static int user(void)\n"
    "{\n"
    "    long t = 0;\n"
    "    for (long v in count(3))\n"
    "        t += v;\n"
    "    return (int)t;\n"
    "}\n"
    "async int one(void)\n"
    "{\n"
    "    await ac_sleep(0);\n"
    "    return 1;\n"
    "}\n";

static void test_pass_through(void)
{
    const char *plain = "/* no annotations */\nint in(int generator)\n{\n"
                        "    int async = generator, await = 1;\n"
                        "    return async + await;\n}\n";
    int rc;
    char *out = translate(plain, AC_EMIT_C, true, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_STRING_EQUAL(out, plain);
    free(out);
}

static void test_c_shape(void)
{
    int rc;
    char *out = translate(gen_src, AC_EMIT_C, true, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "typedef struct count__frame {"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "    long i; /* t.ac:5 */"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "int ac_result;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ac_gen *count(long n)\n{"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "static int count__resume(ac_frame *ac_f)"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "static void count__drop(ac_frame *ac_f)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "goto ac_s1; /* t.ac:6: yield */"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ac_fr->got = AC__SENT(ac_f, int);"));
    /* each catch type on its own line and column */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "ac_exc_matches(ac_fr->ac_exc1, &\n#line 10 \"t.ac\"\n"
                    "             ac_ValueError) || "
                    "ac_exc_matches(ac_fr->ac_exc1, &\n#line 10 \"t.ac\"\n"
                    "                             ac_KeyError)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ac_gen *proto(void);"));
    /* a for-in over a new generator of this file owns it: direct resume
     * calls (linked into the running frames, since count has a try: its
     * handlers' exceptions are context for what it calls), the value read
     * from the yield slot */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "ac__gen_iter_start((ac_frame *)ac_it1);"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "int ac_r = ac__gen_resume_linked((ac_frame *)ac_it1, "
                    "count__resume);"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "((count__frame *)ac_it1)->ac_yv;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ac_fr->ac_yv = ("));
    /* a generator's head carries sent and out, a coroutine's does not;
     * only code with handlers keeps what it handles */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "count__frame {\n    ac_gen_frame ac_hdr;\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "one__frame {\n    ac_frame ac_hdr;\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ac_exc *ac_handled;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "ac_fr->ac_handled = ac_fr->ac_exc1;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "offsetof(count__frame, ac_yv), "
                                       "offsetof(count__frame, ac_handled),"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "one__resume, one__drop, 0, 0,"));
    /* the line of each resume point, in a table: no store of a line at
     * an await or a yield */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "static const int count__lines[] = {2, 6};"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "count__lines, 2};"));
    CU_ASSERT_PTR_NULL(strstr(out, "ac_f->line"));
    CU_ASSERT_PTR_NULL(strstr(strstr(out, "one__frame {"), "ac_handled"));
    /* an await's awaitable is kept in the head's waiting field, not in a
     * field of its own (one await is in flight at a time) */
    const char *one = strstr(out, "one__frame {");
    CU_ASSERT_PTR_NULL(strstr(one, "void *ac_aw"));
    CU_ASSERT_PTR_NOT_NULL(strstr(one, "ac_fr->ac_hdr.waiting = ("));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(one, "ac__await_start_i(ac_f, &ac_fr->ac_hdr.waiting)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(one, "ac_decref(ac_fr->ac_hdr.waiting);"));
    CU_ASSERT_EQUAL(mapped_line(out, "if (ac_fr->got)"), 7);
    CU_ASSERT_EQUAL(mapped_line(out, "n = 0;"), 13);
    CU_ASSERT_EQUAL(mapped_line(out, "ac_fr->ac_yv = ("), 6);
    /* the translator's own code maps to the output itself */
    CU_ASSERT_EQUAL(mapped_line(out, "typedef struct count__frame {"), -1);
    CU_ASSERT_EQUAL(mapped_line(out, "switch (ac_f->state)"), -1);
    CU_ASSERT_EQUAL(mapped_line(out, "ac_unwind:"), -1);
    CU_ASSERT_EQUAL(mapped_line(out, "ac__frame_new(&count__code)"), -1);
    /* the code around the functions is untouched */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "static int user(void)\n{\n    long t = 0;\n"));
    free(out);
    out = translate(gen_src, AC_EMIT_C, false, &rc);
    CU_ASSERT_PTR_NULL(strstr(out, "#line"));
    free(out);
}

static void test_c_compiles(void)
{
    int rc;
    char *out = translate(gen_src, AC_EMIT_C, true, &rc);
    char path[] = "/tmp/tr_lower_emitXXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(out, f);
    fclose(f);
    /* runtime/include, found from this file's path (tests/unit/...) */
    char inc[400];
    snprintf(inc, sizeof inc, "%s", __FILE__);
    char *slash = strstr(inc, "/tests/unit/");
    CU_ASSERT_PTR_NOT_NULL_FATAL(slash);
    strcpy(slash, "/runtime/include");
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cc -std=c99 -Wall -Wextra -Werror -Wno-unused-function -x c -c "
             "-I '%s' '%s' -o /dev/null",
             inc, path);
    CU_ASSERT_EQUAL(system(cmd), 0);
    unlink(path);
    free(out);
}

static void test_json(void)
{
    int rc;
    char *out = translate(gen_src, AC_EMIT_JSON, true, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    json_error_t err;
    json_t *root = json_loads(out, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(root, "version")), 1);
    json_t *funcs = json_object_get(root, "functions");
    CU_ASSERT_EQUAL(json_array_size(funcs), 4); /* count, proto, user, one */
    json_t *count = json_array_get(funcs, 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(count, "name")),
                           "count");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(count, "kind")),
                           "generator");
    CU_ASSERT_STRING_EQUAL(
        json_string_value(json_object_get(count, "yield_type")), "long");
    CU_ASSERT_STRING_EQUAL(
        json_string_value(json_object_get(count, "send_type")), "int");
    CU_ASSERT_STRING_EQUAL(
        json_string_value(json_object_get(count, "result_type")), "int");
    json_t *states = json_object_get(count, "states");
    CU_ASSERT_EQUAL(json_array_size(states), 1);
    json_t *s1 = json_array_get(states, 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(s1, "line")), 6);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(s1, "col")), 23);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(s1, "what")),
                           "yield");
    json_t *tries = json_object_get(count, "try");
    CU_ASSERT_EQUAL(json_array_size(tries), 1);
    json_t *t = json_array_get(tries, 0);
    CU_ASSERT_TRUE(json_is_true(json_object_get(t, "finally")));
    json_t *types = json_array_get(json_object_get(t, "catch"), 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(types, 1)),
                           "ac_KeyError");
    json_t *frame = json_object_get(count, "frame");
    bool has_i = false;
    for (size_t i = 0; i < json_array_size(frame); i++) {
        json_t *fld = json_array_get(frame, i);
        if (strcmp(json_string_value(json_object_get(fld, "name")), "i") == 0)
            has_i = json_integer_value(json_object_get(fld, "line")) == 5;
    }
    CU_ASSERT_TRUE(has_i);
    json_t *user = json_array_get(funcs, 2);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(user, "kind")),
                           "function");
    json_t *loops = json_object_get(user, "for_in");
    CU_ASSERT_EQUAL(json_array_size(loops), 1);
    json_t *l0 = json_array_get(loops, 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(l0, "line")), 21);
    CU_ASSERT_TRUE(json_is_true(json_object_get(l0, "inline")));
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(l0, "generator")),
                           "count");
    json_decref(root);
    free(out);
}

static void test_dot(void)
{
    int rc;
    char *out = translate(gen_src, AC_EMIT_DOT, true, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    /* one graph for the file, a cluster per resumable function */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "digraph \"t.ac\" {"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "subgraph cluster_0 {"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "label=\"count (generator)\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "f0_s0 -> f0_s1 [label=\"resume\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "f0_s1 -> f0_s1 [label=\"loop back\""));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "f0_s1 -> f0_end [label=\"return/raise\""));
    CU_ASSERT_PTR_NULL(strstr(out, "(plain)")); /* not resumable */
    free(out);
}

static void test_errors_write_nothing(void)
{
    int rc;
    char *out = translate("generator(int) g(int n) { int a[n]; yield a[0]; }\n",
                          AC_EMIT_C, true, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
}

int main(void)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"pass-through", test_pass_through},
        {"C shape", test_c_shape},
        {"C compiles", test_c_compiles},
        {"JSON", test_json},
        {"DOT", test_dot},
        {"errors write nothing", test_errors_write_nothing},
    };
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    CU_pSuite s = CU_add_suite("lowering emit", NULL, NULL);
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++)
        CU_add_test(s, tests[i].name, tests[i].fn);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
