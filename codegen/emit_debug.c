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

/* Whether an identifier in n spelled name refers to something other than
 * a variable of f. */
static bool used_otherwise(const ac_unit *u, const ac_lfunc *f, TSNode n,
                           const char *name, size_t len)
{
    if (ac_ts_is(n, "identifier") || ac_ts_is(n, "type_identifier")) {
        size_t l;
        const char *t = ac_node_text(u, n, &l);
        uint32_t at = ts_node_start_byte(n);
        return l == len && memcmp(t, name, len) == 0 &&
               (ac_ts_is(n, "type_identifier") ||
                (ac_lfunc_ref(f, at) < 0 && ac_lfunc_var_at(f, at) < 0));
    }
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        if (used_otherwise(u, f, ts_node_child(n, i), name, len))
            return true;
    return false;
}

/* decl ("int b[3]") with its name cname replaced by (*ac_ref): a pointer
 * to the variable's type. */
static bool ref_decl(ac_buf *b, const char *decl, const char *cname)
{
    size_t n = strlen(cname);
    const char *hit = NULL;
    for (const char *p = strstr(decl, cname); p; p = strstr(p + 1, cname)) {
        bool before = p > decl && (p[-1] == '_' || (p[-1] >= '0' && p[-1] <= '9') ||
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
    for (int i = 0; i < f->nvars; i++) {
        const ac_lvar *v = &f->vars[i];
        if (!v->in_frame || v->is_alias || v->is_literal || v->is_catch ||
            !v->decl || strncmp(v->name, "ac_", 3) == 0)
            continue;
        bool shared = false;
        for (int k = 0; k < f->nvars && !shared; k++)
            shared = k != i && f->vars[k].in_frame && !f->vars[k].is_alias &&
                     strcmp(f->vars[k].name, v->name) == 0;
        if (shared ||
            used_otherwise(o->u, f, body, v->name, strlen(v->name)))
            continue;
        ac_buf d;
        ac_buf_init(&d);
        if (ref_decl(&d, v->decl, v->cname))
            ac_gen(o, "struct { %s; } %s = {&ac_fr->%s}; (void)%s;\n", d.data,
                   v->name, v->cname, v->name);
        ac_buf_free(&d);
    }
}
