/* emit_dot.c - --emit=dot: each resumable function's state machine, one
 * digraph per function.  Nodes are the states (start, each suspension
 * point, end); an edge is a resume transition: from a state, the next
 * suspension point a resume can reach, or the end (lowering/flow.c). */
#include "codegen/emit.h"

static void node_name(const ac_lfunc *f, int i, ac_buf *out)
{
    if (i == f->nstates + 1)
        ac_buf_puts(out, "end");
    else
        ac_buf_printf(out, "s%d", i);
}

static void emit_func(const ac_lunit *lu, const ac_lfunc *f, ac_buf *out)
{
    const char *path = lu->unit->src->path;
    ac_buf_printf(out, "digraph \"%s\" {\n  label=\"%s (%s)\";\n", f->name,
                  f->name, ac_fn_kind_name(f->kind));
    ac_buf_printf(out, "  s0 [label=\"start\\n%s:%d\", shape=box];\n", path,
                  f->line);
    for (int i = 0; i < f->nstates; i++) {
        const ac_lstate *s = &f->states[i];
        ac_buf_printf(out, "  s%d [label=\"%d: %s\\n%s:%d:%d\"];\n", s->id,
                      s->id, ac_susp_name(s->what), path, s->line, s->col);
    }
    ac_buf_puts(out, "  end [shape=doublecircle];\n");
    for (int i = 0; i < f->nedges; i++) {
        ac_buf_puts(out, "  ");
        node_name(f, f->edges[i].from, out);
        ac_buf_puts(out, " -> ");
        node_name(f, f->edges[i].to, out);
        ac_buf_puts(out, ";\n");
    }
    ac_buf_puts(out, "}\n");
}

int ac_emit_dot(const ac_lunit *lu, ac_buf *out)
{
    for (int i = 0; i < lu->nfuncs; i++)
        if (lu->funcs[i].kind != AC_FN_PLAIN && lu->funcs[i].has_body)
            emit_func(lu, &lu->funcs[i], out);
    return 0;
}
