/* body.c - models a function body in one walk over its tree.
 *
 * Scopes: every compound statement and `for` opens one.  A local lives in
 * the frame when the scope declaring it contains a suspension point (then
 * its address, taken anywhere in that scope, stays valid across the
 * suspension); otherwise it stays a C local.  Frame fields get unique
 * names (x, x_1, ...) since sibling and nested scopes share one struct.
 * Every identifier naming a local is recorded (refs) so that codegen can
 * spell it without resolving names again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "lowering/walker.h"
#include "lowering/ts_util.h"

static void on_identifier(walker *w, TSNode n);
static void on_label(walker *w, TSNode n, bool is_goto);
static void check_label_address(walker *w, TSNode n);
static void check_gotos(walker *w);
static void check_call(walker *w, TSNode call);
static void check_return(walker *w, TSNode ret);
static bool is_loop(TSNode n);
static TSNode declaring_scope(walker *w, TSNode n);
static void walk_children(walker *w, TSNode n);
static int ref_cmp(const void *a, const void *b);

void ac_walk_error(walker *w, uint32_t at, const char *fmt, const char *arg)
{
    if (w->errors && at == w->last_error)
        return; /* one error per place */
    w->last_error = at;
    ac_diag_error(w->d, w->u->src, at, fmt, arg);
    w->errors++;
}

static void on_identifier(walker *w, TSNode n)
{
    const char *t = w->u->src->text + ts_node_start_byte(n);
    const binding *b =
        ac_scope_find(w, t, ts_node_end_byte(n) - ts_node_start_byte(n), false);
    if (b && b->kind == B_NAME) /* a local enumerator */
        ac_add_rename(w, ts_node_start_byte(n), ts_node_end_byte(n), b->to);
    if (b == NULL || b->kind != B_VAR)
        return;
    int v = b->var;
    ac_lfunc *f = w->f;
    GROW(f->refs, f->nrefs);
    /* kept sorted by offset (the walk meets them almost in order), so
     * that ac_render finds a span's refs by binary search */
    uint32_t at = ts_node_start_byte(n);
    int i = f->nrefs++;
    for (; i > 0 && f->refs[i - 1].at > at; i--)
        f->refs[i] = f->refs[i - 1];
    f->refs[i] = (ac_lref){at, v};
}

/* Where the walk is: the try part and the for-in loops around node n. */
static label_use place_of(walker *w, TSNode n, char *name)
{
    label_use lu = {name, ts_node_start_byte(n),
                    w->nparts ? w->parts[w->nparts - 1] : 0, NULL, 0};
    if (w->nforins > 0) {
        lu.forins = ac_xmalloc((size_t)w->nforins * sizeof *lu.forins);
        memcpy(lu.forins, w->forins, (size_t)w->nforins * sizeof *lu.forins);
    }
    lu.nforins = w->nforins;
    return lu;
}

static void on_label(walker *w, TSNode n, bool is_goto)
{
    TSNode label = ac_ts_field(n, "label");
    if (is_goto && !ac_ts_is(label, "statement_identifier")) {
        if (w->resumable)
            ac_walk_error(w, ts_node_start_byte(n), "%s",
                          "computed goto cannot be used in a resumable "
                          "function");
        return;
    }
    if (ts_node_is_null(label))
        return;
    /* the translator's labels (ac_s1, ac_brk1, ac_unwind) start with ac_ */
    const char *t = w->u->src->text + ts_node_start_byte(label);
    if (w->resumable && strncmp(t, "ac_", 3) == 0) {
        char *name = ac_ts_text(w->u, label);
        ac_buf to;
        ac_buf_init(&to);
        ac_buf_printf(&to, "ac_u_%s", name);
        ac_add_rename(w, ts_node_start_byte(label), ts_node_end_byte(label),
                      to.data);
        ac_buf_free(&to);
        free(name);
    }
    label_use lu = place_of(w, n, ac_ts_text(w->u, label));
    if (is_goto) {
        GROW(w->gotos, w->ngotos);
        w->gotos[w->ngotos++] = lu;
    } else {
        GROW(w->labels, w->nlabels);
        w->labels[w->nlabels++] = lu;
    }
}

