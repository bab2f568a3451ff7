/* exc_group.c - BaseExceptionGroup / ExceptionGroup: an exception holding
 * others, its str() as Objects/exceptions.c gives it, and the boxed
 * traceback format of Lib/traceback.py for printing one. */
#include <stdlib.h>
#include <string.h>

#include "core/exc.h"
#include "core/exc_group.h"
#include "core/vec.h"

const ac_exc_type ac_BaseExceptionGroup = {"BaseExceptionGroup",
                                           &ac_BaseException};
/* Also a BaseExceptionGroup: ac_exc_matches knows. */
const ac_exc_type ac_ExceptionGroup = {"ExceptionGroup", &ac_Exception};

static bool all_exceptions(ac_exc *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!ac_exc_matches(items[i], &ac_Exception))
            return false;
    return true;
}

/* BaseExceptionGroup(msg, items): an ExceptionGroup when every item is an
 * Exception, as BaseExceptionGroup.__new__ picks. */
ac_exc *ac__exc_group_new(const char *msg, ac_exc **items, size_t n)
{
    const ac_exc_type *type =
        all_exceptions(items, n) ? &ac_ExceptionGroup : &ac_BaseExceptionGroup;
    ac_exc **own = malloc((n ? n : 1) * sizeof *own);
    ac_exc *e = own ? ac_exc_new(type, "%s (%zu sub-exception%s)", msg, n,
                                 n > 1 ? "s" : "")
                    : ac__memory_error();
    if (e == ac__memory_error()) {
        free(own);
        for (size_t i = 0; i < n; i++)
            ac_decref(items[i]);
        return e;
    }
    memcpy(own, items, n * sizeof *own);
    e->items = own;
    e->nitems = n;
    return e;
}

size_t ac_exc_group_size(const ac_exc *e)
{
    return e ? e->nitems : 0;
}

ac_exc *ac_exc_group_item(const ac_exc *e, size_t i)
{
    return e && i < e->nitems ? e->items[i] : NULL;
}

/* ---- printing --------------------------------------------------------- */

/* traceback.py's _ExceptionPrintContext. */
typedef struct print_ctx {
    int depth; /* exception_group_depth */
    bool need_close;
    FILE *out;
    const ac_exc **seen; /* printed already: stops cycles */
    size_t nseen, capseen;
} print_ctx;

/* Writes text with every line prefixed as _ctx.emit does: two spaces per
 * level, then the margin character inside a group. */
static void emit(print_ctx *c, const char *text, char margin)
{
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) + 1 : strlen(text);
        fprintf(c->out, "%*s", 2 * c->depth, "");
        if (c->depth > 0)
            fprintf(c->out, "%c ", margin);
        fwrite(text, 1, len, c->out);
        if (nl == NULL)
            fputc('\n', c->out);
        text += len;
    }
}

/* What print(e, out) writes, as one string (NULL: out of memory). */
static char *render(void (*print)(const ac_exc *, FILE *), const ac_exc *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem == NULL)
        return NULL;
    print(e, mem);
    fclose(mem);
    return buf;
}

static void emit_rendered(print_ctx *c, void (*print)(const ac_exc *, FILE *),
                          const ac_exc *e, bool skip_first_line)
{
    char *text = render(print, e);
    if (text == NULL)
        return;
    const char *from = text;
    if (skip_first_line && strchr(text, '\n'))
        from = strchr(text, '\n') + 1;
    emit(c, from, '|');
    free(text);
}

static bool seen_before(print_ctx *c, const ac_exc *e)
{
    for (size_t i = 0; i < c->nseen; i++)
        if (c->seen[i] == e)
            return true;
    const ac_exc **s =
        ac__vec_room(c->seen, c->nseen, &c->capseen, sizeof *s, 8);
    if (s == NULL)
        return true; /* out of memory: print no further */
    c->seen = s;
    c->seen[c->nseen++] = e;
    return false;
}

static void format_exc(print_ctx *c, const ac_exc *e);

static void format_group(print_ctx *c, const ac_exc *e)
{
    bool toplevel = c->depth == 0;
    if (toplevel)
        c->depth++;
    if (e->ntb > 0) {
        emit(c, "Exception Group Traceback (most recent call last):\n",
             toplevel ? '+' : '|');
        emit_rendered(c, ac__exc_print_one, e, true); /* its own header */
    } else {
        emit_rendered(c, ac__exc_print_only, e, false);
    }
    c->need_close = false;
    for (size_t i = 0; i < e->nitems; i++) {
        bool last = i + 1 == e->nitems;
        if (last)
            c->need_close = true;
        fprintf(c->out, "%*s%s+---------------- %zu ----------------\n",
                2 * c->depth, "", i == 0 ? "+-" : "  ", i + 1);
        c->depth++;
        format_exc(c, e->items[i]);
        if (last && c->need_close) {
            fprintf(c->out, "%*s+------------------------------------\n",
                    2 * c->depth, "");
            c->need_close = false;
        }
        c->depth--;
    }
    if (toplevel)
        c->depth = 0;
}

/* TracebackException.format: the chain first, then e itself. */
static void format_exc(print_ctx *c, const ac_exc *e)
{
    if (seen_before(c, e))
        return;
    if (e->cause != NULL && !seen_before(c, e->cause)) {
        c->nseen--; /* format_exc marks it */
        format_exc(c, e->cause);
        emit(c,
             "\nThe above exception was the direct cause of the following "
             "exception:\n\n",
             '|');
    } else if (e->context != NULL && !e->suppress_context &&
               !seen_before(c, e->context)) {
        c->nseen--;
        format_exc(c, e->context);
        emit(c,
             "\nDuring handling of the above exception, another exception "
             "occurred:\n\n",
             '|');
    }
    if (e->nitems == 0)
        emit_rendered(c, ac__exc_print_one, e, false);
    else
        format_group(c, e);
}

void ac__exc_print_grouped(const ac_exc *e, FILE *out)
{
    print_ctx c = {0, false, out, NULL, 0, 0};
    format_exc(&c, e);
    free(c.seen);
}

bool ac__exc_chain_has_group(const ac_exc *e)
{
    for (int hops = 0; e != NULL && hops < 1000; hops++) {
        if (e->nitems > 0)
            return true;
        e = e->cause ? e->cause : e->context;
    }
    return false;
}
