/* points.c - suspension points: the state of each yield, yield from and
 * await, where it sits in its statement (its form), the type of its value
 * (the typing rules of SPEC section 3), the #if conditions around it, and
 * the operators whose sequencing hoisting must keep (&&, ||, comma, ?:). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "lowering/walker.h"
#include "lowering/ts_util.h"

static ac_form form_of(walker *w, TSNode node);
static void put_cond(walker *w, ac_buf *b, TSNode branch);
static void put_not_before(walker *w, ac_buf *b, TSNode branch);
static char *preproc_guard(walker *w, uint32_t at);
static char *await_type(walker *w, TSNode operand);
static bool is_plain_assign(walker *w, TSNode extent);

static ac_form form_of(walker *w, TSNode node)
{
    TSNode parent = ac_walk_parent(w, node);
    if (ac_ts_is(parent, "expression_statement"))
        return AC_FORM_STMT;
    if (ac_ts_is(parent, "assignment_expression") &&
        ac_ts_is(ac_walk_parent(w, parent), "expression_statement") &&
        ts_node_eq(ac_ts_field(parent, "right"), node))
        return AC_FORM_ASSIGN;
    if (ac_ts_is(parent, "init_declarator"))
        return AC_FORM_INIT;
    if (ac_ts_is(parent, "return_statement"))
        return AC_FORM_RETURN;
    return AC_FORM_EXPR;
}

static void put_cond(walker *w, ac_buf *b, TSNode branch)
{
    if (ac_ts_is(branch, "preproc_ifdef")) {
        char *first = ac_ts_text(w->u, ts_node_child(branch, 0));
        char *name = ac_ts_text(w->u, ac_ts_field(branch, "name"));
        ac_buf_printf(b, "%sdefined(%s)", strstr(first, "ifndef") ? "!" : "",
                      name);
        free(first);
        free(name);
    } else {
        char *c = ac_ts_text(w->u, ac_ts_field(branch, "condition"));
        ac_buf_printf(b, "(%s)", c);
        free(c);
    }
}

/* The conditions of the branches before `branch` in its chain, negated. */
static void put_not_before(walker *w, ac_buf *b, TSNode branch)
{
    TSNode prev = ac_walk_parent(w, branch);
    ac_buf_puts(b, "!");
    put_cond(w, b, prev);
    if (ac_ts_is(prev, "preproc_elif")) {
        ac_buf_puts(b, " && ");
        put_not_before(w, b, prev);
    }
}

/* Whether a preprocessor directive lies in the function: without one no
 * suspension has a guard, and the search below (from the root: linear in
 * the file) is skipped. */
static bool has_directive(walker *w)
{
    const ac_prepass *pp = &w->u->pp;
    size_t lo = 0, hi = pp->ndirectives; /* sorted by start */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pp->directives[mid].start < w->f->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pp->ndirectives && pp->directives[lo].start < w->f->end;
}

/* The conditions of the #if groups around n, up to the root (outer) or up
 * to the function definition (!outer). */
static void put_guards(walker *w, ac_buf *b, TSNode n, bool outer)
{
    for (TSNode prev = n, p = ac_walk_parent(w, n); !ts_node_is_null(p);
         prev = p, p = ac_walk_parent(w, p)) {
        if (!outer && ts_node_eq(p, w->parents.top))
            break;
        const char *t = ts_node_type(p);
        if (strncmp(t, "preproc_if", 10) != 0 &&
            strcmp(t, "preproc_elif") != 0 && strcmp(t, "preproc_else") != 0)
            continue;
        if (ts_node_eq(prev, ac_ts_field(p, "alternative")))
            continue;
        if (b->len)
            ac_buf_puts(b, " && ");
        if (strcmp(t, "preproc_else") == 0) {
            put_not_before(w, b, p);
        } else if (strcmp(t, "preproc_elif") == 0) {
            put_not_before(w, b, p);
            ac_buf_puts(b, " && ");
            put_cond(w, b, p);
        } else {
            put_cond(w, b, p);
        }
    }
}

