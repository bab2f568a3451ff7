/* out.c - writing generated and copied text, and #line directives. */
#include <stdarg.h>
#include <string.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

static void indent(ac_out *o, const char *rest)
{
    if (!o->bol)
        return;
    o->bol = false;
    /* `}`, `case` and `default` sit one level out */
    bool out = rest[0] == '}' || strncmp(rest, "case ", 5) == 0 ||
               strncmp(rest, "default:", 8) == 0;
    int n = o->base + 4 * (o->depth - out);
    for (int i = 0; i < n; i++)
        ac_buf_putc(o->b, ' ');
}

void ac_gen(ac_out *o, const char *fmt, ...)
{
    ac_buf tmp;
    ac_buf_init(&tmp);
    va_list ap;
    va_start(ap, fmt);
    ac_buf_vprintf(&tmp, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < tmp.len; i++) {
        char c = tmp.data[i];
        if (c == '\n') {
            ac_buf_putc(o->b, c);
            o->bol = true;
            o->dirty = true;
            continue;
        }
        indent(o, tmp.data + i);
        if (c == '{')
            o->depth++;
        else if (c == '}' && o->depth > 0)
            o->depth--;
        ac_buf_putc(o->b, c);
    }
    ac_buf_free(&tmp);
}

static bool blanked(ac_kw_kind k)
{
    return k == AC_KW_TRY || k == AC_KW_CATCH || k == AC_KW_FINALLY ||
           k == AC_KW_ASYNC_FOR || k == AC_KW_ASYNC_WITH;
}

void ac_copy(ac_out *o, uint32_t start, uint32_t end)
{
    const ac_unit *u = o->u;
    if (start < end)
        indent(o, u->src->text + start);
    while (start < end) {
        const ac_kw *kw = ac_kw_first_in(u, start, end);
        while (kw && !blanked(kw->kind))
            kw = ac_kw_first_in(u, kw->end, end);
        if (!kw) {
            ac_buf_add(o->b, u->src->text + start, end - start);
            return;
        }
        ac_buf_add(o->b, u->src->text + start, kw->start - start);
        uint32_t kend = kw->end < end ? kw->end : end;
        ac_buf_add(o->b, u->pp.masked + kw->start, kend - kw->start);
        start = kend;
    }
}

void ac_line(ac_out *o, int line)
{
    if (!o->opts->line_directives)
        return;
    if (o->b->len && o->b->data[o->b->len - 1] != '\n')
        ac_buf_putc(o->b, '\n');
    ac_buf_printf(o->b, "#line %d \"", line);
    for (const char *p = o->u->src->path; *p; p++) {
        if (*p == '"' || *p == '\\')
            ac_buf_putc(o->b, '\\');
        ac_buf_putc(o->b, *p);
    }
    ac_buf_puts(o->b, "\"\n");
    o->dirty = false;
}

void ac_copy_gap(ac_out *o, uint32_t start, uint32_t end, int next_line)
{
    const char *t = o->u->src->text;
    uint32_t nl = end;
    while (nl > start && t[nl - 1] != '\n')
        nl--;
    if (!o->dirty || !o->opts->line_directives) {
        ac_copy(o, start, end);
        return;
    }
    ac_copy(o, start, nl);
    ac_line(o, next_line);
    ac_copy(o, nl, end);
}
