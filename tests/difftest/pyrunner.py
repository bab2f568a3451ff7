#!/usr/bin/env python3
"""pyrunner.py - run many Python programs at the cost of one interpreter start.

Reads lines "DIR PROGRAM.py OUT ERR" on stdin; for each, forks a child that
changes to DIR, sends its stdout and stderr to the files OUT and ERR, and
runs PROGRAM.py as __main__ (then exits as the interpreter would, running
its finalizers); answers one line with the child's exit status.  asyncio is
imported once, before any fork: this parent never runs an event loop, so
every child starts with asyncio's state fresh (task numbering included).
"""
import asyncio  # noqa: F401  (imported once for every child)
import os
import runpy
import signal
import sys


def child(d, prog, out, err):
    signal.alarm(60)  # a runaway program dies of SIGALRM
    os.chdir(d)
    for fd, path in ((1, out), (2, err)):
        f = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(f, fd)
        os.close(f)
    sys.argv = [prog]
    sys.stdin = open(os.devnull)
    # SystemExit, or any exception, leaves through the interpreter's own
    # top level: it prints the traceback and sets the exit status.
    runpy.run_path(prog, run_name="__main__")
    sys.exit(0)


def main():
    for line in sys.stdin:
        d, prog, out, err = line.split()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            child(d, prog, out, err)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        sys.stdout.write("%d\n" % code)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
