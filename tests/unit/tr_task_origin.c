/* tr_task_origin.c - the call sites whose coroutine is made with room for
 * its task (ac__set_task_origin, docs/DESIGN.md "A task and its coroutine
 * frame: one block"): the coroutine argument of ac_create_task,
 * ac_loop_create_task and ac_task_group_create_task, when it is a direct
 * call of a known coroutine with no coroutine call in its own arguments;
 * every other coroutine call keeps ac__set_origin. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "frontend/unit.h"

static const char *const src =
    "#include <asyncc.h>\n"
    "async int work(int x) { await ac_sleep(0); return x; }\n"
    "async int wrap(ac_coro *c) { int v = await c; ac_decref(c); return v; }\n"
    "async int amain(ac_task_group *tg)\n"
    "{\n"
    "    ac_task *a = ac_create_task(work(1), NULL);\n" /* 6 */
    "    ac_task *b = ac_loop_create_task(ac_get_running_loop(), work(2), "
    "\"b\");\n"
    "    ac_task_group_create_task(tg, work(3), NULL);\n"     /* 8 */
    "    ac_task *d = ac_create_task(wrap(work(4)), NULL);\n" /* 9 */
    "    ac_coro *c = work(5);\n"                             /* 10 */
    "    ac_task *e = ac_create_task(c, NULL);\n"
    "    int v = await work(12);\n" /* 12 */
    "    ac_decref(a); ac_decref(b); ac_decref(d); ac_decref(e);\n"
    "    return v;\n"
    "}\n";

static char *translate(void)
{
    ac_unit_opts opts = {0};
    ac_diag d;
    ac_diag_init(&d, NULL);
    ac_unit *u = ac_unit_from_string("t.ac", src, &opts, &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    ac_emit_opts eo = {AC_EMIT_C, false, NULL};
    ac_buf out;
    ac_buf_init(&out);
    CU_ASSERT_EQUAL(ac_translate(u, &eo, &out, &d), 0);
    ac_unit_free(u);
    return ac_buf_steal(&out);
}

static int count(const char *out, const char *fn, int line)
{
    char needle[64];
    snprintf(needle, sizeof needle, "%s(\"t.ac:%d\")", fn, line);
    int n = 0;
    for (const char *p = out; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static void test_sites(void)
{
    char *out = translate();
    /* the task constructors' coroutine arguments */
    CU_ASSERT_EQUAL(count(out, "ac__set_task_origin", 6), 1);
    CU_ASSERT_EQUAL(count(out, "ac__set_task_origin", 7), 1);
    CU_ASSERT_EQUAL(count(out, "ac__set_task_origin", 8), 1);
    for (int line = 6; line <= 8; line++)
        CU_ASSERT_EQUAL(count(out, "ac__set_origin", line), 0);
    /* a coroutine made inside the argument: neither gets the room */
    CU_ASSERT_EQUAL(count(out, "ac__set_task_origin", 9), 0);
    CU_ASSERT_EQUAL(count(out, "ac__set_origin", 9), 2);
    /* made before the task, and awaited */
    CU_ASSERT_EQUAL(count(out, "ac__set_task_origin", 10), 0);
    CU_ASSERT_EQUAL(count(out, "ac__set_origin", 10), 1);
    CU_ASSERT_EQUAL(count(out, "ac__set_task_origin", 12), 0);
    CU_ASSERT_EQUAL(count(out, "ac__set_origin", 12), 1);
    free(out);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    CU_pSuite s = CU_add_suite("task call sites", NULL, NULL);
    CU_add_test(s, "which calls get a task's room", test_sites);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
