/* proc.h - runtime-internal: the processes-and-signals layer's state on a
 * loop (loop->proc), its signal dispatch (signals.c) and its child watcher
 * (child_watch.c), which process.c builds on.
 *
 * Signal dispositions belong to the process, not to a loop: the C handler
 * (signals.c) is process-wide and only writes bytes to descriptors the
 * loops read, as CPython's signal.set_wakeup_fd does.  User handlers live
 * on the main thread's loop only (asyncio's rule); SIGCHLD also wakes
 * every loop whose child watcher has no pidfd. */
#ifndef AC_PROC_H
#define AC_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "loop/loop.h"

typedef struct ac__child ac__child;

typedef struct ac__sighandler {
    void (*cb)(void *arg);
    void *arg;
} ac__sighandler;

typedef struct ac__proc_loop {
    ac_loop *loop;
    /* Signal handlers (signals.c): NULL cb when none. */
    ac__sighandler handlers[NSIG];
    size_t nhandlers;
    int sig_rd, sig_wr; /* the wakeup pipe, -1 until a handler is added */
    struct sigaction sigint_before; /* SIGINT's action before the add */
    bool sigint_saved;
    /* Children (child_watch.c). */
    ac__child *children;  /* still running, watched */
    int chld_rd, chld_wr; /* the SIGCHLD pipe, -1 until needed */
    int chld_slot;        /* in signals.c's table, -1 when none */
    bool no_pidfd;        /* watch with SIGCHLD only (tests) */
} ac__proc_loop;

/* The loop's state, made on first use (NULL with the exception set when
 * out of memory or the loop is closed). */
ac__proc_loop *ac__proc_state(ac_loop *loop);

/* signals.c: the handlers' teardown when the loop is freed. */
void ac__signals_loop_free(ac__proc_loop *pl);
/* signals.c: SIGCHLD writes a byte to fd (a loop's SIGCHLD pipe) until
 * unregistered.  The slot number, or -1 with the exception set. */
int ac__sigchld_register(int fd);
void ac__sigchld_unregister(int slot);

/* child_watch.c.  A child record is shared by its process object and the
 * watcher: the watcher reaps the child when it exits (waitpid on that pid)
 * whether or not the process object still exists. */
ac__child *ac__child_watch(ac_loop *loop, pid_t pid); /* NULL: exception */
void ac__child_release(ac__child *c);                 /* the process lets go */
int ac__child_returncode(const ac__child *c); /* INT_MIN while running */
/* A future (int result) done when the child has exited. */
ac_future *ac__child_wait(ac__child *c);
void ac__children_loop_free(ac__proc_loop *pl); /* kills and reaps */
/* For tests: the SIGCHLD fallback even where pidfd_open works. */
void ac__child_watch_no_pidfd(ac_loop *loop);

#endif
