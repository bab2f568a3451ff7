/* rt_proc_watch.c - the child watcher: its SIGCHLD fallback (forced with
 * ac__child_watch_no_pidfd) reaps each child by its pid, in any order,
 * leaves other children alone, goes on after the process object is gone
 * and gives SIGCHLD back when nothing needs it; a loop freed with a child
 * running kills and reaps it; the pidfd path where the kernel has it. */
#include "rt_test_util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "loop/loop.h"
#include "proc/proc.h"

static ac_process *spawn(ac_loop *loop, const char *cmd)
{
    const char *argv[] = {"sh", "-c", cmd, NULL};
    ac_process *p = NULL;
    CU_ASSERT_EQUAL(
        ac_loop_run_until_complete(loop, ac_subprocess_exec(argv, 0), &p), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static int wait_rc(ac_loop *loop, ac_process *p)
{
    int rc = INT_MIN;
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, ac_process_wait(p), &rc),
                    0);
    return rc;
}

static ac__proc_loop *state(ac_loop *loop)
{
    return loop->proc;
}

static bool sigchld_caught(void)
{
    struct sigaction sa;
    sigaction(SIGCHLD, NULL, &sa);
    return sa.sa_handler != SIG_DFL;
}

static bool reaped(pid_t pid)
{
    return waitpid(pid, NULL, WNOHANG) < 0 && errno == ECHILD;
}

static int fd_count(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    if (d != NULL)
        closedir(d);
    return n;
}

static ac_loop *fallback_loop(void)
{
    ac_loop *loop = ac_loop_new();
    ac__child_watch_no_pidfd(loop);
    return loop;
}

static void test_fallback_exit_code(void)
{
    int fds = fd_count();
    ac_loop *loop = fallback_loop();
    ac_process *p = spawn(loop, "exit 7");
    CU_ASSERT(state(loop)->chld_rd >= 0); /* watched through SIGCHLD */
    CU_ASSERT(sigchld_caught());
    CU_ASSERT_EQUAL(wait_rc(loop, p), 7);
    CU_ASSERT_EQUAL(ac_process_returncode(p), 7);
    CU_ASSERT(reaped(ac_process_pid(p)));
    /* Nothing watched through SIGCHLD any more: it is the default again. */
    CU_ASSERT_EQUAL(state(loop)->chld_rd, -1);
    CU_ASSERT(!sigchld_caught());
    ac_decref(p);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(fd_count(), fds);
}

static void test_fallback_any_order(void)
{
    ac_loop *loop = fallback_loop();
    ac_process *p[3];
    p[0] = spawn(loop, "sleep 0.1; exit 1");
    p[1] = spawn(loop, "sleep 0.03; exit 2");
    p[2] = spawn(loop, "exit 3");
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(wait_rc(loop, p[i]), i + 1);
    for (int i = 0; i < 3; i++) {
        CU_ASSERT(reaped(ac_process_pid(p[i])));
        ac_decref(p[i]);
    }
    ac_loop_free(loop);
}

static void test_fallback_signals(void)
{
    ac_loop *loop = fallback_loop();
    ac_process *p = spawn(loop, "sleep 10");
    CU_ASSERT_EQUAL(ac_process_returncode(p), INT_MIN);
    ac_process_terminate(p);
    CU_ASSERT_EQUAL(wait_rc(loop, p), -SIGTERM);
    ac_process_kill(p); /* exited: nothing happens */
    CU_ASSERT_EQUAL(ac_process_returncode(p), -SIGTERM);
    ac_decref(p);
    ac_loop_free(loop);
}

/* A child the runtime did not start is not reaped by the watcher: its
 * owner's waitpid still finds it. */
static void test_fallback_leaves_other_children(void)
{
    ac_loop *loop = fallback_loop();
    pid_t other = fork();
    CU_ASSERT_FATAL(other >= 0);
    if (other == 0)
        _exit(5);
    ac_process *p = spawn(loop, "sleep 0.1");
    CU_ASSERT_EQUAL(wait_rc(loop, p), 0);
    int status = 0;
    CU_ASSERT_EQUAL(waitpid(other, &status, 0), other);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 5);
    ac_decref(p);
    ac_loop_free(loop);
}

/* The process object goes while its child runs: the watcher reaps it. */
static void test_fallback_dropped_process(void)
{
    ac_loop *loop = fallback_loop();
    ac_process *p = spawn(loop, "sleep 0.05");
    pid_t pid = ac_process_pid(p);
    ac_decref(p);
    CU_ASSERT_FALSE(reaped(pid));
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, ac_sleep(0.3), NULL), 0);
    CU_ASSERT(reaped(pid));
    CU_ASSERT_EQUAL(state(loop)->chld_rd, -1);
    ac_loop_free(loop);
    CU_ASSERT(!sigchld_caught());
}

/* Dropping the process object closes its streams: `cat` sees the end of
 * its input, exits, and is reaped. */
