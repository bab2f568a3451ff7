/* flow.c - the state machine's transitions: from each state (0 = the
 * start), the suspension points a resume can reach next before it
 * suspends again, and whether it can finish (the end).
 *
 * A structural walk over the body carrying the set of states control may
 * have resumed from ("origins"): a suspension point takes every origin to
 * itself and becomes the only origin; branches merge their sets; loops
 * are walked twice so that what the body's end reaches flows back to its
 * head; break/continue/return/throw move the set to where they go.  Every
 * statement of a try block may raise, so its origins also reach the
 * handlers.  It is an over-approximation (conditions are not evaluated),
 * which is what a graph of possible transitions wants. */
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "lowering/flow.h"
#include "lowering/ts_util.h"
#include "lowering/walker.h"

typedef struct jumps {
    bool *brk, *cnt; /* origins of break / continue to this loop */
    bool is_switch;
} jumps;

typedef struct flow {
    const ac_unit *u;
    ac_lfunc *f;
    int n;        /* states: origins are 0..n, the end is n + 1 */
    bool *edge;   /* (n + 1) x (n + 2) */
    jumps *loops; /* innermost last */
    int nloops;
    bool **raised; /* the origins each enclosing try block may raise from */
    int ntries;
    bool *gotos; /* origins of every goto seen so far */
} flow;

static bool *fl_set(const flow *fl)
{
    return ac_xcalloc((size_t)fl->n + 1, 1);
}

static bool *fl_copy(const flow *fl, const bool *s)
{
    bool *c = fl_set(fl);
    memcpy(c, s, (size_t)fl->n + 1);
    return c;
}

static void fl_or(const flow *fl, bool *into, const bool *s)
{
    for (int i = 0; i <= fl->n; i++)
        into[i] |= s[i];
}

static void fl_edges(flow *fl, const bool *from, int to)
{
    for (int i = 0; i <= fl->n; i++)
        if (from[i])
            fl->edge[i * (fl->n + 2) + to] = true;
}

/* A suspension point: every origin reaches it; it is the origin now. */
static void fl_suspend(flow *fl, bool *cur, int id)
{
    fl_edges(fl, cur, id);
    memset(cur, 0, (size_t)fl->n + 1);
    cur[id] = true;
    if (fl->ntries)
        fl_or(fl, fl->raised[fl->ntries - 1], cur);
}

static int by_id(const void *a, const void *b)
{
    return (*(const int *)a > *(const int *)b) -
           (*(const int *)a < *(const int *)b);
}

/* The suspension points of yield/yield from/await in [start, end), in the
 * order they run (operands before the operators holding them: ids). */
static void fl_points(flow *fl, bool *cur, uint32_t start, uint32_t end)
{
    int *ids = NULL, nids = 0;
    for (int i = 0; i < fl->f->nstates; i++) {
        const ac_lstate *s = &fl->f->states[i];
        if (s->at >= start && s->at < end &&
            (s->what == AC_SUSP_YIELD || s->what == AC_SUSP_YIELD_FROM ||
             s->what == AC_SUSP_AWAIT)) {
            ids = ac_xrealloc(ids, (size_t)(nids + 1) * sizeof *ids);
            ids[nids++] = s->id;
        }
    }
    if (nids > 1)
        qsort(ids, (size_t)nids, sizeof *ids, by_id);
    for (int i = 0; i < nids; i++)
        fl_suspend(fl, cur, ids[i]);
    free(ids);
}

static void fl_node_points(flow *fl, bool *cur, TSNode n)
{
    if (!ts_node_is_null(n))
        fl_points(fl, cur, ts_node_start_byte(n), ts_node_end_byte(n));
}

static void fl_stmt(flow *fl, TSNode s, bool *cur);

static void fl_clear(const flow *fl, bool *cur)
{
    memset(cur, 0, (size_t)fl->n + 1);
}

static void fl_may_raise(flow *fl, const bool *cur)
{
    if (fl->ntries)
        fl_or(fl, fl->raised[fl->ntries - 1], cur);
}

/* ---- loops ----------------------------------------------------------- */

static void loop_push(flow *fl, bool is_switch)
{
    fl->loops =
        ac_xrealloc(fl->loops, (size_t)(fl->nloops + 1) * sizeof *fl->loops);
    fl->loops[fl->nloops++] = (jumps){fl_set(fl), fl_set(fl), is_switch};
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
 * do); update: after the body.  Twice, so that the body's end reaches its
 * head. */
