/* tr_front_unit.c - CUnit tests of translation units: the tree-sitter
 * parse of the masked text, syntax errors, and the .ah headers a unit
 * includes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit_suite.h"
#include "frontend/unit.h"

const TSLanguage *tree_sitter_c(void);

/* Loads text as "u.ac"; diagnostics go to *diag (caller frees). */
static ac_unit *load_string(const char *text, char **diag, int *errors)
{
    size_t n = 0;
    *diag = NULL;
    FILE *f = open_memstream(diag, &n);
    ac_diag d;
    ac_diag_init(&d, f);
    ac_unit *u = ac_unit_from_string("u.ac", text, NULL, &d);
    fclose(f);
    *errors = d.errors;
    return u;
}

/* The outermost node of the given type that starts at offset. */
static TSNode node_at(const ac_unit *u, uint32_t offset, const char *type)
{
    TSNode n = ts_node_descendant_for_byte_range(u->root, offset, offset);
    TSNode found = {0};
    for (; !ts_node_is_null(n); n = ts_node_parent(n))
        if (ts_node_start_byte(n) == offset &&
            strcmp(ts_node_type(n), type) == 0)
            found = n;
    return found;
}

static uint32_t offset_of(const ac_unit *u, const char *needle)
{
    return (uint32_t)(strstr(u->src->text, needle) - u->src->text);
}

static void test_grammar_abi(void)
{
    uint32_t v = ts_language_version(tree_sitter_c());
    CU_ASSERT(v >= TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION);
    CU_ASSERT(v <= TREE_SITTER_LANGUAGE_VERSION);
}