static void test_dropped_process_closes_streams(void)
{
    ac_loop *loop = ac_loop_new();
    const char *argv[] = {"cat", NULL};
    ac_process *p = NULL;
    CU_ASSERT_EQUAL(
        ac_loop_run_until_complete(
            loop, ac_subprocess_exec(argv, AC_PIPE_STDIN | AC_PIPE_STDOUT), &p),
        0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL(ac_process_stdin(p));
    CU_ASSERT_PTR_NOT_NULL(ac_process_stdout(p));
    CU_ASSERT_PTR_NULL(ac_process_stderr(p));
    pid_t pid = ac_process_pid(p);
    ac_decref(p);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, ac_sleep(0.3), NULL), 0);
    CU_ASSERT(reaped(pid));
    ac_loop_free(loop);
}

static int chld_seen;
static void on_sigchld(void *arg)
{
    (void)arg;
    chld_seen++;
}

/* A user's SIGCHLD handler and the fallback watcher share SIGCHLD:
 * removing the handler keeps it caught while the watcher needs it. */
static void test_fallback_beside_sigchld_handler(void)
{
    ac_loop *loop = fallback_loop();
    CU_ASSERT_EQUAL(ac_loop_add_signal_handler(loop, SIGCHLD, on_sigchld, NULL),
                    0);
    ac_process *p = spawn(loop, "exit 1");
    CU_ASSERT_EQUAL(wait_rc(loop, p), 1);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, ac_sleep(0.05), NULL), 0);
    CU_ASSERT(chld_seen >= 1);
    ac_decref(p);
    p = spawn(loop, "sleep 0.1");
    CU_ASSERT_EQUAL(ac_loop_remove_signal_handler(loop, SIGCHLD), 1);
    CU_ASSERT(sigchld_caught()); /* the watcher still needs it */
    CU_ASSERT_EQUAL(wait_rc(loop, p), 0);
    CU_ASSERT(!sigchld_caught());
    ac_decref(p);
    ac_loop_free(loop);
}

/* A loop freed with a child running kills and reaps it (asyncio closes the
 * transport, which kills); the process object outlives the loop. */
static void loop_freed_with_child(bool no_pidfd)
{
    int fds = fd_count();
    ac_loop *loop = no_pidfd ? fallback_loop() : ac_loop_new();
    ac_process *p = spawn(loop, "sleep 10");
    ac_loop_free(loop);
    CU_ASSERT(reaped(ac_process_pid(p)));
    CU_ASSERT_EQUAL(ac_process_returncode(p), -SIGKILL);
    ac_process_terminate(p); /* nothing: it has exited */
    ac_decref(p);
    CU_ASSERT(!sigchld_caught());
    CU_ASSERT_EQUAL(fd_count(), fds);
}

static void test_loop_freed_fallback(void)
{
    loop_freed_with_child(true);
}

static void test_loop_freed_pidfd(void)
{
    loop_freed_with_child(false);
}

/* Where pidfd_open works, no SIGCHLD is caught for a child. */
static void test_pidfd_path(void)
{
    int probe = (int)syscall(SYS_pidfd_open, getpid(), 0);
    bool have_pidfd = probe >= 0;
    if (have_pidfd)
        close(probe);
    ac_loop *loop = ac_loop_new();
    ac_process *p = spawn(loop, "exit 4");
    CU_ASSERT_EQUAL(state(loop)->chld_rd >= 0, !have_pidfd);
    CU_ASSERT_EQUAL(sigchld_caught(), !have_pidfd);
    CU_ASSERT_EQUAL(wait_rc(loop, p), 4);
    CU_ASSERT(reaped(ac_process_pid(p)));
    ac_decref(p);
    ac_loop_free(loop);
}

/* No program at all: Popen([])'s IndexError, at the call. */
static void test_empty_argv(void)
{
    const char *argv[] = {NULL};
    CU_ASSERT_PTR_NULL(ac_subprocess_exec(argv, 0));
    ac_exc *e = ac_err_fetch();
    CU_ASSERT(e != NULL && ac_exc_matches(e, &ac_IndexError));
    CU_ASSERT_STRING_EQUAL(e ? ac_exc_message(e) : "",
                           "list index out of range");
    ac_decref(e);
}

int main(void)
{
    static const test_case tests[] = {
        {"SIGCHLD fallback: the exit code, SIGCHLD given back",
         test_fallback_exit_code},
        {"SIGCHLD fallback: children exiting in any order",
         test_fallback_any_order},
        {"SIGCHLD fallback: terminate, then nothing", test_fallback_signals},
        {"SIGCHLD fallback: other children are left alone",
         test_fallback_leaves_other_children},
        {"SIGCHLD fallback: a dropped process is reaped",
         test_fallback_dropped_process},
        {"dropping the process closes its streams",
         test_dropped_process_closes_streams},
        {"SIGCHLD fallback beside a SIGCHLD handler",
         test_fallback_beside_sigchld_handler},
        {"loop freed with a child running (SIGCHLD)", test_loop_freed_fallback},
        {"loop freed with a child running (pidfd)", test_loop_freed_pidfd},
        {"the pidfd path", test_pidfd_path},
        {"an empty argv", test_empty_argv},
        {NULL, NULL}};
    return run_suite("proc_watch", tests);
}
