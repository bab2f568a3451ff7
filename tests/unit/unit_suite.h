/* unit_suite.h - a CUnit suite run from a table of tests, the main of
 * every unit test program. */
#ifndef UNIT_SUITE_H
#define UNIT_SUITE_H

#include <CUnit/Basic.h>

typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case;

/* Runs tests (ended by a NULL name) as one suite; the exit status. */
static inline int run_suite(const char *name, const test_case *tests)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite(name, NULL, NULL);
    for (const test_case *t = tests; t->name != NULL; t++)
        CU_add_test(s, t->name, t->fn);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed =
        CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed != 0;
}

#endif
