/* rt_err_unfetched.c - an exception nobody fetched is never lost
 * silently: replaced by another, or current when its thread or the
 * program ends, it is reported as Python's unraisable hook would. */
#include <pthread.h>
#include <sys/wait.h>

#include <asyncc.h>

#include "rt_test_util.h"

static void set_with_frame(const char *msg)
{
    ac_err_set(ac_exc_new(&ac_ValueError, "%s", msg));
    ac__err_add_frame("loop_fn", "where.ac", 7);
}

static void test_replaced_is_reported(void)
{
    capture c;
    capture_begin(&c);
    set_with_frame("first");
    ac_err_set(ac_exc_new(&ac_KeyError, "second"));
    char *err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(
        err, "Exception ignored in: the unfetched exception replaced by "
             "KeyError\n"
             "Traceback (most recent call last):\n"
             "  File \"where.ac\", line 7, in loop_fn\n"
             "ValueError: first\n");
    free(err);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(ac_err_occurred()), "second");
    ac_err_clear();
}

/* Fetching, clearing, or setting the same object again loses nothing. */
static void test_quiet_cases(void)
{
    capture c;
    capture_begin(&c);
    set_with_frame("fetched");
    ac_exc *e = ac_err_fetch();
    ac_err_set(ac_exc_new(&ac_ValueError, "then another"));
    ac_err_clear();
    ac_err_set(e);
    ac_incref(e);
    ac_err_set(e); /* the same one */
    ac_err_clear();
    ac_err_format(&ac_TypeError, "formatted");
    ac_decref(ac_err_fetch());
    char *err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
}

static void *leave_one(void *arg)
{
    (void)arg;
    set_with_frame("in a thread");
    return NULL;
}

static void test_thread_exit_is_reported(void)
{
    capture c;
    capture_begin(&c);
    pthread_t th;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, leave_one, NULL), 0);
    pthread_join(th, NULL);
    char *err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(
        err, "Exception ignored in: the unfetched exception at thread exit\n"
             "Traceback (most recent call last):\n"
             "  File \"where.ac\", line 7, in loop_fn\n"
             "ValueError: in a thread\n");
    free(err);
    CU_ASSERT_PTR_NULL(ac_err_occurred()); /* ours is another thread's */
}

/* The program ends (exit, or main returning) with one current. */
static void test_program_exit_is_reported(void)
{
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        set_with_frame("at the end");
        exit(0);
    }
    close(fds[1]);
    char buf[512] = "";
    size_t n = 0;
    ssize_t r;
    while (n + 1 < sizeof buf &&
           (r = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = '\0';
    close(fds[0]);
    int status = -1;
    waitpid(pid, &status, 0);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CU_ASSERT_STRING_EQUAL(
        buf, "Exception ignored in: the unfetched exception at exit\n"
             "Traceback (most recent call last):\n"
             "  File \"where.ac\", line 7, in loop_fn\n"
             "ValueError: at the end\n");
}

int main(void)
{
    static const test_case tests[] = {
        {"replaced is reported", test_replaced_is_reported},
        {"fetch, clear, same object: quiet", test_quiet_cases},
        {"thread exit is reported", test_thread_exit_is_reported},
        {"program exit is reported", test_program_exit_is_reported},
        {NULL, NULL},
    };
    return run_suite("rt_err_unfetched", tests);
}
