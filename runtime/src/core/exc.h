/* exc.h - runtime-internal: the exception object and the thread's current
 * exception, for the files that build, raise and print exceptions. */
#ifndef AC_EXC_H
#define AC_EXC_H

#include <stdarg.h>

#include "core/object.h"

/* One traceback entry: a resumable frame the exception passed through. */
typedef struct ac_tb_entry {
    const char *func;
    const char *file;
    int line;
} ac_tb_entry;

struct ac_exc {
    ac_object ob;
    const ac_exc_type *type;
    char *msg;     /* never NULL: "" when empty */
    int err;       /* errno, 0 when none */
    bool immortal; /* the preallocated MemoryError: never changed or freed */
    bool suppress_context; /* set with a cause, as `raise X from Y` */
    /* a raise site has looked for its context (err.c), as CPython sets it
     * once, where it is raised: the sites it propagates through do not */
    bool context_decided;
    /* set by runtime code that raises it as a coroutine of asyncio would,
     * from inside its own handler (wait_for's TimeoutError from the
     * CancelledError): the awaiting frame does not replace its context */
    bool context_fixed;
    ac_exc *cause;         /* owned */
    ac_exc *context;       /* owned */
    ac_tb_entry *tb;       /* innermost first */
    size_t ntb, captb;
    ac_exc **items; /* an exception group's (owned), else NULL */
    size_t nitems;
};

extern const ac_objtype ac__exc_type;

/* The preallocated MemoryError (a borrowed, immortal object). */
ac_exc *ac__memory_error(void);
/* Sets the current exception to MemoryError; returns -1. */
int ac__no_memory(void);

/* Appends a traceback entry (silently skipped when out of memory). */
void ac__exc_add_tb(ac_exc *e, const char *func, const char *file, int line);
/* The OSError subtype Python picks for err. */
const ac_exc_type *ac__errno_type(int err);
/* ac_exc_from_errno(err, "%s%s", words, more) without a format: "[Errno N]
 * words more" (more may be NULL; a port scan's refused connects make one
 * each). */
ac_exc *ac__exc_from_errno_words(int err, const char *words,
                                 const char *more);
/* A new exception; err is its errno (0: none). */
ac_exc *ac__exc_vnew(const ac_exc_type *type, int err, const char *fmt,
                     va_list ap);
/* Sets a new type(msg) exception whose cause and context are the current
 * one (CPython's _PyErr_FormatFromCause). */
void ac__err_format_from_cause(const ac_exc_type *type, const char *msg);

/* Line `line` of file, stripped, after indent spaces (as Python's
 * traceback and warnings show source); nothing when it cannot be read. */
void ac__print_source_line(const char *file, int line, int indent, FILE *out);

/* One exception's traceback and "Type: message", without its chain (what
 * the unraisable hook prints). */
void ac__exc_print_one(const ac_exc *e, FILE *out);
/* Just "TypeName: message" (traceback.format_exception_only). */
void ac__exc_print_only(const ac_exc *e, FILE *out);
/* The whole of e, in CPython's format for exception groups (the sub-
 * exceptions in boxes); exc_group.c. */
void ac__exc_print_grouped(const ac_exc *e, FILE *out);
/* e or an exception on its cause/context chain is a group. */
bool ac__exc_chain_has_group(const ac_exc *e);
/* '  File "f.ac", line 3, in fn' and the source line, as Python prints a
 * traceback entry. */
void ac__print_tb_entry(const ac_tb_entry *t, FILE *out);

#endif