/* `&&label` (GNU): a computed goto into a lowered body would bypass the
 * dispatch. */
static void check_label_address(walker *w, TSNode n)
{
    const char *t = w->u->src->text + ts_node_start_byte(n);
    /* tree-sitter reads `&&x` as `&(&x)`; `& &x` is no C either */
    TSNode arg = ac_ts_field(n, "argument");
    bool inner_amp = ac_ts_is(arg, "pointer_expression") &&
                     w->u->src->text[ts_node_start_byte(arg)] == '&';
    if (t[0] == '&' && (t[1] == '&' || inner_amp))
        ac_walk_error(
            w, ts_node_start_byte(n), "%s",
            "label addresses ('&&label') cannot be used in a resumable "
            "function");
}

/* Whether the for-in loop holding the label (if any) holds the goto too:
 * a jump into a loop would skip taking its iterator. */
static bool label_reachable(const label_use *g, const label_use *l)
{
    if (l->nforins == 0)
        return true;
    int inner = l->forins[l->nforins - 1];
    for (int k = 0; k < g->nforins; k++)
        if (g->forins[k] == inner)
            return true;
    return false;
}

/* A jump from `from` to `to` that leaves or enters a try part or async
 * with block, or enters a for-in loop: the message, else NULL. */
static const char *bad_jump(const label_use *from, const label_use *to,
                            bool is_case)
{
    if (from->part != to->part)
        return from->part < 0 || to->part < 0
                   ? (is_case ? "'%s' label jumps across an async with boundary"
                              : "'goto %s' jumps across an async with boundary")
                   : (is_case ? "'%s' label jumps across a try boundary"
                              : "'goto %s' jumps across a try boundary");
    if (!label_reachable(from, to))
        return is_case ? "'%s' label jumps into a for-in loop"
                       : "'goto %s' jumps into a for-in loop";
    return NULL;
}

/* A case or default label is a jump from its switch. */
static void check_case(walker *w, TSNode n)
{
    if (w->nswitches == 0)
        return;
    label_use here = place_of(w, n, NULL);
    const char *why = bad_jump(&w->switches[w->nswitches - 1], &here, true);
    if (why != NULL)
        ac_walk_error(w, here.at, why,
                      ts_node_is_null(ac_ts_field(n, "value")) ? "default"
                                                               : "case");
    free(here.forins);
}

static void check_gotos(walker *w)
{
    for (int i = 0; i < w->ngotos; i++)
        for (int j = 0; j < w->nlabels; j++) {
            const label_use *g = &w->gotos[i], *l = &w->labels[j];
            if (strcmp(g->name, l->name) != 0)
                continue;
            const char *why = bad_jump(g, l, false);
            if (why != NULL)
                ac_walk_error(w, g->at, why, g->name);
        }
}

static void check_call(walker *w, TSNode call)
{
    static const char *const jumps[] = {"setjmp",  "_setjmp",  "sigsetjmp",
                                        "longjmp", "_longjmp", "siglongjmp"};
    TSNode fn = ac_ts_field(call, "function");
    if (!w->resumable || !ac_ts_is(fn, "identifier"))
        return;
    char *name = ac_ts_text(w->u, fn);
    for (size_t i = 0; i < sizeof jumps / sizeof *jumps; i++)
        if (strcmp(name, jumps[i]) == 0)
            ac_walk_error(w, ts_node_start_byte(fn),
                          "'%s' cannot be used in a resumable function", name);
    free(name);
}

/* The pre-pass reports `return` with a value in async generators and in
 * generators whose R is void; a coroutine returning void is checked here. */
static void check_return(walker *w, TSNode ret)
{
    if (ts_node_named_child_count(ret) == 0)
        return;
    TSNode e = ts_node_named_child(ret, 0);
    if (ac_ts_is(e, "comment"))
        return;
    if (w->f->kind == AC_FN_CORO && w->f->result_type == NULL)
        ac_walk_error(
            w, ts_node_start_byte(ret), "%s",
            "'return' with a value in an async function returning void");
}