/* The #if condition of the suspension at `at` (in the node the walk is
 * in): the groups inside the function, then those around it (found once
 * per function: above the definition, parents are searched from the
 * root). */
static char *preproc_guard(walker *w, uint32_t at)
{
    if (!has_directive(w))
        return NULL;
    TSNode n = w->here;
    if (ts_node_is_null(n))
        n = ts_node_descendant_for_byte_range(w->parents.top, at, at);
    if (!w->outer_guard_known) {
        ac_buf outer;
        ac_buf_init(&outer);
        put_guards(w, &outer, w->parents.top, true);
        w->outer_guard = outer.len ? ac_buf_steal(&outer) : NULL;
        w->outer_guard_known = true;
    }
    ac_buf b;
    ac_buf_init(&b);
    put_guards(w, &b, n, false);
    if (w->outer_guard)
        ac_buf_printf(&b, "%s%s", b.len ? " && " : "", w->outer_guard);
    return b.len ? ac_buf_steal(&b) : NULL;
}

int ac_add_state(walker *w, ac_susp what, ac_form form, uint32_t at)
{
    ac_lfunc *f = w->f;
    GROW(f->states, f->nstates);
    ac_lstate *s = &f->states[f->nstates];
    memset(s, 0, sizeof *s);
    s->id = f->nstates + 1;
    s->what = what;
    s->form = form;
    s->temp_slot = -1;
    s->at = at;
    s->guard = preproc_guard(w, at);
    s->line = ac_line_of(w->u, at);
    s->col = ac_col_of(w->u, at);
    s->loop_depth = w->nloops;
    for (int i = 0; i < w->nloops; i++)
        if (w->loops[i] == 0)
            w->loops[i] = s->id;
    s->loop_first = w->nloops ? w->loops[w->nloops - 1] : 0;
    return f->nstates++;
}

/* The result type of awaiting `operand` when the translator knows it:
 * a resumable function seen in this unit or an included .ah, or a runtime
 * awaitable with a fixed result.  "void" when it has none; NULL when the
 * awaitable is generic (a task, a future, ac_anext, ...). */
static char *await_type(walker *w, TSNode operand)
{
    static const char *const fixed[][2] = {
        {"ac_sleep", "void"},
        {"ac_open_connection", "ac_stream *"},
        {"ac_stream_read", "ssize_t"},
        {"ac_stream_readline", "ssize_t"},
        {"ac_stream_readexactly", "void"},
        {"ac_stream_drain", "void"},
        {"ac_stream_wait_closed", "void"},
        {"ac_start_server", "ac_server *"},
        {"ac_run_in_executor", "void *"},
        {"ac_wait_readable", "void"},
        {"ac_wait_writable", "void"},
    };
    while (ac_ts_is(operand, "parenthesized_expression"))
        operand = ts_node_named_child(operand, 0);
    if (!ac_ts_is(operand, "call_expression"))
        return NULL;
    TSNode fn = ac_ts_field(operand, "function");
    if (!ac_ts_is(fn, "identifier"))
        return NULL;
    const char *name = w->u->src->text + ts_node_start_byte(fn);
    size_t len = ts_node_end_byte(fn) - ts_node_start_byte(fn);
    if (ac_scope_lookup(w, name, len) >= 0)
        return NULL;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (strlen(fixed[i][0]) == len && memcmp(fixed[i][0], name, len) == 0)
            return ac_xstrndup(fixed[i][1], strlen(fixed[i][1]));
    const ac_lfunc *g = ac_lunit_find(w->lu, name, len);
    if (!g || g->kind == AC_FN_PLAIN)
        return NULL;
    const char *t = g->result_type ? g->result_type : "void";
    return ac_xstrndup(t, strlen(t));
}

static bool is_plain_assign(walker *w, TSNode extent)
{
    TSNode a = ac_walk_parent(w, extent);
    TSNode op = ac_ts_field(a, "operator");
    return ts_node_end_byte(op) - ts_node_start_byte(op) == 1;
}

