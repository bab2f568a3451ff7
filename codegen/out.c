/* out.c - writing generated and copied text, and #line directives.
 *
 * Every output line that holds code maps to one place: copied source text
 * to its own .ac line (a directive is put before it when the lines drifted
 * apart, and the output line is broken when it holds code of another
 * line), generated text to the line of the construct it implements
 * (o->attr: the statement, the await, the catch clause), or, for the
 * translator's own code (frame structs, constructors, dispatch, unwinding;
 * attr 0), to the output file itself, so that no generated line lands on
 * an unrelated .ac line.  Generated text that belongs to a source line is
 * kept on one output line (its newlines become spaces); with --no-line
 * the layout is the readable one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

void ac_out_start(ac_out *o)
{
    o->counted = o->b->len;
    o->phys = 1;
    o->map_src = false;
    o->committed = false;
    o->attr = 0;
}

/* Copied code is padded to its source column so that compilers report
 * the programmer's columns, and generated lines are indented to the
 * statement's column: both at most this many blanks, or one long source
 * line (8,000 yields in 64 KB) would give output quadratic in its length.
 * Past this column a diagnostic names the right line, not the column. */
enum { AC_MAX_PAD = 256 };

static int capped(int blanks)
{
    return blanks < AC_MAX_PAD ? blanks : AC_MAX_PAD;
}

static bool directives(const ac_out *o)
{
    return o->opts->line_directives;
}

/* The output line being written. */
static int phys(ac_out *o)
{
    if (o->counted > o->b->len)
        o->counted = o->b->len;
    for (; o->counted < o->b->len; o->counted++)
        if (o->b->data[o->counted] == '\n')
            o->phys++;
    return o->phys;
}

/* The source line the current output line maps to, or -1 (the output). */
static int mapped(ac_out *o)
{
    return o->map_src ? o->map_line + (phys(o) - o->map_at) : -1;
}

static size_t line_start(const ac_out *o)
{
    size_t i = o->b->len;
    while (i > 0 && o->b->data[i - 1] != '\n')
        i--;
    return i;
}

static int column(const ac_out *o)
{
    return (int)(o->b->len - line_start(o)) + 1;
}

void ac_put_quoted(ac_out *o, const char *s)
{
    ac_buf_putc(o->b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            ac_buf_putc(o->b, '\\');
        ac_buf_putc(o->b, *s);
    }
    ac_buf_putc(o->b, '"');
}

/* The output's name for directives that map it to itself. */
static void put_out_name(ac_out *o)
{
    if (o->opts->out_name) {
        ac_put_quoted(o, o->opts->out_name);
        return;
    }
    const char *p = o->u->src->path;
    size_t n = strlen(p);
    ac_buf name;
    ac_buf_init(&name);
    if (n > 3 && strcmp(p + n - 3, ".ac") == 0)
        ac_buf_printf(&name, "%.*s.c", (int)(n - 3), p);
    else if (n > 3 && strcmp(p + n - 3, ".ah") == 0)
        ac_buf_printf(&name, "%.*s.h", (int)(n - 3), p);
    else
        ac_buf_printf(&name, "%s.c", p);
    ac_put_quoted(o, name.data);
    ac_buf_free(&name);
}

/* Starts a new output line for a directive: the current one is dropped
 * when it only holds blanks (their count goes to *blanks), else ended. */
static bool new_line(ac_out *o, int *blanks)
{
    size_t s = line_start(o), i = s;
    while (i < o->b->len && (o->b->data[i] == ' ' || o->b->data[i] == '\t'))
        i++;
    *blanks = 0;
    if (i == o->b->len) {
        *blanks = (int)(o->b->len - s);
        o->b->len = s;
        return false;
    }
    ac_buf_putc(o->b, '\n');
    return true;
}

/* `#line` for the line about to be written: source line `line`, or the
 * output itself (line 0); then pad blanks. */
static void directive(ac_out *o, int line, int pad)
{
    if (line > 0) {
        ac_buf_printf(o->b, "#line %d ", line);
        ac_put_quoted(o, o->u->src->path);
        ac_buf_putc(o->b, '\n');
        o->map_src = true;
        o->map_line = line;
        o->map_at = phys(o);
    } else {
        ac_buf_printf(o->b, "#line %d ", phys(o) + 1);
        put_out_name(o);
        ac_buf_putc(o->b, '\n');
        o->map_src = false;
        phys(o);
    }
    for (int i = capped(pad); i > 0; i--)
        ac_buf_putc(o->b, ' ');
    o->committed = true;
    o->bol = false;
    o->dirty = false;
}

/* Before the first code of a generated line: map it to o->attr. */
static void gen_sync(ac_out *o)
{
    o->committed = true;
    if (!directives(o))
        return;
    int want = o->attr;
    if (want > 0 ? mapped(o) == want : !o->map_src)
        return;
    int blanks;
    if (new_line(o, &blanks))
        blanks = o->base + 4 * o->depth; /* the line was broken */
    directive(o, want, blanks);
}

/* Before copied code at source offset `at`. */
static void copy_sync(ac_out *o, uint32_t at, bool align)
{
    if (!directives(o))
        return;
    int line = ac_line_of(o->u, at);
    int col = ac_col_of(o->u, at);
    if (mapped(o) == line && (!align || column(o) == capped(col - 1) + 1)) {
        o->committed = true;
        return;
    }
    int blanks;
    new_line(o, &blanks);
    directive(o, line, col - 1);
}

void ac_align(ac_out *o, uint32_t at)
{
    copy_sync(o, at, true);
}


