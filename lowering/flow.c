/* flow.c - the state machine's transitions: from each state (0 = the
 * start), the suspension points a resume can reach next before it
 * suspends again, and whether it can finish (the end).
 *
 * One structural walk over the body builds a graph whose nodes stand for
 * sets of states control may have resumed from ("origins"): a suspension
 * point takes the current node to itself and starts from a node holding
 * only its own state; branches join their nodes; a loop's head is a node
 * its body's end (and continue) flows back to; break/continue/return/
 * throw move control to where they go.  Every statement of a try block
 * may raise, so its nodes also flow to the handlers.  Then the origin
 * sets are propagated over the graph to a fixed point (a worklist in
 * creation order, so that straight-line code is visited once and a set
 * only grows), and each suspension point or the end reached from a node
 * gets an edge from every origin of that node.  Each node and statement
 * is walked once: the cost is linear in the body times the words of a
 * set.  It is an over-approximation (conditions are not evaluated),
 * which is what a graph of possible transitions wants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "lowering/flow.h"
#include "lowering/ts_util.h"
#include "lowering/walker.h"

typedef struct jumps {
    int brk, cnt; /* the nodes break / continue to this loop flow to */
    bool is_switch;
} jumps;

typedef struct gnode {
    int *succ; /* the nodes this one flows to */
    int nsucc, cap;
    int *to; /* the states (or the end) this one reaches */
    int nto, tocap;
} gnode;

typedef struct flow {
    const ac_unit *u;
    ac_lfunc *f;
    int n; /* states: origins are 0..n, the end is n + 1 */
    gnode *g;
    int ng, gcap;
    int *origin;  /* origin[i]: the node holding only state i */
    int *by_at;   /* the suspension states ordered by offset */
    int nby_at;
    jumps *loops; /* innermost last */
    int nloops;
    int *raised; /* the node each enclosing try block may raise from */
    int ntries;
    char **label; /* the labels seen, each with the node its gotos flow to */
    int *label_node;
    int nlabels;
} flow;

static int fl_node(flow *fl)
{
    if (fl->ng == fl->gcap) {
        fl->gcap = fl->gcap ? 2 * fl->gcap : 64;
        fl->g = ac_xrealloc(fl->g, (size_t)fl->gcap * sizeof *fl->g);
    }
    fl->g[fl->ng] = (gnode){0};
    return fl->ng++;
}

/* from flows into to (to's set grows by from's). */
static void fl_flow(flow *fl, int from, int to)
{
    gnode *g = &fl->g[from];
    if (g->nsucc && g->succ[g->nsucc - 1] == to)
        return;
    if (g->nsucc == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 2;
        g->succ = ac_xrealloc(g->succ, (size_t)g->cap * sizeof *g->succ);
    }
    g->succ[g->nsucc++] = to;
}

/* *into becomes a new node joining *into and s. */
static void fl_or(flow *fl, int *into, int s)
{
    int j = fl_node(fl);
    fl_flow(fl, *into, j);
    fl_flow(fl, s, j);
    *into = j;
}

/* Every origin of node from reaches state (or end) to. */
static void fl_edges(flow *fl, int from, int to)
{
    gnode *g = &fl->g[from];
    if (g->nto == g->tocap) {
        g->tocap = g->tocap ? 2 * g->tocap : 2;
        g->to = ac_xrealloc(g->to, (size_t)g->tocap * sizeof *g->to);
    }
    g->to[g->nto++] = to;
}

static void fl_clear(flow *fl, int *cur)
{
    *cur = fl_node(fl);
}

static void fl_may_raise(flow *fl, int cur)
{
    if (fl->ntries)
        fl_flow(fl, cur, fl->raised[fl->ntries - 1]);
}

/* A suspension point: every origin reaches it; it is the origin now. */
static void fl_suspend(flow *fl, int *cur, int id)
{
    fl_edges(fl, *cur, id);
    *cur = fl->origin[id];
    fl_may_raise(fl, *cur);
}

static int by_id(const void *a, const void *b)
{
    return (*(const int *)a > *(const int *)b) -
           (*(const int *)a < *(const int *)b);
}

static const ac_lfunc *sort_f;

static int by_at(const void *a, const void *b)
{
    uint32_t x = sort_f->states[*(const int *)a - 1].at;
    uint32_t y = sort_f->states[*(const int *)b - 1].at;
    return (x > y) - (x < y);
}

/* The suspension points of yield/yield from/await in [start, end), in the
 * order they run (operands before the operators holding them: ids). */