static bool is_statement(TSNode n)
{
    const char *t = ts_node_type(n);
    size_t len = strlen(t);
    return (len > 10 && strcmp(t + len - 10, "_statement") == 0) ||
           strcmp(t, "declaration") == 0;
}

/* Whether codegen can put the suspension before the statement holding it:
 * expression statements, returns, declarations in a block, and the
 * conditions (and for increments) of if/switch/loops.  Not: for-in and
 * async with headers, a for's initializer. */
static bool suspension_site_ok(walker *w, TSNode extent)
{
    TSNode child = extent, p = ac_walk_parent(w, extent);
    while (!ts_node_is_null(p) && !is_statement(p)) {
        child = p;
        p = ac_walk_parent(w, p);
    }
    if (ts_node_is_null(p))
        return false;
    const char *t = ts_node_type(p);
    if (strcmp(t, "declaration") == 0 &&
        ac_ts_is(ac_walk_parent(w, p), "for_statement"))
        return !ac_forin_kw(w->u, ac_walk_parent(w, p));
    if (strcmp(t, "declaration") == 0)
        return true;
    if (strcmp(t, "expression_statement") == 0 ||
        strcmp(t, "return_statement") == 0)
        return true;
    const ac_kw *kw = ac_kw_at(w->u, ts_node_start_byte(p));
    if (kw && kw->kind == AC_KW_ASYNC_WITH)
        return false;
    if (strcmp(t, "for_statement") == 0 && ac_forin_kw(w->u, p))
        return false;
    if (strcmp(t, "if_statement") == 0 || strcmp(t, "switch_statement") == 0 ||
        strcmp(t, "while_statement") == 0 || strcmp(t, "do_statement") == 0)
        return ts_node_eq(child, ac_ts_field(p, "condition"));
    if (strcmp(t, "for_statement") == 0)
        return ts_node_eq(child, ac_ts_field(p, "initializer")) ||
               ts_node_eq(child, ac_ts_field(p, "condition")) ||
               ts_node_eq(child, ac_ts_field(p, "update"));
    return false;
}

void ac_on_suspension(walker *w, TSNode n, const ac_kw *kw)
{
    ac_susp what = kw->kind == AC_KW_YIELD        ? AC_SUSP_YIELD
                   : kw->kind == AC_KW_YIELD_FROM ? AC_SUSP_YIELD_FROM
                                                  : AC_SUSP_AWAIT;
    TSNode extent =
        what == AC_SUSP_AWAIT ? n : ac_ts_yield_extent(&w->parents, n);
    ac_form form = form_of(w, extent);
    TSNode operand = ac_ts_kw_operand(n, kw);
    int line = ac_line_of(w->u, kw->start);
    /* operands first: an await inside the operand is hoisted before this */
    if (!(kw->flags & AC_KWF_BARE) && !ts_node_is_null(operand))
        ac_walk(w, operand);
    int si = ac_add_state(w, what, form, kw->start);
    ac_lstate *s = &w->f->states[si];
    s->slot = -1;
    s->extent_end = ts_node_end_byte(extent);
    s->extent_sym = ts_node_symbol(extent);
    if (!suspension_site_ok(w, extent))
        ac_walk_error(w, kw->start,
                      "'%s' is not supported here: assign it to a variable "
                      "in a statement before",
                      ac_susp_name(what));
    if (what == AC_SUSP_YIELD) {
        if (form != AC_FORM_STMT && w->f->send_type == NULL)
            ac_walk_error(w, kw->start, "%s",
                          "the value of 'yield' needs a send type: declare "
                          "generator(Y, S)");
        else if (form == AC_FORM_EXPR)
            s->temp_slot =
                ac_add_slot(w, AC_SLOT_TEMP, "t", w->f->send_type, line, false);
        return;
    }
    s->type = await_type(w, operand);
    if (what == AC_SUSP_YIELD_FROM) {
        s->slot = ac_add_slot(w, AC_SLOT_SUB, "sub", "ac_gen *", line, true);
        bool known = s->type && strcmp(s->type, "void") != 0;
        bool needs_type = form == AC_FORM_EXPR || (form == AC_FORM_ASSIGN &&
                                                   !is_plain_assign(w, extent));
        if (needs_type && !known)
            ac_walk_error(
                w, kw->start, "%s",
                "cannot infer the type of 'yield from': assign it to a "
                "typed variable");
        else if (form == AC_FORM_EXPR)
            s->temp_slot =
                ac_add_slot(w, AC_SLOT_TEMP, "t", s->type, line, false);
        return;
    }
    s->slot = ac_add_slot(w, AC_SLOT_AWAIT, "aw", "void *", line, true);
    bool generic = s->type == NULL;
    bool is_void = s->type && strcmp(s->type, "void") == 0;
    bool needs_type = form == AC_FORM_EXPR ||
                      (form == AC_FORM_ASSIGN && !is_plain_assign(w, extent));
    if (needs_type && generic)
        ac_walk_error(w, kw->start, "%s",
                      "cannot infer the type of 'await': assign it to a typed "
                      "variable");
    else if (is_void && form != AC_FORM_STMT)
        ac_walk_error(w, kw->start, "%s",
                      "'await' of an awaitable with no result used as a value");
    else if (form == AC_FORM_EXPR)
        s->temp_slot = ac_add_slot(w, AC_SLOT_TEMP, "t", s->type, line, false);
}

