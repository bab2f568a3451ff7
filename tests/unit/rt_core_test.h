/* rt_core_test.h - helpers shared by the runtime-core unit tests
 * (rt_exc.c, rt_gen*.c, rt_coro*.c). */
#ifndef RT_CORE_TEST_H
#define RT_CORE_TEST_H

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asyncc.h"

/* Allocation failures are part of the tests: let ASan return NULL. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

/* What a block of code writes to stderr. */
typedef struct capture {
    int saved_fd;
    FILE *tmp;
} capture;

static inline void capture_begin(capture *c)
{
    fflush(stderr);
    c->tmp = tmpfile();
    c->saved_fd = dup(2);
    dup2(fileno(c->tmp), 2);
}

/* The captured text (malloc'd). */
static inline char *capture_end(capture *c)
{
    fflush(stderr);
    dup2(c->saved_fd, 2);
    close(c->saved_fd);
    long n = ftell(c->tmp);
    char *s = calloc(1, (size_t)n + 1);
    rewind(c->tmp);
    if (n > 0 && fread(s, 1, (size_t)n, c->tmp) != (size_t)n)
        s[0] = '\0';
    fclose(c->tmp);
    return s;
}

/* ac_exc_print into a string (malloc'd). */
static inline char *print_to_string(const ac_exc *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ac_exc_print(e, out);
    fclose(out);
    return buf;
}

/* Fetches the current exception and checks its type and message. */
#define ASSERT_RAISED(type, text)                                              \
    do {                                                                       \
        ac_exc *e_ = ac_err_fetch();                                           \
        CU_ASSERT_PTR_NOT_NULL_FATAL(e_);                                      \
        CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e_), (type).name);             \
        CU_ASSERT_TRUE(ac_exc_matches(e_, &(type)));                           \
        CU_ASSERT_STRING_EQUAL(ac_exc_message(e_), text);                      \
        ac_decref(e_);                                                         \
    } while (0)

typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case;

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