static void fl_loop(flow *fl, bool *cur, TSNode head, TSNode body,
                    TSNode update, bool head_first, bool can_end,
                    const ac_lstate *step)
{
    bool *entry = fl_copy(fl, cur), *exit = fl_set(fl);
    bool *at_head = fl_copy(fl, cur);
    for (int pass = 0; pass < 2; pass++) {
        bool *c = fl_copy(fl, at_head);
        if (step) /* async for: each step awaits anext */
            fl_suspend(fl, c, step->id);
        if (head_first && !ts_node_is_null(head))
            fl_node_points(fl, c, head);
        if (can_end) /* the condition is false, or the generator ends */
            fl_or(fl, exit, c);
        loop_push(fl, false);
        fl_stmt(fl, body, c);
        jumps j = loop_pop(fl);
        fl_or(fl, c, j.cnt);
        if (!head_first) {
            fl_node_points(fl, c, head);
            fl_or(fl, exit, c);
        }
        fl_node_points(fl, c, update);
        fl_or(fl, exit, j.brk);
        fl_or(fl, at_head, c);
        free(c);
        free(j.brk);
        free(j.cnt);
    }
    memcpy(cur, exit, (size_t)fl->n + 1);
    free(entry);
    free(exit);
    free(at_head);
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
static uint32_t fl_try(flow *fl, TSNode parent, uint32_t i, bool *cur)
{
    uint32_t n = ts_node_named_child_count(parent), j = i + 1;
    bool *raised = fl_copy(fl, cur);
    fl->raised =
        ac_xrealloc(fl->raised, (size_t)(fl->ntries + 1) * sizeof *fl->raised);
    fl->raised[fl->ntries++] = raised;
    fl_stmt(fl, ts_node_named_child(parent, i), cur);
    fl->ntries--;
    bool *after = fl_copy(fl, cur);
    bool caught = false;
    for (; j < n; j++) {
        TSNode c = ts_node_named_child(parent, j);
        if (is_kw_block(fl->u, c, AC_KW_CATCH)) {
            bool *h = fl_copy(fl, raised);
            fl_stmt(fl, c, h);
            fl_or(fl, after, h);
            free(h);
            caught = true;
            continue;
        }
        if (is_kw_block(fl->u, c, AC_KW_FINALLY)) {
            fl_or(fl, after, raised); /* entered by a raise too */
            fl_stmt(fl, c, after);
            j++;
        }
        break;
    }
    if (!caught) /* what no catch handles goes on outward */
        fl_may_raise(fl, raised);
    memcpy(cur, after, (size_t)fl->n + 1);
    free(after);
    free(raised);
    return j - i;
}

static void fl_block(flow *fl, TSNode n, bool *cur)
{
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count;) {
        TSNode c = ts_node_named_child(n, i);
        if (is_kw_block(fl->u, c, AC_KW_TRY)) {
            i += fl_try(fl, n, i, cur);
            continue;
        }
        fl_stmt(fl, c, cur);
        i++;
    }
}

static void fl_switch(flow *fl, TSNode s, bool *cur)
{
    fl_node_points(fl, cur, ac_ts_field(s, "condition"));
    TSNode body = ac_ts_field(s, "body");
    bool *entry = fl_copy(fl, cur), *fall = fl_set(fl);
    bool has_default = false;
    loop_push(fl, true);
    uint32_t count = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(body, i);
        if (!ac_ts_is(c, "case_statement")) {
            fl_stmt(fl, c, fall);
            continue;
        }
        if (ts_node_is_null(ac_ts_field(c, "value")))
            has_default = true;
        fl_or(fl, fall, entry);
        uint32_t m = ts_node_named_child_count(c);
        for (uint32_t k = 0; k < m; k++) {
            TSNode st = ts_node_named_child(c, k);
            if (!ts_node_eq(st, ac_ts_field(c, "value")))
                fl_stmt(fl, st, fall);
        }
    }
    jumps j = loop_pop(fl);
    fl_or(fl, fall, j.brk);
    if (!has_default)
        fl_or(fl, fall, entry);
    memcpy(cur, fall, (size_t)fl->n + 1);
    free(entry);
    free(fall);
    free(j.brk);
    free(j.cnt);
}