static void fl_points(flow *fl, int *cur, uint32_t start, uint32_t end)
{
    int lo = 0, hi = fl->nby_at;
    while (lo < hi) { /* the first at >= start */
        int mid = lo + (hi - lo) / 2;
        if (fl->f->states[fl->by_at[mid] - 1].at < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    int k = lo;
    while (k < fl->nby_at && fl->f->states[fl->by_at[k] - 1].at < end)
        k++;
    int nids = k - lo;
    if (nids == 0)
        return;
    int *ids = ac_xmalloc((size_t)nids * sizeof *ids);
    memcpy(ids, fl->by_at + lo, (size_t)nids * sizeof *ids);
    if (nids > 1)
        qsort(ids, (size_t)nids, sizeof *ids, by_id);
    for (int i = 0; i < nids; i++)
        fl_suspend(fl, cur, ids[i]);
    free(ids);
}

static void fl_node_points(flow *fl, int *cur, TSNode n)
{
    if (!ts_node_is_null(n))
        fl_points(fl, cur, ts_node_start_byte(n), ts_node_end_byte(n));
}

static void fl_stmt(flow *fl, TSNode s, int *cur);

/* The node the gotos to the label named by identifier id flow to. */
static int fl_label(flow *fl, TSNode id)
{
    char *name = ac_ts_text(fl->u, id);
    for (int i = 0; i < fl->nlabels; i++)
        if (strcmp(fl->label[i], name) == 0) {
            free(name);
            return fl->label_node[i];
        }
    size_t n = (size_t)fl->nlabels + 1;
    fl->label = ac_xrealloc(fl->label, n * sizeof *fl->label);
    fl->label_node = ac_xrealloc(fl->label_node, n * sizeof *fl->label_node);
    fl->label[fl->nlabels] = name;
    fl->label_node[fl->nlabels] = fl_node(fl);
    return fl->label_node[fl->nlabels++];
}

/* ---- loops ----------------------------------------------------------- */

static void loop_push(flow *fl, bool is_switch)
{
    fl->loops =
        ac_xrealloc(fl->loops, (size_t)(fl->nloops + 1) * sizeof *fl->loops);
    fl->loops[fl->nloops++] = (jumps){fl_node(fl), fl_node(fl), is_switch};
}

static jumps loop_pop(flow *fl)
{
    return fl->loops[--fl->nloops];
}

static jumps *innermost(flow *fl, bool is_break)
{
    for (int i = fl->nloops - 1; i >= 0; i--)
        if (is_break || !fl->loops[i].is_switch)
            return &fl->loops[i];
    return NULL;
}

/* head: the condition (NULL: none), run before the body (or after it for
 * do); update: after the body, which then flows back to the head. */
static void fl_loop(flow *fl, int *cur, TSNode head, TSNode body,
                    TSNode update, bool head_first, bool can_end,
                    const ac_lstate *step)
{
    int exit = fl_node(fl), at_head = fl_node(fl);
    fl_flow(fl, *cur, at_head);
    int c = at_head;
    if (step) /* async for: each step awaits anext */
        fl_suspend(fl, &c, step->id);
    if (head_first && !ts_node_is_null(head))
        fl_node_points(fl, &c, head);
    if (can_end) /* the condition is false, or the generator ends */
        fl_flow(fl, c, exit);
    loop_push(fl, false);
    fl_stmt(fl, body, &c);
    jumps j = loop_pop(fl);
    fl_or(fl, &c, j.cnt);
    if (!head_first) {
        fl_node_points(fl, &c, head);
        fl_flow(fl, c, exit);
    }
    fl_node_points(fl, &c, update);
    fl_flow(fl, j.brk, exit);
    fl_flow(fl, c, at_head);
    *cur = exit;
}

/* ---- statements -------------------------------------------------------- */

static bool is_kw_block(const ac_unit *u, TSNode c, ac_kw_kind kind)
{
    if (!ac_ts_is(c, "compound_statement"))
        return false;
    const ac_kw *kw = ac_kw_before(u, ts_node_start_byte(c));
    return kw && kw->kind == kind;
}

/* children[i] is a try block; returns the number of blocks used. */
static uint32_t fl_try(flow *fl, TSNode parent, uint32_t i, int *cur)
{
    uint32_t n = ts_node_named_child_count(parent), j = i + 1;
    int raised = fl_node(fl);
    fl_flow(fl, *cur, raised);
    fl->raised =
        ac_xrealloc(fl->raised, (size_t)(fl->ntries + 1) * sizeof *fl->raised);
    fl->raised[fl->ntries++] = raised;
    fl_stmt(fl, ts_node_named_child(parent, i), cur);
    fl->ntries--;
    int after = *cur;
    bool caught = false;
    for (; j < n; j++) {
        TSNode c = ts_node_named_child(parent, j);
        if (is_kw_block(fl->u, c, AC_KW_CATCH)) {
            int h = raised;
            fl_stmt(fl, c, &h);
            fl_or(fl, &after, h);
            caught = true;
            continue;
        }
        if (is_kw_block(fl->u, c, AC_KW_FINALLY)) {
            fl_or(fl, &after, raised); /* entered by a raise too */
            fl_stmt(fl, c, &after);
            j++;
        }
        break;
    }
    if (!caught) /* what no catch handles goes on outward */
        fl_may_raise(fl, raised);
    *cur = after;
    return j - i;
}

static void fl_block(flow *fl, TSNode n, int *cur)
{
    uint32_t count = ts_node_named_child_count(n);
    TSTreeCursor tc = ts_tree_cursor_new(n);
    bool more = ts_tree_cursor_goto_first_child(&tc);
    for (uint32_t i = 0; more; more = ts_tree_cursor_goto_next_sibling(&tc)) {
        TSNode c = ts_tree_cursor_current_node(&tc);
        if (!ts_node_is_named(c))
            continue;
        if (i >= count)
            break;
        if (is_kw_block(fl->u, c, AC_KW_TRY)) {
            uint32_t used = fl_try(fl, n, i, cur);
            i += used;
            for (uint32_t k = 1; k < used && more;) { /* skip the handlers */
                more = ts_tree_cursor_goto_next_sibling(&tc);
                if (more && ts_node_is_named(ts_tree_cursor_current_node(&tc)))
                    k++;
            }
            continue;
        }
        fl_stmt(fl, c, cur);
        i++;
    }
    ts_tree_cursor_delete(&tc);
}

static void fl_switch(flow *fl, TSNode s, int *cur)
{
    fl_node_points(fl, cur, ac_ts_field(s, "condition"));
    TSNode body = ac_ts_field(s, "body");
    int entry = *cur, fall = fl_node(fl);
    bool has_default = false;
    loop_push(fl, true);
    uint32_t count = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(body, i);
        if (!ac_ts_is(c, "case_statement")) {
            fl_stmt(fl, c, &fall);
            continue;
        }
        TSNode value = ac_ts_field(c, "value");
        if (ts_node_is_null(value))
            has_default = true;
        fl_or(fl, &fall, entry);
        uint32_t m = ts_node_named_child_count(c);
        for (uint32_t k = 0; k < m; k++) {
            TSNode st = ts_node_named_child(c, k);
            if (!ts_node_eq(st, value))
                fl_stmt(fl, st, &fall);
        }
    }
    jumps j = loop_pop(fl);
    fl_or(fl, &fall, j.brk);
    if (!has_default)
        fl_or(fl, &fall, entry);
    *cur = fall;
}

static void fl_async_with(flow *fl, TSNode s, int *cur, const ac_kw *kw)
{
    fl_node_points(fl, cur, ac_ts_field(s, "condition"));
    const ac_lstate *enter =
        ac_lfunc_state_at(fl->f, kw->start, AC_SUSP_AENTER);
    const ac_lstate *exit = ac_lfunc_state_at(fl->f, kw->start, AC_SUSP_AEXIT);
    fl_suspend(fl, cur, enter->id);
    /* return/break/continue/raise in the block all go through aexit: an
     * over-approximation lets every origin of the block reach it */
    int all = fl_node(fl);
    fl_flow(fl, *cur, all);
    fl->raised =
        ac_xrealloc(fl->raised, (size_t)(fl->ntries + 1) * sizeof *fl->raised);
    fl->raised[fl->ntries++] = all;
    fl_stmt(fl, ac_ts_field(s, "consequence"), cur);
    fl->ntries--;
    fl_or(fl, cur, all);
    fl_suspend(fl, cur, exit->id);
}

static void fl_for(flow *fl, TSNode s, int *cur)
{
    const ac_kw *in = ac_forin_kw(fl->u, s);
    if (in) {
        const ac_lforin *fi = ac_lfunc_forin_at(fl->f, ts_node_start_byte(s));
        fl_node_points(fl, cur, ac_ts_field(s, "update"));
        const ac_lstate *step =
            fi && fi->is_async ? &fl->f->states[fi->state - 1] : NULL;
        fl_loop(fl, cur, (TSNode){0}, ac_ts_field(s, "body"), (TSNode){0}, true,
                true, step);
        return;
    }
    fl_node_points(fl, cur, ac_ts_field(s, "initializer"));
    TSNode cond = ac_ts_field(s, "condition");
    fl_loop(fl, cur, cond, ac_ts_field(s, "body"), ac_ts_field(s, "update"),
            true, !ts_node_is_null(cond), NULL);
}

static void fl_jump(flow *fl, int *cur, bool is_break)
{
    jumps *j = innermost(fl, is_break);
    if (j)
        fl_flow(fl, *cur, is_break ? j->brk : j->cnt);
    fl_clear(fl, cur);
}

static void fl_stmt(flow *fl, TSNode s, int *cur)
{
    /* else and a label's statement are walked here, not recursively */
    while (!ts_node_is_null(s)) {
        const char *t = ts_node_type(s);
        const ac_kw *kw = ac_kw_at(fl->u, ts_node_start_byte(s));
        TSNode next = {0};
        fl_may_raise(fl, *cur);
        if (strcmp(t, "compound_statement") == 0 ||
            strncmp(t, "preproc_", 8) == 0) {
            fl_block(fl, s, cur);
        } else if (strcmp(t, "if_statement") == 0 && kw &&
                   kw->kind == AC_KW_ASYNC_WITH) {
            fl_async_with(fl, s, cur, kw);
        } else if (strcmp(t, "if_statement") == 0) {
            fl_node_points(fl, cur, ac_ts_field(s, "condition"));
            int other = *cur;
            fl_stmt(fl, ac_ts_field(s, "consequence"), cur);
            TSNode alt = ac_ts_field(s, "alternative");
            if (!ts_node_is_null(alt))
                fl_stmt(fl, alt, &other);
            fl_or(fl, cur, other);
        } else if (strcmp(t, "else_clause") == 0) {
            next = ts_node_named_child(s, 0);
        } else if (strcmp(t, "while_statement") == 0) {
            fl_loop(fl, cur, ac_ts_field(s, "condition"),
                    ac_ts_field(s, "body"), (TSNode){0}, true, true, NULL);
        } else if (strcmp(t, "do_statement") == 0) {
            fl_loop(fl, cur, ac_ts_field(s, "condition"),
                    ac_ts_field(s, "body"), (TSNode){0}, false, true, NULL);
        } else if (strcmp(t, "for_statement") == 0) {
            fl_for(fl, s, cur);
        } else if (strcmp(t, "switch_statement") == 0) {
            fl_switch(fl, s, cur);
        } else if (strcmp(t, "break_statement") == 0) {
            fl_jump(fl, cur, true);
        } else if (strcmp(t, "continue_statement") == 0) {
            fl_jump(fl, cur, false);
        } else if (strcmp(t, "return_statement") == 0) {
            fl_node_points(fl, cur, s);
            fl_edges(fl, *cur, fl->n + 1);
            fl_clear(fl, cur);
        } else if (strcmp(t, "goto_statement") == 0) {
            fl_flow(fl, *cur, fl_label(fl, ac_ts_field(s, "label")));
            fl_clear(fl, cur);
        } else if (strcmp(t, "labeled_statement") == 0) {
            fl_or(fl, cur, fl_label(fl, ac_ts_field(s, "label")));
            next =
                ts_node_named_child(s, ts_node_named_child_count(s) - 1);
        } else if (kw && kw->kind == AC_KW_THROW) {
            fl_node_points(fl, cur, s);
            if (!fl->ntries)
                fl_edges(fl, *cur, fl->n + 1); /* raised out of the function */
            fl_clear(fl, cur);
        } else {
            fl_node_points(fl, cur, s);
        }
        fl_may_raise(fl, *cur);
        s = next;
    }
}

static int by_edge(const void *a, const void *b)
{
    const ac_ledge *x = a, *y = b;
    if (x->from != y->from)
        return (x->from > y->from) - (x->from < y->from);
    return (x->to > y->to) - (x->to < y->to);
}

/* Propagates the origin sets to a fixed point: a worklist taking the
 * lowest node first (nodes are created in the order control reaches
 * them, loop heads before their bodies). */
static void fl_solve(flow *fl, uint64_t *set, int words)
{
    int *heap = ac_xmalloc((size_t)fl->ng * sizeof *heap), nheap = 0;
    bool *queued = ac_xcalloc((size_t)fl->ng, 1);
#define PUSH(x)                                                                \
    do {                                                                       \
        int i_ = nheap++;                                                      \
        heap[i_] = (x);                                                        \
        while (i_ > 0 && heap[(i_ - 1) / 2] > heap[i_]) {                      \
            int p_ = (i_ - 1) / 2, t_ = heap[p_];                              \
            heap[p_] = heap[i_];                                               \
            heap[i_] = t_;                                                     \
            i_ = p_;                                                           \
        }                                                                      \
    } while (0)
    for (int i = 0; i <= fl->n; i++) {
        int o = fl->origin[i];
        set[(size_t)o * words + i / 64] |= (uint64_t)1 << (i % 64);
        if (!queued[o]) {
            queued[o] = true;
            PUSH(o);
        }
    }
    while (nheap) {
        int u = heap[0];
        heap[0] = heap[--nheap];
        for (int i = 0;;) { /* sift down */
            int l = 2 * i + 1, m = i;
            if (l < nheap && heap[l] < heap[m])
                m = l;
            if (l + 1 < nheap && heap[l + 1] < heap[m])
                m = l + 1;
            if (m == i)
                break;
            int t = heap[m];
            heap[m] = heap[i];
            heap[i] = t;
            i = m;
        }
        queued[u] = false;
        const uint64_t *su = set + (size_t)u * words;
        for (int k = 0; k < fl->g[u].nsucc; k++) {
            int v = fl->g[u].succ[k];
            uint64_t *sv = set + (size_t)v * words, changed = 0;
            for (int w = 0; w < words; w++) {
                changed |= su[w] & ~sv[w];
                sv[w] |= su[w];
            }
            if (changed && !queued[v]) {
                queued[v] = true;
                PUSH(v);
            }
        }
    }
#undef PUSH
    free(heap);
    free(queued);
}

void ac_lower_flow(const ac_unit *u, ac_lfunc *f, TSNode body)
{
    flow fl = {0};
    fl.u = u;
    fl.f = f;
    fl.n = f->nstates;
    fl.origin = ac_xmalloc(((size_t)fl.n + 1) * sizeof *fl.origin);
    for (int i = 0; i <= fl.n; i++)
        fl.origin[i] = fl_node(&fl);
    fl.by_at = ac_xmalloc(((size_t)fl.n + 1) * sizeof *fl.by_at);
    for (int i = 0; i < f->nstates; i++) {
        const ac_lstate *s = &f->states[i];
        if (s->what == AC_SUSP_YIELD || s->what == AC_SUSP_YIELD_FROM ||
            s->what == AC_SUSP_AWAIT)
            fl.by_at[fl.nby_at++] = s->id;
    }
    sort_f = f;
    if (fl.nby_at > 1)
        qsort(fl.by_at, (size_t)fl.nby_at, sizeof *fl.by_at, by_at);
    int cur = fl.origin[0];
    fl_stmt(&fl, body, &cur);
    fl_edges(&fl, cur, fl.n + 1);

    int words = (fl.n + 1 + 63) / 64;
    uint64_t *set = ac_xcalloc((size_t)fl.ng * (size_t)words, sizeof *set);
    fl_solve(&fl, set, words);
    /* every (origin, target) once, ordered by origin then target */
    ac_ledge *e = NULL;
    size_t ne = 0, cap = 0;
    for (int v = 0; v < fl.ng; v++) {
        const uint64_t *sv = set + (size_t)v * words;
        for (int k = 0; k < fl.g[v].nto; k++)
            for (int w = 0; w < words; w++) { /* skipping empty words */
                for (int b = 0; b < 64 && sv[w] >> b != 0; b++) {
                    if (!(sv[w] >> b & 1))
                        continue;
                    if (ne == cap) {
                        cap = cap ? 2 * cap : 16;
                        e = ac_xrealloc(e, cap * sizeof *e);
                    }
                    e[ne++] = (ac_ledge){64 * w + b, fl.g[v].to[k]};
                }
            }
        free(fl.g[v].succ);
        free(fl.g[v].to);
    }
    if (ne > 1)
        qsort(e, ne, sizeof *e, by_edge);
    size_t kept = 0;
    for (size_t i = 0; i < ne; i++)
        if (kept == 0 || e[i].from != e[kept - 1].from ||
            e[i].to != e[kept - 1].to)
            e[kept++] = e[i];
    free(f->edges);
    f->edges = e;
    f->nedges = (int)kept;
    free(set);
    free(fl.g);
    free(fl.origin);
    free(fl.by_at);
    free(fl.loops);
    free(fl.raised);
    for (int i = 0; i < fl.nlabels; i++)
        free(fl.label[i]);
    free(fl.label);
    free(fl.label_node);
}
