/* process.c - asyncio.create_subprocess_exec and the Process object.
 *
 * Awaiting ac_subprocess_exec starts the program with posix_spawnp (PATH
 * searched, as Popen does); glibc reports an exec that failed as the
 * spawn's result, so the error is raised right there.  Each piped standard
 * stream is one end of a socketpair, the other end the child's: the
 * runtime's streams (io/) are sockets, and shutdown(SHUT_WR) gives the
 * child its end of input (write_eof), as closing a pipe would.  The child
 * watcher (child_watch.c) reaps the child and sets the return code. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/sock_coro.h"
#include "io/stream.h"
#include "proc/proc.h"

extern char **environ;

struct ac_process {
    ac_object ob;
    pid_t pid;
    ac__child *child;
    ac_stream *pipes[3]; /* stdin, stdout, stderr; NULL when not piped */
};

static void process_dealloc(ac_object *o)
{
    ac_process *p = (ac_process *)o;
    for (int i = 0; i < 3; i++)
        ac_decref(p->pipes[i]);  /* closes them: the child sees the end */
    ac__child_release(p->child); /* the watcher goes on watching */
    free(p);
}

static const ac_objtype process_type = {
    .name = "Process", .kind = AC_OBJ_OTHER, .dealloc = process_dealloc};

/* ---- starting the child ----------------------------------------------- */

/* The two ends of each piped stream: [i][0] ours, [i][1] the child's. */
typedef struct spawn_pipes {
    int fd[3][2];
} spawn_pipes;

static void close_pipes(spawn_pipes *sp, int end)
{
    for (int i = 0; i < 3; i++) {
        if (sp->fd[i][end] >= 0)
            close(sp->fd[i][end]);
        sp->fd[i][end] = -1;
    }
}

static int open_pipes(spawn_pipes *sp, int flags)
{
    for (int i = 0; i < 3; i++)
        sp->fd[i][0] = sp->fd[i][1] = -1;
    for (int i = 0; i < 3; i++) {
        if (!(flags & (1 << i)))
            continue;
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp->fd[i]) < 0 ||
            fcntl(sp->fd[i][0], F_SETFL, O_NONBLOCK) < 0) {
            ac_err_set(ac_exc_from_errno(errno, NULL));
            close_pipes(sp, 0);
            close_pipes(sp, 1);
            return -1;
        }
        ac__loop_io_opened(ac__running_loop(), sp->fd[i][0]);
    }
    return 0;
}

/* 0 when path names an executable file, else the error execve gives. */
static int exec_error_at(const char *path)
{
    struct stat st;
    if (access(path, X_OK) != 0)
        return errno;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return EACCES;
    return 0;
}

/* The error execvp would meet for prog (ENOENT, EACCES), looked up before
 * spawning: posix_spawnp reports it through memory its vfork'd child
 * shares, which valgrind (and any tool that turns vfork into fork) loses,
 * so the child would then run on as a copy of this program. */
static int exec_error(const char *prog)
{
    if (strchr(prog, '/') != NULL)
        return exec_error_at(prog);
    const char *dirs = getenv("PATH");
    if (dirs == NULL)
        dirs = "/bin:/usr/bin";
    int err = ENOENT;
    char path[PATH_MAX];
    for (const char *d = dirs;; d++) {
        const char *end = strchr(d, ':');
        size_t n = end ? (size_t)(end - d) : strlen(d);
        int len = snprintf(path, sizeof path, "%.*s%s%s", (int)n, d,
                           n ? "/" : "", prog);
        if (len > 0 && (size_t)len < sizeof path) {
            int e = exec_error_at(path);
            if (e == 0)
                return 0;
            if (e == EACCES)
                err = EACCES;
        }
        if (end == NULL)
            return err;
        d = end;
    }
}

/* posix_spawnp with the child's ends as its standard streams; the other
 * descriptors are closed (Popen's close_fds) and SIGPIPE and SIGXFSZ set
 * to default (restore_signals).  0, or the error number. */