static void fl_async_with(flow *fl, TSNode s, bool *cur, const ac_kw *kw)
{
    fl_node_points(fl, cur, ac_ts_field(s, "condition"));
    const ac_lstate *enter =
        ac_lfunc_state_at(fl->f, kw->start, AC_SUSP_AENTER);
    const ac_lstate *exit = ac_lfunc_state_at(fl->f, kw->start, AC_SUSP_AEXIT);
    fl_suspend(fl, cur, enter->id);
    /* return/break/continue/raise in the block all go through aexit: an
     * over-approximation lets every origin of the block reach it */
    bool *all = fl_copy(fl, cur);
    fl->raised =
        ac_xrealloc(fl->raised, (size_t)(fl->ntries + 1) * sizeof *fl->raised);
    fl->raised[fl->ntries++] = all;
    fl_stmt(fl, ac_ts_field(s, "consequence"), cur);
    fl->ntries--;
    fl_or(fl, cur, all);
    fl_suspend(fl, cur, exit->id);
    free(all);
}

static void fl_for(flow *fl, TSNode s, bool *cur)
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

static void fl_jump(flow *fl, bool *cur, bool is_break)
{
    jumps *j = innermost(fl, is_break);
    if (j)
        fl_or(fl, is_break ? j->brk : j->cnt, cur);
    fl_clear(fl, cur);
}

static void fl_stmt(flow *fl, TSNode s, bool *cur)
{
    if (ts_node_is_null(s))
        return;
    const char *t = ts_node_type(s);
    const ac_kw *kw = ac_kw_at(fl->u, ts_node_start_byte(s));
    fl_may_raise(fl, cur);
    if (strcmp(t, "compound_statement") == 0 ||
        strncmp(t, "preproc_", 8) == 0) {
        fl_block(fl, s, cur);
    } else if (strcmp(t, "if_statement") == 0 && kw &&
               kw->kind == AC_KW_ASYNC_WITH) {
        fl_async_with(fl, s, cur, kw);
    } else if (strcmp(t, "if_statement") == 0) {
        fl_node_points(fl, cur, ac_ts_field(s, "condition"));
        bool *other = fl_copy(fl, cur);
        fl_stmt(fl, ac_ts_field(s, "consequence"), cur);
        TSNode alt = ac_ts_field(s, "alternative");
        if (!ts_node_is_null(alt))
            fl_stmt(fl, alt, other);
        fl_or(fl, cur, other);
        free(other);
    } else if (strcmp(t, "else_clause") == 0) {
        fl_stmt(fl, ts_node_named_child(s, 0), cur);
    } else if (strcmp(t, "while_statement") == 0) {
        fl_loop(fl, cur, ac_ts_field(s, "condition"), ac_ts_field(s, "body"),
                (TSNode){0}, true, true, NULL);
    } else if (strcmp(t, "do_statement") == 0) {
        fl_loop(fl, cur, ac_ts_field(s, "condition"), ac_ts_field(s, "body"),
                (TSNode){0}, false, true, NULL);
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
        fl_edges(fl, cur, fl->n + 1);
        fl_clear(fl, cur);
    } else if (strcmp(t, "goto_statement") == 0) {
        fl_or(fl, fl->gotos, cur);
        fl_clear(fl, cur);
    } else if (strcmp(t, "labeled_statement") == 0) {
        fl_or(fl, cur, fl->gotos);
        fl_stmt(fl, ts_node_named_child(s, ts_node_named_child_count(s) - 1),
                cur);
    } else if (kw && kw->kind == AC_KW_THROW) {
        fl_node_points(fl, cur, s);
        if (!fl->ntries)
            fl_edges(fl, cur, fl->n + 1); /* raised out of the function */
        fl_clear(fl, cur);
    } else {
        fl_node_points(fl, cur, s);
    }
    fl_may_raise(fl, cur);
}

void ac_lower_flow(const ac_unit *u, ac_lfunc *f, TSNode body)
{
    flow fl = {0};
    fl.u = u;
    fl.f = f;
    fl.n = f->nstates;
    fl.edge = ac_xcalloc((size_t)(fl.n + 1) * (size_t)(fl.n + 2), 1);
    fl.gotos = fl_set(&fl);
    bool *cur = fl_set(&fl);
    cur[0] = true;
    fl_stmt(&fl, body, cur);
    fl_edges(&fl, cur, fl.n + 1);
    for (int i = 0; i <= fl.n; i++)
        for (int j = 1; j <= fl.n + 1; j++)
            if (fl.edge[i * (fl.n + 2) + j]) {
                f->edges = ac_xrealloc(f->edges, (size_t)(f->nedges + 1) *
                                                     sizeof *f->edges);
                f->edges[f->nedges++] = (ac_ledge){i, j};
            }
    free(cur);
    free(fl.gotos);
    free(fl.edge);
    free(fl.loops);
    free(fl.raised);
}
