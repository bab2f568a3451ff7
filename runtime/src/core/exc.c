/* exc.c - exception objects: creation, accessors, cause/context chains and
 * traceback entries.  Printing is in exc_print.c, the thread's current
 * exception in err.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/exc.h"
#include "core/slab.h"
#include "core/text.h"

/* An exception's message and its traceback come from the slab, as the
 * exception does (core/slab.h): a refused connect makes an exception with
 * both, and malloc's bins cost more than the rest of its life. */
static char *alloc_msg(size_t len)
{
    return ac__slab_alloc(len + 1);
}

static void exc_dealloc(ac_object *self)
{
    ac_exc *e = (ac_exc *)self;
    ac_decref(e->cause);
    ac_decref(e->context);
    for (size_t i = 0; i < e->nitems; i++)
        ac_decref(e->items[i]);
    free(e->items);
    if (e->tb != NULL)
        ac__slab_free(e->tb, e->captb * sizeof *e->tb);
    ac__slab_strfree(e->msg);
    ac__slab_free(e, sizeof *e);
}

const ac_objtype ac__exc_type = {
    .name = "exception", .kind = AC_OBJ_EXC, .dealloc = exc_dealloc};

/* Never freed: its refcount starts high and it is never changed (no
 * traceback, no context), since everybody shares it. */
static ac_exc memory_error = {
    .ob = {.type = &ac__exc_type,
           .refcnt = (size_t)1 << (sizeof(size_t) * 8 - 2)},
    .type = &ac_MemoryError,
    .msg = "",
    .immortal = true};

ac_exc *ac__memory_error(void)
{
    return &memory_error;
}

/* prefix then fmt's text, as one new string.  Most messages fit the stack
 * buffer and are formatted once (vasprintf's growing buffer costs twice
 * as much, and a refused connect makes one of these). */
static char *vformat_after(const char *prefix, const char *fmt, va_list ap)
{
    char buf[256];
    size_t head = strlen(prefix);
    if (head >= sizeof buf)
        return NULL;
    memcpy(buf, prefix, head);
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(buf + head, sizeof buf - head, fmt, ap);
    size_t len = head + (size_t)n;
    char *s = n < 0 ? NULL : alloc_msg(len);
    if (s != NULL && len < sizeof buf) {
        memcpy(s, buf, len + 1);
    } else if (s != NULL) {
        memcpy(s, prefix, head);
        vsnprintf(s + head, (size_t)n + 1, fmt, again);
    }
    va_end(again);
    if (s != NULL && strlen(s) != len) {
        /* A NUL formatted in ("%c", 0): the message ends there, and its
         * block must be the size ac__slab_strfree will give back. */
        char *fit = ac__slab_strdup(s);
        ac__slab_free(s, len + 1);
        s = fit;
    }
    return s;
}

static char *vformat(const char *fmt, va_list ap)
{
    if (fmt != NULL)
        return vformat_after("", fmt, ap);
    return ac__slab_strdup("");
}

/* A new exception owning msg (NULL: out of memory). */
static ac_exc *exc_with_msg(const ac_exc_type *type, int err, char *msg)
{
    ac_exc *e = msg ? ac__slab_zalloc(sizeof *e) : NULL;
    if (e == NULL) {
        ac__slab_strfree(msg);
        return ac__memory_error();
    }
    ac__object_init(&e->ob, &ac__exc_type);
    e->type = type;
    e->msg = msg;
    e->err = err;
    return e;
}

ac_exc *ac__exc_vnew(const ac_exc_type *type, int err, const char *fmt,
                     va_list ap)
{
    return exc_with_msg(type, err, vformat(fmt, ap));
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
/* "[Errno 111] ", by hand (core/text.h). */
static void errno_head(char *out, int err)
{
    char *p = out;
    p += ac__put_str(p, "[Errno ");
    if (err < 0)
        *p++ = '-';
    p += ac__put_decimal(p, err < 0 ? 0UL - (unsigned long)err
                                    : (unsigned long)err);
    p += ac__put_str(p, "] ");
    *p = '\0';
}

static ac_exc *errno_vnew(int err, const char *fmt, va_list ap)
{
    char head[32];
    errno_head(head, err);
    return exc_with_msg(ac__errno_type(err), err, vformat_after(head, fmt, ap));
}

ac_exc *ac__exc_from_errno_words(int err, const char *words, const char *more)
{
    char head[32];
    errno_head(head, err);
    size_t h = strlen(head), n = strlen(words), m = more ? strlen(more) : 0;
    char *msg = alloc_msg(h + n + m);
    if (msg != NULL) {
        memcpy(msg, head, h);
        memcpy(msg + h, words, n);
        memcpy(msg + h + n, more ? more : "", m + 1);
    }
    return exc_with_msg(ac__errno_type(err), err, msg);
}

ac_exc *ac_exc_from_errno(int err, const char *fmt, ...)
{
    if (fmt == NULL) /* without printf: a port scan makes 15,000 EMFILEs */
        return ac__exc_from_errno_words(err, strerror(err), NULL);
    va_list ap;
    va_start(ap, fmt);
    ac_exc *e = errno_vnew(err, fmt, ap);
    va_end(ap);
    return e;
}

bool ac_exc_matches(const ac_exc *e, const ac_exc_type *type)
{
    if (e == NULL)
        return false;
    /* ExceptionGroup is both an Exception and a BaseExceptionGroup. */
    if (type == &ac_BaseExceptionGroup && e->type == &ac_ExceptionGroup)
        return true;
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
        ac_tb_entry *tb = ac__slab_alloc(cap * sizeof *tb);
        if (tb == NULL)
            return;
        if (e->tb != NULL) {
            memcpy(tb, e->tb, e->ntb * sizeof *tb);
            ac__slab_free(e->tb, e->captb * sizeof *tb);
        }
        e->tb = tb;
        e->captb = cap;
    }
    e->tb[e->ntb++] = (ac_tb_entry){func, file, line};
}
