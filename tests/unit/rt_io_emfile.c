/* rt_io_emfile.c - connecting with no descriptor left: OSError EMFILE with
 * Python's message every time, and a descriptor freed by anyone (a plain
 * close(), not the runtime's) is usable by the very next connect. */
#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "rt_io_util.h"
#include "rt_test_util.h"
#include "io/sock.h"

enum { MAX_FILLERS = 256 };

typedef struct scene {
    ac_loop *loop;
    int port;
} scene;

static void expect_emfile(int fd)
{
    CU_ASSERT_EQUAL(fd, -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(ac_exc_errno(e), EMFILE);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "[Errno 24] Too many open files");
    ac_decref(e);
}

/* Runs on the loop (the check is the running loop's). */
static void connect_without_descriptors(void *arg)
{
    scene *sc = arg;
    ac_sockaddr sa;
    ac__sock_addr("127.0.0.1", sc->port, &sa);
    struct rlimit old, low;
    CU_ASSERT_EQUAL_FATAL(getrlimit(RLIMIT_NOFILE, &old), 0);
    low = old;
    low.rlim_cur = (rlim_t)count_fds() + 8;
    CU_ASSERT_EQUAL_FATAL(setrlimit(RLIMIT_NOFILE, &low), 0);
    int fillers[MAX_FILLERS], n = 0, in_progress;
    while (n < MAX_FILLERS && (fillers[n] = dup(STDERR_FILENO)) >= 0)
        n++;
    CU_ASSERT_TRUE(n > 0 && n < MAX_FILLERS);
    expect_emfile(ac__sock_connect(&sa, "127.0.0.1", sc->port, &in_progress));
    expect_emfile(ac__sock_connect(&sa, "127.0.0.1", sc->port, &in_progress));
    close(fillers[--n]); /* freed behind the runtime's back */
    int fd = ac__sock_connect(&sa, "127.0.0.1", sc->port, &in_progress);
    CU_ASSERT_TRUE(fd >= 0);
    if (fd < 0)
        ac_decref(ac_err_fetch());
    expect_emfile(ac__sock_connect(&sa, "127.0.0.1", sc->port, &in_progress));
    ac__sock_close(fd); /* the runtime's own close */
    fd = ac__sock_connect(&sa, "127.0.0.1", sc->port, &in_progress);
    CU_ASSERT_TRUE(fd >= 0);
    ac__sock_close(fd);
    while (n > 0)
        close(fillers[--n]);
    CU_ASSERT_EQUAL(setrlimit(RLIMIT_NOFILE, &old), 0);
    ac_loop_stop(sc->loop);
}

static void test_connect_out_of_descriptors(void)
{
    int before = count_fds();
    int listener = ac__sock_listen("127.0.0.1", 0, 8);
    CU_ASSERT_TRUE_FATAL(listener >= 0);
    scene sc = {ac_loop_new(), ac__sock_port(listener)};
    ac_call_soon(sc.loop, connect_without_descriptors, &sc);
    ac_loop_run_forever(sc.loop);
    ac_loop_free(sc.loop);
    ac__sock_close(listener);
    CU_ASSERT_EQUAL(count_fds(), before);
}

int main(void)
{
    static const test_case tests[] = {
        {"connect with no descriptor left", test_connect_out_of_descriptors},
        {NULL, NULL}};
    return run_suite("io_emfile", tests);
}