static void indent(ac_out *o, const char *rest)
{
    if (!o->bol)
        return;
    o->bol = false;
    /* `}`, `case` and `default` sit one level out */
    bool out = rest[0] == '}' || strncmp(rest, "case ", 5) == 0 ||
               strncmp(rest, "default:", 8) == 0;
    int n = capped(o->base + 4 * (o->depth - out));
    for (int i = 0; i < n; i++)
        ac_buf_putc(o->b, ' ');
}

void ac_at(ac_out *o, uint32_t at)
{
    indent(o, " ");
    copy_sync(o, at, false);
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
            if (directives(o) && o->attr > 0 && mapped(o) == o->attr) {
                /* stays on its source line */
                if (o->b->len && o->b->data[o->b->len - 1] != ' ')
                    ac_buf_putc(o->b, ' ');
                o->squeeze = true;
                continue;
            }
            ac_buf_putc(o->b, c);
            o->bol = true;
            o->dirty = true;
            o->committed = false;
            o->squeeze = false;
            continue;
        }
        if (o->squeeze) {
            if (c == ' ')
                continue;
            o->squeeze = false;
        }
        indent(o, tmp.data + i);
        /* the translator's own code never shares a source line; braces
         * are no code (they wait for what follows) */
        if (c != ' ' && c != '\t' && c != '{' && c != '}' &&
            (!o->committed || (o->attr == 0 && o->map_src && directives(o))))
            gen_sync(o);
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

/* Source bytes [start, end) of text (the source or its masked copy),
 * syncing the mapping before the first code of each line. */
static void copy_raw(ac_out *o, const char *text, uint32_t start,
                     uint32_t end)
{
    uint32_t run = start; /* bytes not yet written */
    bool check = true;    /* the next code needs a sync */
    for (uint32_t p = start; p < end; p++) {
        char c = text[p];
        if (c == '\n') {
            ac_buf_add(o->b, text + run, p + 1 - run);
            run = p + 1;
            o->committed = false;
            check = true;
            continue;
        }
        if (check && c != ' ' && c != '\t' && c != '\r' && c != '\f' &&
            c != '\v') {
            ac_buf_add(o->b, text + run, p - run);
            run = p;
            if (directives(o) && !(o->committed && mapped(o) ==
                                                       ac_line_of(o->u, p)))
                copy_sync(o, p, false);
            o->committed = true;
            check = false;
        }
    }
    ac_buf_add(o->b, text + run, end - run);
    o->squeeze = false;
}

static void copy_span(ac_out *o, uint32_t start, uint32_t end)
{
    const ac_unit *u = o->u;
    while (start < end) {
        const ac_kw *kw = ac_kw_first_in(u, start, end);
        while (kw && !blanked(kw->kind))
            kw = ac_kw_first_in(u, kw->end, end);
        if (!kw) {
            copy_raw(o, u->src->text, start, end);
            return;
        }
        copy_raw(o, u->src->text, start, kw->start);
        uint32_t kend = kw->end < end ? kw->end : end;
        copy_raw(o, u->pp.masked, kw->start, kend);
        start = kend;
    }
}

/* The first site starting at or after `at` (sites sort by start, the
 * outermost first). */
static size_t first_start(const ac_out *o, uint32_t at)
{
    size_t lo = 0, hi = o->nsites;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (o->sites[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first entry of site_ends (site indices by end, the innermost
 * first) ending at or after `at`. */
static size_t first_end(const ac_out *o, uint32_t at)
{
    size_t lo = 0, hi = o->nsites;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (o->sites[o->site_ends[mid]].end < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A call site as one literal, "file:line" (ac_coro_origin's words). */
static void put_site(ac_out *o, int line)
{
    const char *path = o->u->src->path;
    size_t n = strlen(path) + 16;
    char *where = ac_xmalloc(n);
    snprintf(where, n, "%s:%d", path, line);
    ac_put_quoted(o, where);
    free(where);
}

void ac_copy(ac_out *o, uint32_t start, uint32_t end)
{
    const ac_unit *u = o->u;
    if (start < end)
        indent(o, u->src->text + start);
    uint32_t p = start;
    while (p < end) {
        /* a call starting here: ac__set_origin(...) before it */
        size_t i = first_start(o, p);
        bool synced = false;
        for (; i < o->nsites && o->sites[i].start == p; i++) {
            if (!synced)
                copy_sync(o, p, false);
            synced = true;
            ac_buf_puts(o->b, o->sites[i].task ? "(ac__set_task_origin("
                                               : "(ac__set_origin(");
            put_site(o, o->sites[i].line);
            ac_buf_puts(o->b, "), ");
            o->site_open[i]++;
        }
        if (synced) /* the call itself at its own column */
            copy_sync(o, p, true);
        uint32_t q = end;
        if (i < o->nsites && o->sites[i].start < q)
            q = o->sites[i].start;
        size_t k = first_end(o, p + 1);
        if (k < o->nsites && o->sites[o->site_ends[k]].end < q)
            q = o->sites[o->site_ends[k]].end;
        copy_span(o, p, q);
        /* calls ending here (that were opened) */
        for (k = first_end(o, q);
             k < o->nsites && o->sites[o->site_ends[k]].end == q; k++)
            if (o->site_open[o->site_ends[k]] > 0) {
                ac_buf_putc(o->b, ')');
                o->site_open[o->site_ends[k]]--;
            }
        p = q;
    }
}

void ac_line(ac_out *o, int line)
{
    (void)o;
    (void)line;
}

void ac_copy_gap(ac_out *o, uint32_t start, uint32_t end, int next_line)
{
    (void)next_line;
    ac_copy(o, start, end);
}
