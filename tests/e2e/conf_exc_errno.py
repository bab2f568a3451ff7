# Conformance: exceptions from errno values get Python's OSError subtype
# (OSError(errno, strerror) picks it), message and place in the
# hierarchy; printed as Python prints them.
import errno
import os
import sys
import traceback

NAMES = ["EAGAIN", "EALREADY", "EINPROGRESS", "ECHILD", "EPIPE", "ESHUTDOWN",
         "ECONNABORTED", "ECONNREFUSED", "ECONNRESET", "EEXIST", "ENOENT",
         "EINTR", "EISDIR", "ENOTDIR", "EACCES", "EPERM", "ESRCH", "ETIMEDOUT",
         "EINVAL", "EMFILE"]
BASES = [OSError, ConnectionError, Exception]

for name in NAMES:
    n = getattr(errno, name)
    e = OSError(n, os.strerror(n))
    s = f"{name}: {type(e).__name__}: {e} (errno {'kept' if e.errno == n else 'lost'})"
    for b in BASES:
        if isinstance(e, b):
            s += f" {b.__name__}"
    print(s)
e = OSError(errno.ECONNREFUSED, "refused by peer")
traceback.print_exception(e, file=sys.stdout)
