/* exc_types.c - the built-in exception types (Python 3.11's hierarchy) and
 * the errno -> OSError subtype mapping of Objects/exceptions.c. */
#include <errno.h>

#include "core/exc.h"

/* AC_DEFINE_EXC_TYPE would name these "ac_ValueError": Python's names. */
#define BUILTIN(name, base) const ac_exc_type ac_##name = {#name, &ac_##base}

const ac_exc_type ac_BaseException = {"BaseException", NULL};
BUILTIN(Exception, BaseException);
BUILTIN(GeneratorExit, BaseException);
BUILTIN(KeyboardInterrupt, BaseException);
BUILTIN(SystemExit, BaseException);
BUILTIN(CancelledError, BaseException);
BUILTIN(StopIteration, Exception);
BUILTIN(StopAsyncIteration, Exception);
BUILTIN(ArithmeticError, Exception);
BUILTIN(ZeroDivisionError, ArithmeticError);
BUILTIN(OverflowError, ArithmeticError);
BUILTIN(LookupError, Exception);
BUILTIN(IndexError, LookupError);
BUILTIN(KeyError, LookupError);
BUILTIN(MemoryError, Exception);
BUILTIN(RuntimeError, Exception);
BUILTIN(NotImplementedError, RuntimeError);
BUILTIN(RecursionError, RuntimeError);
BUILTIN(TypeError, Exception);
BUILTIN(ValueError, Exception);
BUILTIN(InvalidStateError, Exception);
BUILTIN(OSError, Exception);
BUILTIN(BlockingIOError, OSError);
BUILTIN(ChildProcessError, OSError);
BUILTIN(ConnectionError, OSError);
BUILTIN(BrokenPipeError, ConnectionError);
BUILTIN(ConnectionAbortedError, ConnectionError);
BUILTIN(ConnectionRefusedError, ConnectionError);
BUILTIN(ConnectionResetError, ConnectionError);
BUILTIN(FileExistsError, OSError);
BUILTIN(FileNotFoundError, OSError);
BUILTIN(InterruptedError, OSError);
BUILTIN(IsADirectoryError, OSError);
BUILTIN(NotADirectoryError, OSError);
BUILTIN(PermissionError, OSError);
BUILTIN(ProcessLookupError, OSError);
BUILTIN(TimeoutError, OSError);

/* Python's errnomap (Objects/exceptions.c, _PyExc_InitState). */
const ac_exc_type *ac__errno_type(int err)
{
    switch (err) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EALREADY:
    case EINPROGRESS:
        return &ac_BlockingIOError;
    case ECHILD:
        return &ac_ChildProcessError;
    case EPIPE:
#ifdef ESHUTDOWN
    case ESHUTDOWN:
#endif
        return &ac_BrokenPipeError;
    case ECONNABORTED:
        return &ac_ConnectionAbortedError;
    case ECONNREFUSED:
        return &ac_ConnectionRefusedError;
    case ECONNRESET:
        return &ac_ConnectionResetError;
    case EEXIST:
        return &ac_FileExistsError;
    case ENOENT:
        return &ac_FileNotFoundError;
    case EINTR:
        return &ac_InterruptedError;
    case EISDIR:
        return &ac_IsADirectoryError;
    case ENOTDIR:
        return &ac_NotADirectoryError;
    case EACCES:
    case EPERM:
        return &ac_PermissionError;
    case ESRCH:
        return &ac_ProcessLookupError;
    case ETIMEDOUT:
        return &ac_TimeoutError;
    default:
        return &ac_OSError;
    }
}