static int spawn(pid_t *pid, char *const argv[], const spawn_pipes *sp)
{
    int rc = exec_error(argv[0]);
    if (rc != 0)
        return rc;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    rc = posix_spawn_file_actions_init(&fa);
    if (rc != 0)
        return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return rc;
    }
    for (int i = 0; i < 3 && rc == 0; i++)
        if (sp->fd[i][1] >= 0)
            rc = posix_spawn_file_actions_adddup2(&fa, sp->fd[i][1], i);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
    if (rc == 0)
        rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    sigaddset(&def, SIGXFSZ);
    if (rc == 0)
        rc = posix_spawnattr_setsigdefault(&attr, &def);
    if (rc == 0)
        rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    if (rc == 0)
        rc = posix_spawnp(pid, argv[0], &fa, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* Gives up on a child nobody will watch: killed and reaped now. */
static void abandon(pid_t pid)
{
    int status;
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

/* A process object for the started child, streams over our ends (taken).
 * NULL with the exception set. */
static ac_process *process_new(ac_loop *loop, pid_t pid, spawn_pipes *sp)
{
    ac_process *p = ac__zalloc(sizeof *p);
    if (p == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        abandon(pid);
        close_pipes(sp, 0);
        return NULL;
    }
    ac__object_init(&p->ob, &process_type);
    p->pid = pid;
    p->child = ac__child_watch(loop, pid);
    if (p->child == NULL) {
        abandon(pid);
        close_pipes(sp, 0);
        ac_decref(p);
        return NULL;
    }
    for (int i = 0; i < 3; i++) {
        if (sp->fd[i][0] < 0)
            continue;
        p->pipes[i] = ac__stream_new(sp->fd[i][0]); /* takes it */
        sp->fd[i][0] = -1;
        if (p->pipes[i] == NULL) {
            close_pipes(sp, 0);
            ac_decref(p); /* the child sees its streams end */
            return NULL;
        }
    }
    return p;
}

typedef struct spawn_frame {
    ac_frame hdr;
    ac_process *ac_result;
    char **argv; /* a copy, NULL-terminated */
    int flags;
} spawn_frame;

static void spawn_drop(ac_frame *f)
{
    spawn_frame *fr = (spawn_frame *)f;
    if (fr->argv != NULL) {
        for (char **a = fr->argv; *a; a++)
            free(*a);
        free(fr->argv);
        fr->argv = NULL;
    }
}

static int spawn_resume(ac_frame *f);
AC__CORO_CODE(spawn_code, "create_subprocess_exec", spawn_frame, spawn_resume,
              spawn_drop);

static int spawn_resume(ac_frame *f)
{
    spawn_frame *fr = (spawn_frame *)f;
    ac_loop *loop = ac__running_loop();
    spawn_pipes sp;
    pid_t pid;
    if (loop == NULL) {
        ac_err_format(&ac_RuntimeError, "no running event loop");
        goto fail;
    }
    if (open_pipes(&sp, fr->flags) < 0)
        goto fail;
    int err = spawn(&pid, fr->argv, &sp);
    close_pipes(&sp, 1);
    if (err != 0) {
        close_pipes(&sp, 0);
        /* Popen's message names the program: "...: 'prog'". */
        ac_err_set(
            ac_exc_from_errno(err, "%s: '%s'", strerror(err), fr->argv[0]));
        goto fail;
    }
    fr->ac_result = process_new(loop, pid, &sp);
    if (fr->ac_result == NULL)
        goto fail;
    spawn_drop(f);
    return AC_RETURNED;
fail:
    spawn_drop(f);
    return AC_RAISED;
}

void *ac_subprocess_exec(const char *const argv[], int flags)
{
    if (argv == NULL || argv[0] == NULL) {
        /* No program: what Popen([]) raises, at the call (a constructor
         * returns NULL). */
        ac_err_format(&ac_IndexError, "list index out of range");
        return NULL;
    }
    spawn_frame *fr = (spawn_frame *)ac__frame_new(&spawn_code);
    if (fr == NULL)
        return NULL;
    fr->flags = flags & (AC_PIPE_STDIN | AC_PIPE_STDOUT | AC_PIPE_STDERR);
    size_t n = 0;
    while (argv[n] != NULL)
        n++;
    fr->argv = calloc(n + 1, sizeof *fr->argv);
    for (size_t i = 0; fr->argv != NULL && i < n; i++) {
        fr->argv[i] = strdup(argv[i]);
        if (fr->argv[i] == NULL) {
            spawn_drop(&fr->hdr);
            break;
        }
    }
    if (fr->argv == NULL) {
        ac_decref(fr);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    return fr;
}

/* ---- the process object ----------------------------------------------- */

ac_stream *ac_process_stdin(ac_process *p)
{
    return p->pipes[0];
}

ac_stream *ac_process_stdout(ac_process *p)
{
    return p->pipes[1];
}

ac_stream *ac_process_stderr(ac_process *p)
{
    return p->pipes[2];
}

int ac_process_pid(ac_process *p)
{
    return (int)p->pid;
}

int ac_process_returncode(ac_process *p)
{
    return ac__child_returncode(p->child);
}

void *ac_process_wait(ac_process *p)
{
    return ac__child_wait(p->child);
}

/* Until the watcher has reaped it the pid is still the child's (a zombie
 * keeps it), so kill(2) cannot reach another process. */
void ac_process_send_signal(ac_process *p, int sig)
{
    if (ac__child_returncode(p->child) == INT_MIN)
        kill(p->pid, sig); /* ESRCH, EINVAL: nothing, as Popen */
}

void ac_process_terminate(ac_process *p)
{
    ac_process_send_signal(p, SIGTERM);
}

void ac_process_kill(ac_process *p)
{
    ac_process_send_signal(p, SIGKILL);
}
