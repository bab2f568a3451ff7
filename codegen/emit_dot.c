/* emit_dot.c - --emit=dot: the state machines of a file as ONE Graphviz
 * digraph, a cluster per resumable function (`dot -Tpng x.dot -o x.png`
 * renders them all).  Nodes are the states (start, each suspension point,
 * end); an edge is a resume transition (lowering/flow.c): from a state,
 * the next suspension point a resume can reach, or the end.  Edges are
 * labelled by what they are:
 *
 *   resume        on to a later suspension point
 *   loop back     to the same or an earlier one (a loop's next iteration)
 *   raise         into a catch block, from outside it (an exception)
 *   return/raise  to the end: the function returns or an exception leaves it
 *
 * Labels name files by their base name (docs/DESIGN.md shows an example). */
#include <string.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* s as the inside of a DOT string: quotes and backslashes escaped. */
static void put_escaped(ac_buf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            ac_buf_putc(out, '\\');
        ac_buf_putc(out, *s);
    }
}

static void node_name(int fn, const ac_lfunc *f, int i, ac_buf *out)
{
    if (i == f->nstates + 1)
        ac_buf_printf(out, "f%d_end", fn);
    else
        ac_buf_printf(out, "f%d_s%d", fn, i);
}

/* The catch block of f holding offset at: its index among all of f's
 * catch blocks (try * 16 + clause), or -1.  A catch block runs from its
 * start to the next clause's block (or the finally block, or the try
 * statement's last line). */
static int catch_block_of(const ac_lunit *lu, const ac_lfunc *f, uint32_t at)
{
    for (int i = 0; i < f->ntries; i++) {
        const ac_ltry *t = &f->tries[i];
        for (int k = 0; k < t->ncatch; k++) {
            if (at < t->catch_body[k])
                continue;
            bool inside;
            if (k + 1 < t->ncatch)
                inside = at < t->catch_body[k + 1];
            else if (t->has_finally)
                inside = at < t->finally_body;
            else
                inside = ac_line_of(lu->unit, at) <= t->end_line;
            if (inside)
                return i * 16 + k;
        }
    }
    return -1;
}

static const char *edge_label(const ac_lunit *lu, const ac_lfunc *f,
                              const ac_ledge *e)
{
    if (e->to == f->nstates + 1)
        return "return/raise";
    int into = catch_block_of(lu, f, f->states[e->to - 1].at);
    int from = e->from == 0 ? -1
                            : catch_block_of(lu, f, f->states[e->from - 1].at);
    if (into >= 0 && into != from)
        return "raise";
    if (e->to <= e->from)
        return "loop back";
    return "resume";
}

static void emit_func(const ac_lunit *lu, int fn, const ac_lfunc *f,
                      ac_buf *out)
{
    const char *file = base_name(lu->unit->src->path);
    ac_buf_printf(out, "  subgraph cluster_%d {\n    label=\"", fn);
    put_escaped(out, f->name);
    ac_buf_printf(out, " (%s)\";\n", ac_fn_kind_name(f->kind));
    ac_buf_printf(out, "    f%d_s0 [label=\"start\\n", fn);
    put_escaped(out, file);
    ac_buf_printf(out, ":%d\", shape=box];\n", f->line);
    for (int i = 0; i < f->nstates; i++) {
        const ac_lstate *s = &f->states[i];
        ac_buf_printf(out, "    f%d_s%d [label=\"%d: %s\\n", fn, s->id, s->id,
                      ac_susp_name(s->what));
        put_escaped(out, file);
        ac_buf_printf(out, ":%d:%d\"];\n", s->line, s->col);
    }
    ac_buf_printf(out, "    f%d_end [label=\"end\", shape=doublecircle];\n",
                  fn);
    for (int i = 0; i < f->nedges; i++) {
        const char *label = edge_label(lu, f, &f->edges[i]);
        ac_buf_puts(out, "    ");
        node_name(fn, f, f->edges[i].from, out);
        ac_buf_puts(out, " -> ");
        node_name(fn, f, f->edges[i].to, out);
        ac_buf_printf(out, " [label=\"%s\"", label);
        if (strcmp(label, "raise") == 0)
            ac_buf_puts(out, ", style=dashed, color=red");
        else if (strcmp(label, "loop back") == 0)
            ac_buf_puts(out, ", color=blue, constraint=false");
        ac_buf_puts(out, "];\n");
    }
    ac_buf_puts(out, "  }\n");
}

int ac_emit_dot(const ac_lunit *lu, ac_buf *out)
{
    const char *file = base_name(lu->unit->src->path);
    ac_buf_puts(out, "digraph \"");
    put_escaped(out, file);
    ac_buf_puts(out, "\" {\n  label=\"");
    put_escaped(out, file);
    ac_buf_puts(out, "\";\n  labelloc=t;\n  node [fontsize=10];\n"
                     "  edge [fontsize=9];\n");
    for (int i = 0; i < lu->nfuncs; i++)
        if (lu->funcs[i].kind != AC_FN_PLAIN && lu->funcs[i].has_body)
            emit_func(lu, i, &lu->funcs[i], out);
    ac_buf_puts(out, "}\n");
    return 0;
}
