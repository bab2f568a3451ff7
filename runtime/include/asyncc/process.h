/* asyncc/process.h - Processes and signals: subprocesses with piped streams, a
 * child watcher, signal handlers on the loop. Included by asyncc.h (include
 * that, not this). */
#ifndef ASYNCC_PROCESS_H
#define ASYNCC_PROCESS_H

/* asyncio.create_subprocess_exec.  argv ends with NULL; argv[0] is looked
 * up in PATH.  Awaiting it starts the program and gives a new reference to
 * an ac_process; a program that cannot be started raises there
 * (FileNotFoundError, PermissionError: "[Errno 2] No such file or
 * directory: 'prog'").  Each AC_PIPE_* flag connects that standard stream
 * of the child to an ac_stream of the process (borrowed, NULL when not
 * piped); the others are inherited.  A child watcher on the loop (pidfd
 * where the kernel has it, else SIGCHLD) reaps the child when it exits,
 * even once the process object is gone; a child still running when its
 * loop is freed is killed (SIGKILL) and reaped, as asyncio's transport
 * does when it is closed. */
#define AC_PIPE_STDIN 1
#define AC_PIPE_STDOUT 2
#define AC_PIPE_STDERR 4

typedef struct ac_process ac_process;

void *ac_subprocess_exec(const char *const argv[],
                         int flags); /* -> ac_process * */
ac_stream *ac_process_stdin(ac_process *p);
ac_stream *ac_process_stdout(ac_process *p);
ac_stream *ac_process_stderr(ac_process *p);
int ac_process_pid(ac_process *p);
/* The exit status, -N when killed by signal N, INT_MIN while running. */
int ac_process_returncode(ac_process *p);
/* -> int: the return code once the child has exited (it does not wait for
 * the pipes to be read to their end). */
void *ac_process_wait(ac_process *p);
/* kill(2) while the child runs; once it has exited, nothing (as Popen's
 * send_signal); an invalid signal number is ignored. */
void ac_process_send_signal(ac_process *p, int sig);
void ac_process_terminate(ac_process *p); /* SIGTERM */
void ac_process_kill(ac_process *p);      /* SIGKILL */

/* loop.add_signal_handler: cb(arg) runs on the loop (from its ready queue)
 * after sig arrives, once per arrival; adding replaces the signal's
 * handler, SIGINT's included (then Ctrl-C no longer cancels ac_run's main
 * task).  0, or -1 with asyncio's exception: ValueError "invalid signal
 * number N", RuntimeError "sig N cannot be caught" (SIGKILL, SIGSTOP),
 * RuntimeError when not on the main thread or the loop is closed.
 * remove: 1 when a handler was registered (the signal's disposition is
 * then the default again; SIGINT's is what it was before the add), 0 when
 * none, -1 with ValueError for an invalid number.  Freeing the loop
 * removes its handlers. */
int ac_loop_add_signal_handler(ac_loop *loop, int sig, void (*cb)(void *),
                               void *arg);
int ac_loop_remove_signal_handler(ac_loop *loop, int sig);

#endif /* ASYNCC_PROCESS_H */