/* `a && await f()`, `a || await f()`: the right side runs only when the
 * left allows it, so the whole operator is hoisted into an int slot;
 * `(a, await f())`: a runs as a statement first. */
void ac_on_sequencing(walker *w, TSNode n)
{
    TSNode right = ac_ts_field(n, "right");
    if (ts_node_is_null(right))
        return;
    bool awaits = false;
    uint32_t at = ts_node_start_byte(right), end = ts_node_end_byte(right);
    for (const ac_kw *kw; (kw = ac_kw_first_in(w->u, at, end)); at = kw->end)
        awaits |= kw->kind == AC_KW_AWAIT || kw->kind == AC_KW_YIELD ||
                  kw->kind == AC_KW_YIELD_FROM;
    if (!awaits)
        return;
    ac_lfunc *f = w->f;
    int slot = -1;
    if (ac_ts_is(n, "binary_expression")) {
        TSNode op = ac_ts_field(n, "operator");
        char *t = ac_ts_text(w->u, op);
        bool logic = strcmp(t, "&&") == 0 || strcmp(t, "||") == 0;
        free(t);
        if (!logic)
            return;
        slot = ac_add_slot(w, AC_SLOT_TEMP, "t", "int",
                           ac_line_of(w->u, ts_node_start_byte(n)), false);
    }
    GROW(f->hoists, f->nhoists);
    f->hoists[f->nhoists++] =
        (ac_lhoist){ts_node_start_byte(n), ts_node_end_byte(n), slot};
}

/* `c ? await f() : g()`: only the chosen branch may suspend, so the
 * condition goes to an int slot before the statement, the branch's
 * suspensions run under `if`, and the expression reads the slot. */
void ac_on_conditional(walker *w, TSNode n)
{
    TSNode cond = ac_ts_field(n, "condition");
    if (ts_node_is_null(ac_ts_field(n, "consequence")) ||
        !ac_has_suspension(w->u, ts_node_end_byte(cond), ts_node_end_byte(n)))
        return;
    ac_lfunc *f = w->f;
    int slot = ac_add_slot(w, AC_SLOT_TEMP, "t", "int",
                           ac_line_of(w->u, ts_node_start_byte(n)), false);
    GROW(f->hoists, f->nhoists);
    f->hoists[f->nhoists++] =
        (ac_lhoist){ts_node_start_byte(n), ts_node_end_byte(n), slot};
}