static void test_parse_resumable(void)
{
    const char *text = "#include <asyncc.h>\n"
                       "async generator(long) ag(void);\n"
                       "async int f(int x)\n"
                       "{\n"
                       "    int y = await g(x) + 1;\n"
                       "    try {\n"
                       "        throw mk();\n"
                       "    } catch (ac_OSError e) {\n"
                       "    } finally {\n"
                       "    }\n"
                       "    async with (struct cm *c = open()) { y++; }\n"
                       "    async for (long v in ag()) y += v;\n"
                       "    return y;\n"
                       "}\n";
    char *diag;
    int errors;
    ac_unit *u = load_string(text, &diag, &errors);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL(errors, 0);
    CU_ASSERT_FALSE(u->is_header);
    CU_ASSERT_FALSE(ts_node_has_error(u->root));
    CU_ASSERT_STRING_EQUAL(ts_node_type(u->root), "translation_unit");

    uint32_t aw = offset_of(u, "await");
    const ac_kw *kw = ac_unit_kw_at(u, aw);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kw);
    CU_ASSERT_EQUAL(kw->kind, AC_KW_AWAIT);
    TSNode un = node_at(u, aw, "unary_expression");
    CU_ASSERT_FALSE_FATAL(ts_node_is_null(un));
    size_t len;
    const char *t = ac_node_text(u, un, &len);
    CU_ASSERT_EQUAL(len, strlen("await g(x)"));
    CU_ASSERT_EQUAL(strncmp(t, "await g(x)", len), 0);

    CU_ASSERT_FALSE(ts_node_is_null(
        node_at(u, offset_of(u, "{\n        throw"), "compound_statement")));
    CU_ASSERT_FALSE(
        ts_node_is_null(node_at(u, offset_of(u, "throw"), "unary_expression")));
    CU_ASSERT_FALSE(ts_node_is_null(
        node_at(u, offset_of(u, "async with"), "if_statement")));
    CU_ASSERT_FALSE(ts_node_is_null(
        node_at(u, offset_of(u, "for (long"), "for_statement")));
    kw = ac_unit_kw_at(u, offset_of(u, "in ag"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(kw);
    CU_ASSERT_EQUAL(kw->kind, AC_KW_IN);
    CU_ASSERT_PTR_NULL(ac_unit_kw_at(u, aw + 1));
    ac_unit_free(u);
    free(diag);
}

static void test_syntax_errors(void)
{
    char *diag;
    int errors;
    /* in resumable functions they are errors; in a plain one, not */
    ac_unit *u = load_string("async int f(int x)\n{\n    x = x + 1\n"
                             "    return x;\n}\nint h(void) { return @; }\n"
                             "async int g(void) { return @; }\n",
                             &diag, &errors);
    CU_ASSERT_PTR_NULL(u);
    CU_ASSERT_EQUAL(errors, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(diag, "u.ac:3:14: error: syntax error: "
                                        "missing ';'\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(diag, "u.ac:7:28: error: syntax error: "
                                        "unexpected '@' in a function asyncc "
                                        "rewrites"));
    CU_ASSERT_PTR_NOT_NULL(strstr(diag, "move it into a plain helper"));
    free(diag);
    u = load_string("async int f(void) {", &diag, &errors);
    CU_ASSERT_PTR_NULL(u);
    CU_ASSERT_PTR_NOT_NULL(strstr(diag, "syntax error: missing '}'"));
    free(diag);
    /* a plain function holding a for-in loop is rewritten too */
    u = load_string("void p(void) { for (int v in g()) use(v) }\n", &diag,
                    &errors);
    CU_ASSERT_PTR_NULL(u);
    CU_ASSERT_PTR_NOT_NULL(strstr(diag, "u.ac:1:41: error: syntax error: "
                                        "missing ';'"));
    free(diag);
}

static void test_syntax_error_cap(void)
{
    char text[4000] = "async int f(void) {\n";
    for (int i = 0; i < 200; i++)
        strcat(text, "    int @;\n");
    strcat(text, "}\n");
    char *diag;
    int errors;
    ac_unit *u = load_string(text, &diag, &errors);
    CU_ASSERT_PTR_NULL(u);
    CU_ASSERT(errors >= 1 && errors <= 20);
    CU_ASSERT_PTR_NOT_NULL(strstr(diag, "u.ac:2:9: error: syntax error"));
    free(diag);
}

/* What the C grammar cannot read outside the functions asyncc rewrites:
 * no error, and the resumable function beside it is found whole. */
static void expect_found_beside(const char *junk)
{
    char text[2000];
    snprintf(text, sizeof text,
             "%s\nstatic async int g(void) { return await h(); }\nint z;\n",
             junk);
    char *diag;
    int errors;
    ac_unit *u = load_string(text, &diag, &errors);
    if (u == NULL)
        fprintf(stderr, "\nnot loaded beside [%s]:\n%s", junk, diag);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL(errors, 0);
    uint32_t at = offset_of(u, "static async");
    TSNode def = node_at(u, at, "function_definition");
    CU_ASSERT_FALSE(ts_node_is_null(def));
    CU_ASSERT_FALSE(ts_node_has_error(def));
    CU_ASSERT_EQUAL(ts_node_end_byte(def), offset_of(u, "\nint z;"));
    if (errors || ts_node_is_null(def))
        fprintf(stderr, "\nnot found beside [%s]:\n%s", junk, diag ? diag : "");
    ac_unit_free(u);
    free(diag);
}

static void test_junk_outside(void)
{
    /* tree-sitter-c's recovery swallows the next function into these */
    expect_found_beside("int arr[10] __attribute__((aligned(16)));");
    expect_found_beside("int x = (1 + ;");
    expect_found_beside("case 3: break;");
    /* and reads these as errors in place */
    expect_found_beside("void f(int x) { switch (x) { case 1: x++; "
                        "__attribute__((fallthrough)); case 2: break; } }");
    expect_found_beside("struct bits { unsigned a : 3; unsigned : 5; };");
    expect_found_beside("int v(va_list ap) { return va_arg(ap, const char *) "
                        "!= 0; }");
    expect_found_beside("static int MAYBE_UNUSED mu(void) { return 0; }");
    expect_found_beside("void fe(int n) { FOREACH(i, n) { use(i); } }");
    expect_found_beside("_Pragma(\"GCC diagnostic push\")");
    expect_found_beside("#if 0\nit's { not C\n#endif");
    expect_found_beside("#define EMPTY(a)  \n#ifdef X\n#define Y \n#endif");
    expect_found_beside(")");
}

static void test_plain_file_not_parsed(void)
{
    /* nothing to rewrite: the tree is empty, errors do not matter */
    char *diag;
    int errors;
    ac_unit *u = load_string("int f(void) { return @; }\n", &diag, &errors);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL(errors, 0);
    CU_ASSERT_EQUAL(ts_node_child_count(u->root), 0);
    ac_unit_free(u);
    free(diag);
}

static void test_prepass_errors_stop_parse(void)
{
    char *diag;
    int errors;
    ac_unit *u = load_string("char *s = \"open;\nint x", &diag, &errors);
    CU_ASSERT_PTR_NULL(u);
    CU_ASSERT_EQUAL(errors, 1); /* no syntax errors piled on top */
    CU_ASSERT_PTR_NOT_NULL(strstr(diag, "missing terminating"));
    free(diag);
}

/* ---- includes ----------------------------------------------------------- */

static char dir[] = "/tmp/tr_front_unit.XXXXXX";

static void put(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static ac_unit *load_file(const char *name, const ac_unit_opts *opts,
                          char **diag, int *errors)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t n = 0;
    FILE *f = open_memstream(diag, &n);
    ac_diag d;
    ac_diag_init(&d, f);
    ac_unit *u = ac_unit_load(path, opts, &d);
    fclose(f);
    *errors = d.errors;
    return u;
}

static void test_includes(void)
{
    put("sub/b.ah", "#include \"../a.ah\"\nasync int b(void);\n");
    put("a.ah", "#include \"b.ah\"\ngenerator(int) a(void);\n");
    put("main.ac", "#include \"a.ah\"\n#include \"b.ah\"\n#include <stdio.h>\n"
                   "int main(void) { return 0; }\n");
    char inc[300];
    snprintf(inc, sizeof inc, "%s/sub", dir);
    const char *dirs[] = {inc};
    ac_unit_opts opts = {dirs, 1};
    char *diag;
    int errors;
    ac_unit *u = load_file("main.ac", &opts, &diag, &errors);
    CU_ASSERT_EQUAL(errors, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL_FATAL(u->nincludes, 2);
    ac_unit *a = u->includes[0], *b = u->includes[1];
    CU_ASSERT_TRUE(a->is_header);
    CU_ASSERT_TRUE(b->is_header);
    CU_ASSERT_PTR_NOT_NULL(strstr(a->src->path, "/a.ah"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b->src->path, "sub/b.ah"));
    /* each file once: main includes a and b, a includes b, and b's
     * include of a (spelled differently) would close a cycle: no edge */
    CU_ASSERT_EQUAL_FATAL(a->nincludes, 1);
    CU_ASSERT_PTR_EQUAL(a->includes[0], b);
    CU_ASSERT_EQUAL(b->nincludes, 0);
    CU_ASSERT_EQUAL(a->pp.nkws, 1); /* the generator header was pre-passed */
    CU_ASSERT_FALSE(ts_node_is_null(a->root));
    const char **paths;
    size_t n = ac_unit_files(u, &paths);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_PTR_EQUAL(paths[0], u->src->path);
    CU_ASSERT_PTR_EQUAL(paths[1], a->src->path);
    CU_ASSERT_PTR_EQUAL(paths[2], b->src->path);
    free(paths);
    ac_unit_free(u);
    free(diag);
    /* without the -I directory, b.ah is missing: the error points at the
     * quote of the #include in a.ah */
    u = load_file("main.ac", NULL, &diag, &errors);
    CU_ASSERT_PTR_NULL(u);
    CU_ASSERT(errors >= 1);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(diag, "a.ah:1:10: error: 'b.ah': No such file or directory"));
    free(diag);
}

static void test_self_include(void)
{
    put("self.ah", "#include \"self.ah\"\nasync int s(void);\n");
    put("self.ac", "#include \"self.ah\"\n#include \"self.ah\"\n");
    char *diag;
    int errors;
    ac_unit *u = load_file("self.ac", NULL, &diag, &errors);
    CU_ASSERT_EQUAL(errors, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL_FATAL(u->nincludes, 2);
    CU_ASSERT_PTR_EQUAL(u->includes[0], u->includes[1]);
    CU_ASSERT_EQUAL(u->includes[0]->nincludes, 0);
    CU_ASSERT_EQUAL(u->nloaded, 2);
    ac_unit_free(u);
    free(diag);
}

static void test_header_errors(void)
{
    put("bad.ah", "int f(void) { yield x; }\n");
    put("usebad.ac", "#include \"bad.ah\"\n");
    char *diag;
    int errors;
    ac_unit *u = load_file("usebad.ac", NULL, &diag, &errors);
    CU_ASSERT_PTR_NULL(u);
    CU_ASSERT_EQUAL(errors, 1);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(diag, "bad.ah:1:15: error: 'yield' outside a generator"));
    free(diag);
}

static void test_unreadable(void)
{
    char *diag;
    int errors;
    errno = 0;
    ac_unit *u = load_file("does_not_exist.ac", NULL, &diag, &errors);
    CU_ASSERT_PTR_NULL(u);
    CU_ASSERT_EQUAL(errno, ENOENT);
    CU_ASSERT_EQUAL(errors, 0);
    CU_ASSERT_TRUE(diag == NULL || diag[0] == '\0');
    free(diag);
}

int main(void)
{
    static const test_case tests[] = {
        {"grammar ABI", test_grammar_abi},
        {"parse resumable", test_parse_resumable},
        {"syntax errors", test_syntax_errors},
        {"syntax error cap", test_syntax_error_cap},
        {"junk outside", test_junk_outside},
        {"plain file not parsed", test_plain_file_not_parsed},
        {"pre-pass errors stop the parse", test_prepass_errors_stop_parse},
        {"includes", test_includes},
        {"self include", test_self_include},
        {"header errors", test_header_errors},
        {"unreadable", test_unreadable},
        {NULL, NULL}};
    if (mkdtemp(dir) == NULL)
        return 2;
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    int failed = run_suite("front unit", tests);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        failed++;
    return failed ? 1 : 0;
}
