/* err.c - the thread's current exception (CPython's error indicator), the
 * unraisable hook, and the raise helpers generated code calls. */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "core/exc.h"
#include "core/exc_info.h"

static _Thread_local ac_exc *current;
static _Thread_local bool watched; /* this thread's exit is watched */

/* An exception nobody fetched is never lost silently: one that a new
 * exception replaces, or that is still current when its thread or the
 * program ends, is reported as Python reports an exception it cannot
 * raise.  (`for … in` in a plain function leaves the generator's
 * exception current; a caller that never looks would lose it.) */
static void report_unfetched(ac_exc *e, const char *when)
{
    char where[160];
    snprintf(where, sizeof where, "the unfetched exception %s", when);
    fflush(stdout);
    ac_err_write_unraisable(e, where);
}

static void report_left(const char *when)
{
    ac_exc *e = current;
    current = NULL;
    if (e != NULL)
        report_unfetched(e, when);
}

static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;

static void at_thread_exit(void *unused)
{
    (void)unused;
    report_left("at thread exit");
}

/* exit() runs no thread-exit destructors: the thread calling it (main,
 * usually) is reported here. */
static void at_program_exit(void)
{
    report_left("at exit");
}

static void watch_exits_once(void)
{
    if (pthread_key_create(&exit_key, at_thread_exit) == 0)
        atexit(at_program_exit);
}

/* First exception on this thread: have its exit looked at. */
static void watch_exit(void)
{
    watched = true;
    pthread_once(&exit_once, watch_exits_once);
    pthread_setspecific(exit_key, &watched); /* any non-NULL value */
}

void ac_err_set(ac_exc *e)
{
    if (e != NULL && !e->context_decided)
        ac__exc_chain(e);
    ac__err_restore(e);
}

void ac__err_restore(ac_exc *e)
{
    ac_exc *old = current;
    current = e;
    if (e != NULL && !watched)
        watch_exit();
    if (old != NULL && e != NULL && old != e) {
        char when[96];
        snprintf(when, sizeof when, "replaced by %s", e->type->name);
        report_unfetched(old, when);
    } else {
        ac_decref(old);
    }
}

ac_exc *ac_err_fetch(void)
{
    ac_exc *e = current;
    current = NULL;
    return e;
}

ac_exc *ac_err_occurred(void)
{
    return current;
}

void ac_err_clear(void)
{
    ac_err_set(NULL);
}

int ac_err_format(const ac_exc_type *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ac_err_set(ac__exc_vnew(type, 0, fmt, ap));
    va_end(ap);
    return -1;
}

int ac__no_memory(void)
{
    ac_err_set(ac__memory_error());
    return -1;
}

/* As Python's default sys.unraisablehook, which prints no chains. */
void ac_err_write_unraisable(ac_exc *e, const char *where)
{
    if (e == NULL)
        e = ac_err_fetch();
    if (e == NULL)
        return;
    if (where != NULL)
        fprintf(stderr, "Exception ignored in: %s\n", where);
    ac__exc_print_one(e, stderr);
    fflush(stderr);
    ac_decref(e);
}

/* CPython's _PyErr_FormatFromCause: the current exception becomes both the
 * cause and the context of a new one. */
void ac__err_format_from_cause(const ac_exc_type *type, const char *msg)
{
    ac_exc *cause = ac_err_fetch();
    ac_exc *e = ac_exc_new(type, "%s", msg);
    if (cause != NULL) {
        ac_exc_set_context(e, cause);
        ac_exc_set_cause(e, cause);
        ac_decref(cause);
    }
    ac_err_set(e);
}

/* A raise site with no exception set is a bug in the caller; say so rather
 * than crash, as CPython's SystemError does. */
static ac_exc *current_or_bug(void)
{
    if (current == NULL)
        ac_err_format(&ac_RuntimeError, "error return without exception set");
    return current;
}

static void add_frame(ac_exc *e, const ac_frame *f, int line)
{
    ac__exc_add_tb(e, f->code->name, f->code->file, line);
}

/* A raise site's context, as CPython's exc_info stack gives it: what f
 * handles where the raise happens, else what is handled below f.  An
 * exception thrown into f (f->how: gen.throw, close, a task throwing in),
 * or coming back through f from a frame a throw was delegated to, is
 * chained to what f itself handles only, replacing its context, as
 * CPython's gen_send_ex does (_PyErr_ChainStackItem); its raise site
 * consumes the throw. */
void ac__raise(ac_frame *f, int line, ac_exc *handled)
{
    ac_exc *e = current_or_bug();
    add_frame(e, f, line);
    bool thrown = f->how == AC_HOW_THROW;
    f->how = AC_HOW_SEND;
    if (e->immortal)
        return;
    if (thrown && handled != NULL && handled != e) {
        ac_exc_set_context(e, handled);
        e->context_decided = true;
        return;
    }
    if (e->context != NULL || e->context_decided)
        return;
    e->context_decided = true;
    if (handled == NULL && !thrown)
        handled = ac__exc_handled_below(f);
    if (handled != NULL && handled != e)
        ac_exc_set_context(e, handled);
}

void ac__throw(ac_frame *f, ac_exc *e, ac_exc *handled, int line)
{
    if (e == NULL) {
        /* The operand was a failed call: its exception is already set. */
        ac__raise(f, line, handled);
        return;
    }
    if (handled == NULL)
        handled = ac__exc_handled_below(f);
    if (handled != NULL && handled != e)
        ac_exc_set_context(e, handled);
    if (!e->immortal)
        e->context_decided = true;
    ac__err_restore(e); /* its context decided above */
    add_frame(e, f, line);
}

/* A bare `raise` keeps the traceback as it is (CPython's RERAISE). */
void ac__rethrow(ac_frame *f, ac_exc *handled, int line)
{
    (void)f;
    (void)line;
    ac_incref(handled);
    ac__err_restore(handled); /* raised before: its context stays */
}

void ac__err_add_frame(const char *func, const char *file, int line)
{
    ac_exc *e = current_or_bug();
    ac__exc_add_tb(e, func, file, line);
}

ac_exc *ac__catch(void)
{
    return ac_err_fetch();
}
