/* emit_dot.c - --emit=dot: each resumable function's state machine.
 * Nodes are states (start, each suspension point, end); an edge is a
 * resume that runs from one state to the next suspension: to the next
 * state in source order, back to a loop's first state from a state
 * inside the loop, and to the end. */
#include "codegen/emit.h"

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
    for (int i = 0; i < f->nstates; i++) {
        const ac_lstate *s = &f->states[i];
        ac_buf_printf(out, "  s%d -> s%d;\n", i == 0 ? 0 : f->states[i - 1].id,
                      s->id);
        if (s->loop_depth > 0 && s->loop_first > 0 &&
            (i + 1 == f->nstates ||
             f->states[i + 1].loop_first != s->loop_first))
            ac_buf_printf(out, "  s%d -> s%d [style=dashed];\n", s->id,
                          s->loop_first);
        if (s->what == AC_SUSP_YIELD_FROM || s->what == AC_SUSP_ASYNC_FOR)
            ac_buf_printf(out, "  s%d -> s%d [style=dotted];\n", s->id, s->id);
    }
    ac_buf_printf(out, "  s%d -> end;\n}\n",
                  f->nstates ? f->states[f->nstates - 1].id : 0);
}

int ac_emit_dot(const ac_lunit *lu, ac_buf *out)
{
    for (int i = 0; i < lu->nfuncs; i++)
        if (lu->funcs[i].kind != AC_FN_PLAIN && lu->funcs[i].has_body)
            emit_func(lu, &lu->funcs[i], out);
    return 0;
}