/* The block a declaration belongs to: #if/#else groups are no scope. */
static TSNode declaring_scope(walker *w, TSNode n)
{
    while (strncmp(ts_node_type(n), "preproc_", 8) == 0 &&
           !ts_node_is_null(ac_walk_parent(w, n)))
        n = ac_walk_parent(w, n);
    return n;
}

static bool is_loop(TSNode n)
{
    return ac_ts_is(n, "for_statement") || ac_ts_is(n, "while_statement") ||
           ac_ts_is(n, "do_statement");
}

static void walk_children(walker *w, TSNode n)
{
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (ac_ts_is(c, "compound_statement")) {
            const ac_kw *kw = ac_kw_before(w->u, ts_node_start_byte(c));
            if (kw && kw->kind == AC_KW_TRY) {
                i += (uint32_t)ac_on_try(w, n, i, kw);
                continue;
            }
        }
        if (ac_ts_is(c, "declaration"))
            ac_on_declaration(w, c, declaring_scope(w, n));
        else
            ac_walk(w, c);
    }
}

static void walk_node(walker *w, TSNode n);

void ac_walk(walker *w, TSNode n)
{
    if (ts_node_is_null(n))
        return;
    TSNode outer = w->here;
    w->here = n;
    walk_node(w, n);
    w->here = outer;
}

static void walk_node(walker *w, TSNode n)
{
    const char *type = ts_node_type(n);
    const ac_kw *kw = ac_kw_at(w->u, ts_node_start_byte(n));
    if (kw && strcmp(type, "unary_expression") == 0 &&
        (kw->kind == AC_KW_YIELD || kw->kind == AC_KW_YIELD_FROM ||
         kw->kind == AC_KW_AWAIT)) {
        ac_on_suspension(w, n, kw);
        return;
    }
    if (kw && kw->kind == AC_KW_YIELD && (kw->flags & AC_KWF_BARE) &&
        strcmp(type, "identifier") == 0) {
        ac_add_state(w, AC_SUSP_YIELD, AC_FORM_STMT, kw->start);
        return;
    }
    if (strcmp(type, "identifier") == 0) {
        on_identifier(w, n);
        return;
    }
    if (ac_on_type(w, n))
        return;
    if (kw && kw->kind == AC_KW_ASYNC_WITH &&
        strcmp(type, "if_statement") == 0) {
        ac_on_async_with(w, n, kw);
        return;
    }
    if (strcmp(type, "for_statement") == 0) {
        const ac_kw *in = ac_forin_kw(w->u, n);
        if (in) {
            ac_on_forin(w, n, in);
            return;
        }
    }
    if (strcmp(type, "goto_statement") == 0)
        on_label(w, n, true);
    else if (strcmp(type, "labeled_statement") == 0)
        on_label(w, n, false);
    else if (strcmp(type, "case_statement") == 0)
        check_case(w, n);
    else if (strcmp(type, "call_expression") == 0)
        check_call(w, n);
    else if (strcmp(type, "pointer_expression") == 0 && w->resumable)
        check_label_address(w, n);
    else if (strcmp(type, "return_statement") == 0 && w->resumable)
        check_return(w, n);
    else if (strcmp(type, "binary_expression") == 0 ||
             strcmp(type, "comma_expression") == 0)
        ac_on_sequencing(w, n);
    else if (strcmp(type, "conditional_expression") == 0)
        ac_on_conditional(w, n);
    else if (strcmp(type, "field_expression") == 0) {
        ac_walk(w, ac_ts_field(n, "argument"));
        return;
    }
    bool scope = strcmp(type, "compound_statement") == 0 ||
                 strcmp(type, "for_statement") == 0;
    bool loop = is_loop(n);
    bool is_switch = strcmp(type, "switch_statement") == 0;
    if (is_switch) {
        GROW(w->switches, w->nswitches);
        w->switches[w->nswitches++] = place_of(w, n, NULL);
    }
    if (scope) {
        ac_scope_push(w);
        GROW(w->scope_nodes, w->nscope_nodes);
        w->scope_nodes[w->nscope_nodes++] = n;
    }
    if (strcmp(type, "compound_literal_expression") == 0 && w->resumable &&
        w->nscope_nodes > 0 &&
        ac_scope_suspends(w, w->scope_nodes[w->nscope_nodes - 1]))
        ac_declare_literal(w, n);
    if (loop) {
        GROW(w->loops, w->nloops);
        w->loops[w->nloops++] = 0;
    }
    if (strcmp(type, "for_statement") == 0) {
        TSNode init = ac_ts_field(n, "initializer");
        if (ac_ts_is(init, "declaration"))
            ac_on_declaration(w, init, n);
        else
            ac_walk(w, init);
        ac_walk(w, ac_ts_field(n, "condition"));
        ac_walk(w, ac_ts_field(n, "update"));
        ac_walk(w, ac_ts_field(n, "body"));
    } else {
        walk_children(w, n);
    }
    if (loop)
        w->nloops--;
    if (scope) {
        ac_scope_pop(w);
        w->nscope_nodes--;
    }
    if (is_switch)
        free(w->switches[--w->nswitches].forins);
}

