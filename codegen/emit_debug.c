/* emit_debug.c - the names a debugger prints in a resume function.
 *
 * A local that lives in the frame is the field ac_fr->x, which gdb does
 * not find as `x`.  The resume function declares, before its dispatch (so
 * every resume initialises them, whatever state it jumps to), one local
 * per frame variable under the source's name:
 *
 *     struct { long (*ac_ref); } i = {&ac_fr->i}; (void)i;
 *
 * gdb finds `i` in scope; runtime/gdb/asyncc.py prints such a struct as
 * the value it points to, so `print i` shows the variable (without the
 * extension, `print *i.ac_ref`).  Names the body also uses for something
 * else (a global, a function, a macro) and names two frame variables share
 * get none.  An optimising compiler drops them all. */
#include <stdlib.h>
#include <string.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

/* A name as the source spells it (not NUL-terminated). */
typedef struct name {
    const char *s;
    size_t len;
} name;

static int name_cmp(const void *a, const void *b)
{
    const name *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int at_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static bool has_at(const uint32_t *ats, size_t n, uint32_t at)
{
    return n && bsearch(&at, ats, n, sizeof *ats, at_cmp) != NULL;
}

static bool has_name(const name *names, size_t n, const char *s)
{
    name key = {s, strlen(s)};
    return n && bsearch(&key, names, n, sizeof *names, name_cmp) != NULL;
}

static void push_name(name **v, size_t *n, size_t *cap, name x)
{
    if (*n == *cap)
        *v = ac_xrealloc(*v, (*cap = *cap ? 2 * *cap : 64) * sizeof **v);
    (*v)[(*n)++] = x;
}

/* The names the body uses for something other than a variable of f (a
 * global, a function, a macro, a type), sorted: one walk of the body
 * (with a cursor: no recursion) and lookups by offset. */
static name *other_names(const ac_unit *u, const ac_lfunc *f, TSNode body,
                         size_t *count)
{
    uint32_t *decls = ac_xmalloc(((size_t)f->nvars + 1) * sizeof *decls);
    size_t ndecls = 0;
    for (int i = 0; i < f->nvars; i++)
        if (!f->vars[i].is_catch && !f->vars[i].is_literal)
            decls[ndecls++] = f->vars[i].at;
    qsort(decls, ndecls, sizeof *decls, at_cmp);
    name *names = NULL;
    size_t n = 0, cap = 0;
    TSTreeCursor c = ts_tree_cursor_new(body);
    for (bool more = true; more;) {
        TSNode x = ts_tree_cursor_current_node(&c);
        bool type = ac_ts_is(x, "type_identifier");
        if (type || ac_ts_is(x, "identifier")) {
            uint32_t at = ts_node_start_byte(x);
            if (type ||
                (ac_lfunc_ref(f, at) < 0 && !has_at(decls, ndecls, at))) {
                size_t l;
                const char *t = ac_node_text(u, x, &l);
                push_name(&names, &n, &cap, (name){t, l});
            }
        }
        if (ts_tree_cursor_goto_first_child(&c))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&c))
            if (!ts_tree_cursor_goto_parent(&c)) {
                more = false;
                break;
            }
    }
    ts_tree_cursor_delete(&c);
    free(decls);
    if (n > 1)
        qsort(names, n, sizeof *names, name_cmp);
    *count = n;
    return names;
}

/* The names of the frame's variables that two of them share, sorted. */
static name *shared_names(const ac_lfunc *f, size_t *count)
{
    name *all = NULL, *twice = NULL;
    size_t n = 0, cap = 0, ntwice = 0, cap2 = 0;
    for (int i = 0; i < f->nvars; i++)
        if (f->vars[i].in_frame && !f->vars[i].is_alias)
            push_name(&all, &n, &cap,
                      (name){f->vars[i].name, strlen(f->vars[i].name)});
    if (n > 1)
        qsort(all, n, sizeof *all, name_cmp);
    for (size_t i = 1; i < n; i++)
        if (name_cmp(&all[i - 1], &all[i]) == 0 &&
            (ntwice == 0 || name_cmp(&twice[ntwice - 1], &all[i]) != 0))
            push_name(&twice, &ntwice, &cap2, all[i]);
    free(all);
    *count = ntwice;
    return twice;
}

/* decl ("int b[3]") with its name cname replaced by (*ac_ref): a pointer
 * to the variable's type. */
static bool ref_decl(ac_buf *b, const char *decl, const char *cname)
{
    size_t n = strlen(cname);
    const char *hit = NULL;
    for (const char *p = strstr(decl, cname); p; p = strstr(p + 1, cname)) {
        bool before =
            p > decl && (p[-1] == '_' || (p[-1] >= '0' && p[-1] <= '9') ||
                         ((p[-1] | 32) >= 'a' && (p[-1] | 32) <= 'z'));
        char c = p[n];
        bool after = c == '_' || (c >= '0' && c <= '9') ||
                     ((c | 32) >= 'a' && (c | 32) <= 'z');
        if (!before && !after)
            hit = p;
    }
    if (!hit)
        return false;
    ac_buf_printf(b, "%.*s(*ac_ref)%s", (int)(hit - decl), decl, hit + n);
    return true;
}

void ac_emit_debug_locals(ac_out *o, const ac_lfunc *f, TSNode body)
{
    size_t nshared, nother = 0;
    name *shared = shared_names(f, &nshared);
    name *other = NULL;
    bool walked = false; /* the body's names, once a variable needs them */
    for (int i = 0; i < f->nvars; i++) {
        const ac_lvar *v = &f->vars[i];
        if (!v->in_frame || v->is_alias || v->is_literal || v->is_catch ||
            !v->decl || strncmp(v->name, "ac_", 3) == 0)
            continue;
        if (!walked) {
            other = other_names(o->u, f, body, &nother);
            walked = true;
        }
        if (has_name(shared, nshared, v->name) ||
            has_name(other, nother, v->name))
            continue;
        ac_buf d;
        ac_buf_init(&d);
        if (ref_decl(&d, v->decl, v->cname))
            ac_gen(o, "struct { %s; } %s = {&ac_fr->%s}; (void)%s;\n", d.data,
                   v->name, v->cname, v->name);
        ac_buf_free(&d);
    }
    free(shared);
    free(other);
}
