/* exc.c - exception objects: creation, accessors, cause/context chains and
 * traceback entries.  Printing is in exc_print.c, the thread's current
 * exception in err.c. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "exc.h"

static void exc_dealloc(ac_object *self)
{
    ac_exc *e = (ac_exc *)self;
    ac_decref(e->cause);
    ac_decref(e->context);
    free(e->tb);
    free(e->msg);
    free(e);
}

const ac_objtype ac__exc_type = {"exception", AC_OBJ_EXC, exc_dealloc, NULL,
                                 NULL};

/* Never freed: its refcount starts high and it is never changed (no
 * traceback, no context), since everybody shares it. */
static ac_exc memory_error = {
    {(size_t)1 << (sizeof(size_t) * 8 - 2), &ac__exc_type},
    &ac_MemoryError,
    "",
    0,
    true,
    false,
    NULL,
    NULL,
    NULL,
    0,
    0};

ac_exc *ac__memory_error(void)
{
    return &memory_error;
}

static char *vformat(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (fmt == NULL)
        return strdup("");
    if (vasprintf(&s, fmt, ap) < 0)
        return NULL;
    return s;
}

ac_exc *ac__exc_vnew(const ac_exc_type *type, int err, const char *fmt,
                     va_list ap)
{
    ac_exc *e = calloc(1, sizeof *e);
    if (e == NULL)
        return ac__memory_error();
    e->msg = vformat(fmt, ap);
    if (e->msg == NULL) {
        free(e);
        return ac__memory_error();
    }
    ac__object_init(&e->ob, &ac__exc_type);
    e->type = type;
    e->err = err;
    return e;
}

ac_exc *ac_exc_new(const ac_exc_type *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ac_exc *e = ac__exc_vnew(type, 0, fmt, ap);
    va_end(ap);
    return e;
}

/* Python's str(OSError(err, text)): "[Errno N] text". */
ac_exc *ac_exc_from_errno(int err, const char *fmt, ...)
{
    char *text = NULL;
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        text = vformat(fmt, ap);
        va_end(ap);
        if (text == NULL)
            return ac__memory_error();
    }
    ac_exc *e = ac_exc_new(ac__errno_type(err), "[Errno %d] %s", err,
                           text ? text : strerror(err));
    free(text);
    if (!e->immortal)
        e->err = err;
    return e;
}

bool ac_exc_matches(const ac_exc *e, const ac_exc_type *type)
{
    if (e == NULL)
        return false;
    for (const ac_exc_type *t = e->type; t != NULL; t = t->base)
        if (t == type)
            return true;
    return false;
}

const ac_exc_type *ac_exc_type_of(const ac_exc *e)
{
    return e->type;
}

const char *ac_exc_message(const ac_exc *e)
{
    return e->msg;
}

const char *ac_exc_type_name(const ac_exc *e)
{
    return e->type->name;
}

int ac_exc_errno(const ac_exc *e)
{
    return e->err;
}

ac_exc *ac_exc_cause(const ac_exc *e)
{
    return e->cause;
}

ac_exc *ac_exc_context(const ac_exc *e)
{
    return e->context;
}

/* As `raise e from cause`: the cause is printed instead of the context. */
void ac_exc_set_cause(ac_exc *e, ac_exc *cause)
{
    if (e->immortal)
        return;
    ac_incref(cause);
    ac_decref(e->cause);
    e->cause = cause;
    e->suppress_context = true;
}

/* Avoids reference cycles the way CPython's _PyErr_SetObject does: if e is
 * already on context's context chain, the chain is cut just before e. */
void ac_exc_set_context(ac_exc *e, ac_exc *context)
{
    if (e->immortal || context == e)
        return;
    for (ac_exc *o = context; o != NULL; o = o->context) {
        if (o->context == e) {
            ac_exc *cut = o->context;
            o->context = NULL;
            ac_decref(cut);
            break;
        }
    }
    ac_incref(context);
    ac_decref(e->context);
    e->context = context;
}

void ac__exc_add_tb(ac_exc *e, const char *func, const char *file, int line)
{
    if (e->immortal)
        return;
    if (e->ntb == e->captb) {
        size_t cap = e->captb ? e->captb * 2 : 4;
        ac_tb_entry *tb = realloc(e->tb, cap * sizeof *tb);
        if (tb == NULL)
            return;
        e->tb = tb;
        e->captb = cap;
    }
    e->tb[e->ntb++] = (ac_tb_entry){func, file, line};
}