static int ref_cmp(const void *a, const void *b)
{
    uint32_t x = ((const ac_lref *)a)->at, y = ((const ac_lref *)b)->at;
    return x < y ? -1 : x > y;
}

/* States by (at, what), then by index: ac_lfunc_state_at's order. */
typedef struct state_key {
    uint32_t at;
    int what, index;
} state_key;

static int state_key_cmp(const void *a, const void *b)
{
    const state_key *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    if (x->what != y->what)
        return x->what < y->what ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void order_states(ac_lfunc *f)
{
    if (f->nstates == 0)
        return;
    state_key *keys = ac_xmalloc((size_t)f->nstates * sizeof *keys);
    for (int i = 0; i < f->nstates; i++)
        keys[i] = (state_key){f->states[i].at, (int)f->states[i].what, i};
    qsort(keys, (size_t)f->nstates, sizeof *keys, state_key_cmp);
    f->state_order = ac_xmalloc((size_t)f->nstates * sizeof *f->state_order);
    for (int i = 0; i < f->nstates; i++)
        f->state_order[i] = keys[i].index;
    free(keys);
}

/* By start, the outermost span first. */
static int rename_cmp(const void *a, const void *b)
{
    const ac_lrename *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end;
}

int ac_lower_body(const ac_unit *u, const ac_lunit *lu, ac_lfunc *f,
                  TSNode body, ac_diag *d)
{
    walker w = {0};
    w.u = u;
    w.lu = lu;
    w.f = f;
    w.d = d;
    w.resumable = f->kind != AC_FN_PLAIN;
    TSNode def = ts_node_parent(body);
    ac_parents_build(&w.parents, def);
    TSNode fd = ac_ts_node_starting(def, f->decl_at);
    while (!ts_node_is_null(fd) && !ac_ts_is(fd, "function_declarator"))
        fd = ts_node_named_child(fd, 0);
    ac_scope_push(&w);
    if (!ts_node_is_null(fd))
        ac_declare_params(&w, fd);
    ac_walk(&w, body);
    ac_scope_pop(&w);
    check_gotos(&w);
    order_states(f);
    ac_lfunc_index(f);
    if (f->nrefs > 1)
        qsort(f->refs, (size_t)f->nrefs, sizeof *f->refs, ref_cmp);
    if (f->nrenames > 1)
        qsort(f->renames, (size_t)f->nrenames, sizeof *f->renames,
              rename_cmp);
    for (int i = 0; i < w.nlabels; i++) {
        free(w.labels[i].name);
        free(w.labels[i].forins);
    }
    for (int i = 0; i < w.ngotos; i++) {
        free(w.gotos[i].name);
        free(w.gotos[i].forins);
    }
    free(w.forins);
    free(w.labels);
    free(w.gotos);
    free(w.switches);
    free(w.binds);
    ac_strmap_free(&w.names);
    ac_strmap_free(&w.tags);
    free(w.scope_marks);
    free(w.scope_nodes);
    free(w.parts);
    free(w.loops);
    for (int i = 0; i < w.npool; i++)
        free(w.pool[i]);
    free(w.pool);
    free(w.outer_guard);
    ac_strmap_free(&w.fields);
    ac_parents_free(&w.parents);
    return w.errors ? -1 : 0;
}
