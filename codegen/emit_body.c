/* emit_body.c - a function body, lowered.
 *
 * The body keeps its structure: the tree is copied node by node, and only
 * what the model marks is rewritten (names of frame locals, declarations
 * moved to the frame, suspension points, return/break/continue that leave
 * regions, try/catch/finally, for-in loops).  Jumps out of regions are
 * emitted inline: every exit releases the slots of the regions it leaves,
 * and goes through the finally blocks on its way (`why` codes).  Labels
 * are only written when something jumps to them (-Wunused-label). */
#include <stdlib.h>
#include <string.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

enum { WHY_NORMAL = 0, WHY_RAISE = 1, WHY_RETURN = 2, WHY_JUMP = 3 };

typedef enum rkind {
    R_LOOP,
    R_SWITCH,
    R_FORIN,
    R_TRY,
    R_CATCH,
    R_FINALLY,
    R_WITH
} rkind;

typedef struct cont {
    bool is_break;
    int target; /* region depth of the loop */
} cont;

typedef struct region {
    rkind kind;
    int id;
    uint32_t start, end, body_at; /* loops: the statement and its body */
    const ac_ltry *t;
    const ac_lforin *fi;
    const ac_lwith *w;
    bool brk_used, cnt_used;
    bool cont_goto; /* continue must jump to ac_cntN (an increment follows) */
} region;

/* break/continue jumps that go through a try's finally, by try id: the
 * finally dispatches on WHY_JUMP + index. */
typedef struct conts {
    cont c[16];
    int n;
} conts;

typedef struct body {
    ac_out *o;
    const ac_lfunc *f;
    TSNode root; /* the body */
    region stack[64];
    int depth;
    int next_loop;
    bool unwind_used;
    bool resumable;
    bool *used;       /* label uses: try handler / finally entries by try id */
    conts *jumps;     /* by try id */
    conts *wjumps;    /* by async-with id */
    unsigned *wraise; /* async with: 1 = exception entry used, 2 = exit label */
    TSNode unwrap;    /* a keyword's unary node to emit as its operand */
    const ac_kw *unwrap_kw;
} body;

static void emit(body *e, TSNode n);
static void emit_operand(body *e, TSNode n, const ac_kw *kw);
static bool emit_hoisted_value(body *e, TSNode n);
static bool emit_with_hoists(body *e, TSNode n);
static void goto_handler(body *e, int from);

static const char *slot(const body *e, int i)
{
    return e->f->slots[i].name;
}

static region *push(body *e, rkind k)
{
    if (e->depth == 64)
        abort(); /* nesting this deep is not C anyone writes */
    region *r = &e->stack[e->depth++];
    memset(r, 0, sizeof *r);
    r->kind = k;
    return r;
}

static void release(body *e, const char *name)
{
    ac_gen(e->o, "ac_decref(ac_fr->%s);\n%*sac_fr->%s = NULL;\n", name, 0, "",
           name);
}

/* The exception being handled where code runs (borrowed), for contexts. */
static void put_handled(body *e, int from)
{
    for (int d = from - 1; d >= 0; d--) {
        const region *r = &e->stack[d];
        if (r->kind == R_CATCH) {
            ac_gen(e->o, "ac_fr->%s", slot(e, r->t->exc_slot));
            return;
        }
        if (r->kind == R_FINALLY) {
            ac_gen(e->o, "ac_fr->%s", slot(e, r->t->pend_slot));
            return;
        }
    }
    ac_gen(e->o, "NULL");
}

static void state_label(body *e, const ac_lstate *s)
{
    ac_gen(e->o, "ac_s%d: /* %s:%d */;\n", s->id, e->o->u->src->path, s->line);
}

/* ---- leaving regions -------------------------------------------------- */

/* The current exception goes to the innermost handler from depth `from`. */
static void goto_handler(body *e, int from)
{
    for (int d = from - 1; d >= 0; d--) {
        region *r = &e->stack[d];
        switch (r->kind) {
        case R_FORIN:
            if (e->resumable)
                release(e, slot(e, r->fi->iter_slot));
            break;
        case R_TRY:
            if (r->t->ncatch) {
                ac_gen(e->o, "goto ac_h%d;\n", r->t->id);
                e->used[r->t->id * 4 + 0] = true;
            } else {
                ac_gen(e->o, "goto ac_fh%d;\n", r->t->id);
                e->used[r->t->id * 4 + 1] = true;
            }
            return;
        case R_CATCH:
            release(e, slot(e, r->t->exc_slot));
            if (r->t->has_finally) {
                ac_gen(e->o, "goto ac_fh%d;\n", r->t->id);
                e->used[r->t->id * 4 + 1] = true;
                return;
            }
            break;
        case R_FINALLY:
            release(e, slot(e, r->t->pend_slot));
            break;
        case R_WITH:
            ac_gen(e->o, "goto ac_wx%d;\n", r->w->id);
            e->wraise[r->w->id] |= 1;
            return;
        default:
            break;
        }
    }
    ac_gen(e->o, "goto ac_unwind;\n");
    e->unwind_used = true;
}

static void raise_site(body *e, int line)
{
    ac_gen(e->o, "ac__raise(ac_f, %d, ", line);
    put_handled(e, e->depth);
    ac_gen(e->o, ");\n");
    goto_handler(e, e->depth);
}

/* Enters the finally of r with a why code. */
static void enter_finally(body *e, const region *r, int why)
{
    ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_fn%d;\n", slot(e, r->t->why_slot),
           why, r->t->id);
    e->used[r->t->id * 4 + 2] = true;
}

/* `return` (the value is stored already) from depth `from`. */
static void unwind_return(body *e, int from)
{
    for (int d = from - 1; d >= 0; d--) {
        region *r = &e->stack[d];
        switch (r->kind) {
        case R_FORIN:
            if (e->resumable)
                release(e, slot(e, r->fi->iter_slot));
            else
                ac_gen(e->o, "ac_decref(ac_it%d);\n", r->fi->id);
            break;
        case R_TRY:
            if (r->t->has_finally) {
                enter_finally(e, r, WHY_RETURN);
                return;
            }
            break;
        case R_CATCH:
            release(e, slot(e, r->t->exc_slot));
            if (r->t->has_finally) {
                enter_finally(e, r, WHY_RETURN);
                return;
            }
            break;
        case R_FINALLY: /* a return in finally wins over the pending raise */
            release(e, slot(e, r->t->pend_slot));
            break;
        case R_WITH:
            ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_wn%d;\n",
                   slot(e, r->w->why_slot), WHY_RETURN, r->w->id);
            e->wraise[r->w->id] |= 2;
            return;
        default:
            break;
        }
    }
    ac_gen(e->o, "return AC_RETURNED;\n");
}

static int jump_target(body *e, bool is_break)
{
    for (int d = e->depth - 1; d >= 0; d--) {
        rkind k = e->stack[d].kind;
        if (k == R_LOOP || k == R_FORIN || (is_break && k == R_SWITCH))
            return d;
    }
    return -1;
}

/* break/continue from depth `from` to the loop at depth target; `direct`
 * when a plain C break/continue reaches it (no finally switch between). */
static void unwind_jump(body *e, int from, int target, bool is_break,
                        bool direct)
{
    for (int d = from - 1; d > target; d--) {
        region *r = &e->stack[d];
        if (r->kind == R_WITH) {
            conts *j = &e->wjumps[r->w->id];
            int k = 0;
            while (k < j->n &&
                   !(j->c[k].is_break == is_break && j->c[k].target == target))
                k++;
            if (k == j->n) {
                if (j->n == 16)
                    abort();
                j->c[j->n++] = (cont){is_break, target};
            }
            ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_wn%d;\n",
                   slot(e, r->w->why_slot), WHY_JUMP + k, r->w->id);
            e->wraise[r->w->id] |= 2;
            return;
        }
        bool through_finally = r->kind == R_TRY && r->t->has_finally;
        if (r->kind == R_CATCH) {
            release(e, slot(e, r->t->exc_slot));
            through_finally = r->t->has_finally;
        } else if (r->kind == R_FINALLY) {
            release(e, slot(e, r->t->pend_slot));
        }
        if (through_finally) {
            conts *j = &e->jumps[r->t->id];
            int k = 0;
            while (k < j->n &&
                   !(j->c[k].is_break == is_break && j->c[k].target == target))
                k++;
            if (k == j->n) {
                if (j->n == 16)
                    abort(); /* 16 distinct jump targets through one finally */
                j->c[j->n++] = (cont){is_break, target};
            }
            enter_finally(e, r, WHY_JUMP + k);
            return;
        }
    }
    region *t = &e->stack[target];
    if (direct && !(t->cont_goto && !is_break)) {
        ac_gen(e->o, is_break ? "break;\n" : "continue;\n");
    } else if (is_break) {
        ac_gen(e->o, "goto ac_brk%d;\n", t->id);
        t->brk_used = true;
    } else {
        ac_gen(e->o, "goto ac_cnt%d;\n", t->id);
        t->cnt_used = true;
    }
}

static void on_jump(body *e, TSNode n, bool is_break)
{
    int target = jump_target(e, is_break);
    bool crosses = target >= 0 && !is_break && e->stack[target].cont_goto;
    for (int d = e->depth - 1; d > target; d--)
        if (e->stack[d].kind >= R_TRY)
            crosses = true;
    if (target < 0 || !crosses) {
        ac_copy(e->o, ts_node_start_byte(n), ts_node_end_byte(n));
        return;
    }
    ac_gen(e->o, "{\n");
    unwind_jump(e, e->depth, target, is_break, true);
    ac_gen(e->o, "}");
}

/* ---- names and expressions ------------------------------------------ */

static void emit_var(body *e, int vi)
{
    const ac_lvar *v = &e->f->vars[vi];
    if (v->in_frame)
        ac_gen(e->o, "ac_fr->%s", v->cname);
    else
        ac_gen(e->o, "%s", v->cname);
}

static void emit_children(body *e, TSNode n)
{
    uint32_t pos = ts_node_start_byte(n), count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        ac_copy(e->o, pos, ts_node_start_byte(c));
        emit(e, c);
        pos = ts_node_end_byte(c);
    }
    ac_copy(e->o, pos, ts_node_end_byte(n));
}

/* ---- suspension points ------------------------------------------------ */

static const ac_kw *susp_kw(body *e, TSNode n)
{
    if (ts_node_is_null(n))
        return NULL;
    const ac_kw *kw = ac_kw_at(e->o->u, ts_node_start_byte(n));
    if (!kw)
        return NULL;
    if (kw->kind == AC_KW_YIELD && (kw->flags & AC_KWF_BARE))
        return ac_ts_is(n, "identifier") ? kw : NULL;
    if (kw->kind == AC_KW_AWAIT && ac_ts_is(n, "unary_expression"))
        return kw;
    if ((kw->kind == AC_KW_YIELD || kw->kind == AC_KW_YIELD_FROM) &&
        ts_node_eq(ac_ts_yield_extent(ac_ts_yield_unary(n, kw)), n))
        return kw;
    return NULL;
}

static void resume_check(body *e, const ac_lstate *s)
{
    ac_gen(e->o, "if (ac_f->how == AC_HOW_THROW) {\n");
    raise_site(e, s->line);
    ac_gen(e->o, "}\n");
}

static void emit_yield(body *e, TSNode n, const ac_kw *kw)
{
    const ac_lfunc *f = e->f;
    const ac_lstate *s = ac_lfunc_state_at(f, kw->start, AC_SUSP_YIELD);
    ac_gen(e->o, "{\n%s ac_y", f->yield_type);
    if (kw->flags & AC_KWF_BARE) {
        ac_gen(e->o, ";\nmemset(&ac_y, 0, sizeof ac_y);\n");
    } else {
        ac_gen(e->o, " = (");
        emit_operand(e, n, kw);
        ac_gen(e->o, ");\n");
    }
    ac_gen(e->o,
           "if (ac_f->out)\n    memcpy(ac_f->out, &ac_y, sizeof ac_y);\n}\n");
    ac_gen(e->o, "ac_f->state = %d;\nreturn %s;\n", s->id,
           f->kind == AC_FN_AGEN ? "AC_AGEN_YIELDED" : "AC_YIELDED");
    state_label(e, s);
    resume_check(e, s);
}

static bool is_named(TSNode expr)
{
    return ac_ts_is(expr, "identifier") || ac_ts_is(expr, "field_expression") ||
           ac_ts_is(expr, "subscript_expression");
}

/* `yield from E`, storing the value through dest (an lvalue node or a
 * frame field) when wanted. */
static void emit_yield_from(body *e, TSNode n, const ac_kw *kw, TSNode dest,
                            const char *dest_text)
{
    const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, AC_SUSP_YIELD_FROM);
    TSNode operand = ac_ts_kw_operand(ac_ts_yield_unary(n, kw), kw);
    const char *sub = slot(e, s->slot);
    ac_gen(e->o, "ac_fr->%s = (", sub);
    emit_operand(e, n, kw);
    ac_gen(e->o, ");\n");
    if (is_named(operand))
        ac_gen(e->o, "ac_incref(ac_fr->%s);\n", sub);
    ac_gen(e->o, "ac_f->how = AC_HOW_SEND;\nac_f->sent = NULL;\n");
    state_label(e, s);
    ac_gen(e->o, "{\n");
    const char *rt = s->type && strcmp(s->type, "void") != 0 ? s->type : NULL;
    bool want = !ts_node_is_null(dest) || dest_text;
    if (want && rt)
        ac_gen(e->o, "%s ac_v;\n", rt);
    ac_gen(e->o, "int ac_r = ac__yield_from(ac_f, (ac_gen **)&ac_fr->%s, ",
           sub);
    if (!want) {
        ac_gen(e->o, "NULL, 0);\n");
    } else if (rt) {
        ac_gen(e->o, "&ac_v, sizeof ac_v);\n");
    } else if (dest_text) {
        ac_gen(e->o, "&%s, sizeof %s);\n", dest_text, dest_text);
    } else {
        ac_gen(e->o, "&(");
        emit(e, dest);
        ac_gen(e->o, "), sizeof(");
        emit(e, dest);
        ac_gen(e->o, "));\n");
    }
    ac_gen(
        e->o,
        "if (ac_r == AC_YIELDED) {\nac_f->state = %d;\nreturn AC_YIELDED;\n}\n",
        s->id);
    ac_gen(e->o, "if (ac_r == AC_RAISED) {\n");
    raise_site(e, s->line);
    ac_gen(e->o, "}\n");
    if (want && rt) {
        if (dest_text) {
            ac_gen(e->o, "%s = ac_v;\n", dest_text);
        } else {
            emit(e, dest);
            ac_gen(e->o, " = ac_v;\n");
        }
    }
    ac_gen(e->o, "}\n");
}

/* `await E` with its result going to dest (an lvalue node), dest_field
 * (a frame field) or nowhere.  A known result type goes through a typed
 * temporary, so that C converts it to the destination. */
static void emit_await(body *e, TSNode n, const ac_kw *kw, TSNode dest,
                       const char *dest_text)
{
    const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, AC_SUSP_AWAIT);
    const char *aw = slot(e, s->slot);
    TSNode operand = ac_ts_kw_operand(n, kw);
    bool want = !ts_node_is_null(dest) || dest_text;
    const char *type = s->type && strcmp(s->type, "void") != 0 ? s->type : NULL;
    ac_gen(e->o, "ac_fr->%s = (", aw);
    emit(e, operand);
    ac_gen(e->o, ");\n");
    if (is_named(operand))
        ac_gen(e->o, "ac_incref(ac_fr->%s);\n", aw);
    ac_gen(e->o, "ac_f->state = %d;\n{\n", s->id);
    ac_gen(e->o, "int ac_r = ac__await_start(ac_f, &ac_fr->%s);\n", aw);
    ac_gen(
        e->o,
        "if (ac_r == AC_AWAITING || ac_r == AC_YIELDED)\n    return ac_r;\n");
    ac_gen(e->o, "if (ac_r == AC_RAISED) {\n");
    raise_site(e, s->line);
    ac_gen(e->o, "}\n}\n");
    state_label(e, s);
    ac_gen(e->o, "{\n");
    if (want && type)
        ac_gen(e->o, "%s ac_v;\n", type);
    ac_gen(e->o, "if (ac__await_result(ac_f, &ac_fr->%s, ", aw);
    if (!want) {
        ac_gen(e->o, "NULL, 0");
    } else if (type) {
        ac_gen(e->o, "&ac_v, sizeof ac_v");
    } else if (dest_text) {
        ac_gen(e->o, "&%s, sizeof %s", dest_text, dest_text);
    } else {
        ac_gen(e->o, "&(");
        emit(e, dest);
        ac_gen(e->o, "), sizeof(");
        emit(e, dest);
        ac_gen(e->o, ")");
    }
    ac_gen(e->o, ") < 0) {\n");
    raise_site(e, s->line);
    ac_gen(e->o, "}\n");
    if (want && type) {
        if (dest_text)
            ac_gen(e->o, "%s = ac_v;\n", dest_text);
        else {
            emit(e, dest);
            ac_gen(e->o, " = ac_v;\n");
        }
    }
    ac_gen(e->o, "}\n");
}

/* ---- hoisting awaits out of expressions ------------------------------- */

static void hoist_in(body *e, TSNode n);

/* The state of a yield inside an expression whose extent is n. */
static const ac_lstate *expr_yield(body *e, TSNode n)
{
    const ac_kw *kw = ac_kw_at(e->o->u, ts_node_start_byte(n));
    if (!kw || (kw->kind != AC_KW_YIELD && kw->kind != AC_KW_YIELD_FROM) ||
        (kw->flags & AC_KWF_BARE))
        return NULL;
    if (!ts_node_eq(ac_ts_yield_extent(ac_ts_yield_unary(n, kw)), n))
        return NULL;
    const ac_lstate *s = ac_lfunc_state_at(
        e->f, kw->start,
        kw->kind == AC_KW_YIELD ? AC_SUSP_YIELD : AC_SUSP_YIELD_FROM);
    return s && s->form == AC_FORM_EXPR && s->temp_slot >= 0 ? s : NULL;
}

/* Emits, before a statement, every await inside n that is not the
 * statement's own (EXPR form), in evaluation order; `&&`, `||` and `,`
 * keep C's sequencing. */
static void hoist_in(body *e, TSNode n)
{
    if (ts_node_is_null(n))
        return;
    const char *type = ts_node_type(n);
    if (strcmp(type, "compound_statement") == 0 || strstr(type, "_statement"))
        return; /* nested statements hoist their own */
    const ac_lhoist *h = e->resumable
                             ? ac_lfunc_hoist_at(e->f, ts_node_start_byte(n),
                                                 ts_node_end_byte(n))
                             : NULL;
    if (h) {
        TSNode left = ac_ts_field(n, "left"), right = ac_ts_field(n, "right");
        hoist_in(e, left);
        if (h->slot < 0) { /* a, await b */
            ac_gen(e->o, "(void)(");
            emit(e, left);
            ac_gen(e->o, ");\n");
            hoist_in(e, right);
            return;
        }
        char *op = ac_ts_text(e->o->u, ac_ts_field(n, "operator"));
        const char *t = slot(e, h->slot);
        ac_gen(e->o, "ac_fr->%s = !!(", t);
        emit(e, left);
        ac_gen(e->o, ");\nif (%sac_fr->%s) {\n", op[0] == '|' ? "!" : "", t);
        hoist_in(e, right);
        ac_gen(e->o, "ac_fr->%s = !!(", t);
        emit(e, right);
        ac_gen(e->o, ");\n}\n");
        free(op);
        return;
    }
    const ac_kw *kw = ac_kw_at(e->o->u, ts_node_start_byte(n));
    const ac_lstate *ys = expr_yield(e, n);
    if (ys && ys->what == AC_SUSP_YIELD) {
        emit_yield(e, ac_ts_yield_unary(n, kw), kw);
        ac_gen(e->o, "ac_fr->%s = AC__SENT(ac_f, %s);\n",
               slot(e, ys->temp_slot), e->f->send_type);
        return;
    }
    if (ys) {
        char dest[64];
        snprintf(dest, sizeof dest, "ac_fr->%s", slot(e, ys->temp_slot));
        emit_yield_from(e, n, kw, (TSNode){0}, dest);
        return;
    }
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        hoist_in(e, ts_node_named_child(n, i));
    if (kw && kw->kind == AC_KW_AWAIT && ac_ts_is(n, "unary_expression")) {
        const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, AC_SUSP_AWAIT);
        if (s && s->form == AC_FORM_EXPR && s->temp_slot >= 0) {
            char dest[64];
            snprintf(dest, sizeof dest, "ac_fr->%s", slot(e, s->temp_slot));
            emit_await(e, n, kw, (TSNode){0}, dest);
        }
    }
}

static bool has_hoisted(body *e, TSNode n)
{
    uint32_t at = ts_node_start_byte(n), end = ts_node_end_byte(n);
    for (const ac_kw *kw; (kw = ac_kw_first_in(e->o->u, at, end));
         at = kw->end) {
        if (kw->kind != AC_KW_AWAIT && kw->kind != AC_KW_YIELD &&
            kw->kind != AC_KW_YIELD_FROM)
            continue;
        ac_susp what = kw->kind == AC_KW_AWAIT   ? AC_SUSP_AWAIT
                       : kw->kind == AC_KW_YIELD ? AC_SUSP_YIELD
                                                 : AC_SUSP_YIELD_FROM;
        const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, what);
        if (s && s->form == AC_FORM_EXPR)
            return true;
    }
    return false;
}

static const ac_kw *susp_kw_of_stmt(body *e, TSNode stmt)
{
    TSNode x = ts_node_named_child(stmt, 0);
    const ac_kw *kw = susp_kw(e, x);
    if (!kw && ac_ts_is(x, "assignment_expression"))
        kw = susp_kw(e, ac_ts_field(x, "right"));
    return kw;
}

/* A statement `[lhs op] SUSP;`.  Returns false when n is no such thing. */
static bool emit_susp_stmt(body *e, TSNode stmt)
{
    TSNode x = ts_node_named_child(stmt, 0);
    const ac_kw *kw = susp_kw(e, x);
    TSNode lhs = {0}, op = {0};
    if (!kw && ac_ts_is(x, "assignment_expression")) {
        TSNode right = ac_ts_field(x, "right");
        kw = susp_kw(e, right);
        if (kw) {
            lhs = ac_ts_field(x, "left");
            op = ac_ts_field(x, "operator");
            x = right;
        }
    }
    if (!kw)
        return false;
    bool compound = !ts_node_is_null(op) &&
                    ts_node_end_byte(op) - ts_node_start_byte(op) != 1;
    if (kw->kind == AC_KW_YIELD_FROM && compound) {
        /* x += yield from g(): R is known (lowering checked) */
        const ac_lstate *s =
            ac_lfunc_state_at(e->f, kw->start, AC_SUSP_YIELD_FROM);
        ac_gen(e->o, "{\n%s ac_w;\n", s->type);
        emit_yield_from(e, x, kw, (TSNode){0}, "ac_w");
        emit(e, lhs);
        ac_gen(e->o, " ");
        ac_copy(e->o, ts_node_start_byte(op), ts_node_end_byte(op));
        ac_gen(e->o, " ac_w;\n}\n");
        return true;
    }
    if (kw->kind == AC_KW_YIELD_FROM) {
        emit_yield_from(e, x, kw, lhs, NULL);
        return true;
    }
    if (kw->kind == AC_KW_AWAIT) {
        if (!ts_node_is_null(op) &&
            ts_node_end_byte(op) - ts_node_start_byte(op) != 1) {
            /* x += await E: E's type is known (lowering checked) */
            const ac_lstate *s =
                ac_lfunc_state_at(e->f, kw->start, AC_SUSP_AWAIT);
            ac_gen(e->o, "{\n%s ac_w;\n", s->type);
            emit_await(e, x, kw, (TSNode){0}, "ac_w");
            emit(e, lhs);
            ac_gen(e->o, " ");
            ac_copy(e->o, ts_node_start_byte(op), ts_node_end_byte(op));
            ac_gen(e->o, " ac_w;\n}\n");
            return true;
        }
        emit_await(e, x, kw, lhs, NULL);
        return true;
    }
    if (kw->kind == AC_KW_YIELD) {
        emit_yield(e, x, kw);
        if (!ts_node_is_null(lhs)) {
            emit(e, lhs);
            ac_gen(e->o, " ");
            ac_copy(e->o, ts_node_start_byte(op), ts_node_end_byte(op));
            ac_gen(e->o, " AC__SENT(ac_f, %s);",
                   e->f->send_type ? e->f->send_type : "int");
        }
        return true;
    }
    return false;
}

/* ---- declarations ------------------------------------------------------ */

static bool decl_in_frame(body *e, TSNode decl)
{
    uint32_t n = ts_node_named_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(decl, i);
        TSNode id = ac_ts_declarator_name(c);
        if (ts_node_is_null(id))
            continue;
        int v = ac_lfunc_var_at(e->f, ts_node_start_byte(id));
        if (v >= 0 && e->f->vars[v].in_frame)
            return true;
    }
    return false;
}

/* Assignments for the initialized declarators of a frame declaration;
 * sep joins them (";\n" in a block, ", " in a for header). */
static void emit_frame_decl(body *e, TSNode decl, bool in_for)
{
    uint32_t n = ts_node_named_child_count(decl);
    bool first = true;
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(decl, i);
        if (!ac_ts_is(c, "init_declarator"))
            continue;
        TSNode id = ac_ts_declarator_name(c);
        int vi = ac_lfunc_var_at(e->f, ts_node_start_byte(id));
        if (vi < 0)
            continue;
        const ac_lvar *v = &e->f->vars[vi];
        TSNode value = ac_ts_field(c, "value");
        const ac_kw *kw = susp_kw(e, value);
        if (kw && !in_for) {
            if (kw->kind == AC_KW_AWAIT) {
                char dest[300];
                snprintf(dest, sizeof dest, "ac_fr->%s", v->cname);
                emit_await(e, value, kw, (TSNode){0}, dest);
            } else if (kw->kind == AC_KW_YIELD_FROM) {
                char dest[300];
                snprintf(dest, sizeof dest, "ac_fr->%s", v->cname);
                emit_yield_from(e, value, kw, (TSNode){0}, dest);
            } else {
                emit_yield(e, value, kw);
                ac_gen(e->o, "ac_fr->%s = AC__SENT(ac_f, %s);", v->cname,
                       e->f->send_type ? e->f->send_type : "int");
            }
            first = false;
            continue;
        }
        if (!first)
            ac_gen(e->o, in_for ? ", " : "\n");
        first = false;
        if (v->is_array) {
            ac_gen(e->o, "memcpy(ac_fr->%s, (%s)", v->cname, v->type_name);
            if (!ac_ts_is(value, "initializer_list"))
                ac_gen(e->o, "{");
            emit(e, value);
            if (!ac_ts_is(value, "initializer_list"))
                ac_gen(e->o, "}");
            ac_gen(e->o, ", sizeof ac_fr->%s)", v->cname);
        } else {
            ac_gen(e->o, "ac_fr->%s = ", v->cname);
            if (ac_ts_is(value, "initializer_list"))
                ac_gen(e->o, "(%s)", v->type_name);
            emit(e, value);
        }
        if (!in_for)
            ac_gen(e->o, ";");
    }
    if (in_for)
        ac_gen(e->o, ";");
    else if (first)
        ac_gen(e->o, ";");
}

static void emit_declaration(body *e, TSNode decl)
{
    if (!e->resumable || !decl_in_frame(e, decl)) {
        emit_children(e, decl);
        return;
    }
    emit_frame_decl(e, decl, false);
}

/* ---- return / throw ----------------------------------------------------- */

static void emit_return(body *e, TSNode n)
{
    TSNode value =
        ts_node_named_child_count(n) ? ts_node_named_child(n, 0) : (TSNode){0};
    if (ac_ts_is(value, "comment"))
        value = (TSNode){0};
    if (!e->resumable) {
        bool in_forin = false;
        for (int d = 0; d < e->depth; d++)
            in_forin |= e->stack[d].kind == R_FORIN;
        if (!in_forin) {
            emit_children(e, n);
            return;
        }
        const char *rt = e->f->plain_return_type;
        ac_gen(e->o, "{\n");
        if (!ts_node_is_null(value)) {
            ac_gen(e->o, "%s ac_ret = (", rt);
            emit(e, value);
            ac_gen(e->o, ");\n");
        }
        for (int d = e->depth - 1; d >= 0; d--)
            if (e->stack[d].kind == R_FORIN)
                ac_gen(e->o, "ac_decref(ac_it%d);\n", e->stack[d].fi->id);
        ac_gen(e->o,
               ts_node_is_null(value) ? "return;\n}" : "return ac_ret;\n}");
        return;
    }
    ac_gen(e->o, "{\n");
    const ac_kw *kw = susp_kw(e, value);
    const char *result = e->f->result_type ? "ac_fr->ac_result" : NULL;
    if (kw && kw->kind == AC_KW_AWAIT) {
        emit_await(e, value, kw, (TSNode){0}, result);
    } else if (kw && kw->kind == AC_KW_YIELD_FROM) {
        emit_yield_from(e, value, kw, (TSNode){0}, result);
    } else if (kw && kw->kind == AC_KW_YIELD) {
        emit_yield(e, ac_ts_yield_unary(value, kw), kw);
        ac_gen(e->o, "ac_fr->ac_result = AC__SENT(ac_f, %s);\n",
               e->f->send_type);
    } else if (!ts_node_is_null(value)) {
        ac_gen(e->o, "ac_fr->ac_result = (");
        emit(e, value);
        ac_gen(e->o, ");\n");
    }
    unwind_return(e, e->depth);
    ac_gen(e->o, "}");
}

static bool emit_throw(body *e, TSNode stmt)
{
    const ac_kw *kw = ac_kw_at(e->o->u, ts_node_start_byte(stmt));
    if (!kw || kw->kind != AC_KW_THROW)
        return false;
    int line = ac_line_of(e->o->u, kw->start);
    ac_gen(e->o, "{\n");
    if (kw->flags & AC_KWF_BARE) {
        ac_gen(e->o, "ac__rethrow(ac_f, ");
        put_handled(e, e->depth);
        ac_gen(e->o, ", %d);\n", line);
    } else {
        TSNode x = ts_node_named_child(stmt, 0);
        ac_gen(e->o, "ac__throw(ac_f, (");
        emit(e, ac_ts_kw_operand(x, kw));
        ac_gen(e->o, "), ");
        put_handled(e, e->depth);
        ac_gen(e->o, ", %d);\n", line);
    }
    goto_handler(e, e->depth);
    ac_gen(e->o, "}");
    return true;
}

/* ---- try / catch / finally ------------------------------------------- */

static void emit_block(body *e, uint32_t at)
{
    TSNode b = ac_ts_node_starting(e->root, at);
    while (!ts_node_is_null(b) && !ac_ts_is(b, "compound_statement"))
        b = ts_node_named_child(b, 0);
    emit(e, b);
}

static void emit_catch_test(body *e, const ac_kw *kw, const char *exc)
{
    const char *text = e->o->u->src->text;
    for (int k = 0; k < kw->nargs; k++)
        ac_gen(e->o, "%sac_exc_matches(ac_fr->%s, &%.*s)", k ? " || " : "", exc,
               (int)(kw->args[k].end - kw->args[k].start),
               text + kw->args[k].start);
}

static void emit_try(body *e, const ac_ltry *t)
{
    int outer = e->depth;
    const char *exc = t->exc_slot >= 0 ? slot(e, t->exc_slot) : NULL;
    ac_gen(e->o, "/* try (%s:%d) */\n", e->o->u->src->path, t->line);
    region *r = push(e, R_TRY);
    r->t = t;
    emit_block(e, t->body);
    r = NULL;
    e->depth--;
    ac_gen(e->o, "\n");
    if (t->has_finally) {
        ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_fn%d;\n", slot(e, t->why_slot),
               WHY_NORMAL, t->id);
        e->used[t->id * 4 + 2] = true;
    } else {
        ac_gen(e->o, "goto ac_te%d;\n", t->id);
        e->used[t->id * 4 + 3] = true;
    }
    if (t->ncatch) {
        if (e->used[t->id * 4 + 0])
            ac_gen(e->o, "ac_h%d:;\n", t->id);
        ac_gen(e->o, "ac_fr->%s = ac__catch();\n", exc);
        for (int k = 0; k < t->ncatch; k++) {
            ac_gen(e->o, k ? "} else if (" : "if (");
            emit_catch_test(e, t->catch_kw[k], exc);
            ac_gen(e->o, ") {\n");
            region *c = push(e, R_CATCH);
            c->t = t;
            emit_block(e, t->catch_body[k]);
            e->depth--;
            ac_gen(e->o, "\n");
            release(e, exc);
            if (t->has_finally) {
                ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_fn%d;\n",
                       slot(e, t->why_slot), WHY_NORMAL, t->id);
            } else {
                ac_gen(e->o, "goto ac_te%d;\n", t->id);
                e->used[t->id * 4 + 3] = true;
            }
        }
        ac_gen(e->o, "}\nac_err_set(ac_fr->%s);\nac_fr->%s = NULL;\n", exc,
               exc);
        if (t->has_finally) {
            ac_gen(e->o, "goto ac_fh%d;\n", t->id);
            e->used[t->id * 4 + 1] = true;
        } else {
            goto_handler(e, outer);
        }
    }
    if (t->has_finally) {
        const char *pend = slot(e, t->pend_slot), *why = slot(e, t->why_slot);
        if (e->used[t->id * 4 + 1])
            ac_gen(e->o,
                   "ac_fh%d:;\nac_fr->%s = ac__catch();\nac_fr->%s = %d;\n",
                   t->id, pend, why, WHY_RAISE);
        ac_gen(e->o, "ac_fn%d: /* finally */;\n", t->id);
        region *fr = push(e, R_FINALLY);
        fr->t = t;
        emit_block(e, t->finally_body);
        e->depth--;
        const conts *done = &e->jumps[t->id];
        ac_gen(e->o, "\nswitch (ac_fr->%s) {\n", why);
        if (e->used[t->id * 4 + 1]) {
            ac_gen(e->o,
                   "case %d:\nac_err_set(ac_fr->%s);\nac_fr->%s = NULL;\n",
                   WHY_RAISE, pend, pend);
            goto_handler(e, outer);
        }
        ac_gen(e->o, "case %d:\n", WHY_RETURN);
        unwind_return(e, outer);
        /* jumps registered by break/continue inside the try */
        for (int k = 0; k < done->n; k++) {
            ac_gen(e->o, "case %d:\n", WHY_JUMP + k);
            unwind_jump(e, outer, done->c[k].target, done->c[k].is_break,
                        false);
        }
        ac_gen(e->o, "default:\nbreak;\n}\n");
    }
    if (e->used[t->id * 4 + 3])
        ac_gen(e->o, "ac_te%d:;\n", t->id);
}

/* ---- async with -------------------------------------------------------- */

/* Awaits the awaitable in slot aw at state s, its result into dest (NULL:
 * dropped).  On a raise: ac__raise with `handled`, then `on_raise`. */
static void await_slot(body *e, const ac_lstate *s, const char *aw,
                       const char *dest)
{
    ac_gen(e->o, "ac_f->state = %d;\n{\n", s->id);
    ac_gen(
        e->o,
        "int ac_r = ac__await_start(ac_f, &ac_fr->%s);\n"
        "if (ac_r == AC_AWAITING || ac_r == AC_YIELDED)\n    return ac_r;\n}\n",
        aw);
    state_label(e, s);
    if (dest)
        ac_gen(
            e->o,
            "if (ac__await_result(ac_f, &ac_fr->%s, &%s, sizeof %s) < 0) {\n",
            aw, dest, dest);
    else
        ac_gen(e->o, "if (ac__await_result(ac_f, &ac_fr->%s, NULL, 0) < 0) {\n",
               aw);
}

static void emit_async_with(body *e, TSNode n, const ac_lwith *w)
{
    const ac_lfunc *f = e->f;
    int outer = e->depth;
    const char *acm = slot(e, w->acm_slot), *aw = slot(e, w->aw_slot);
    const char *pend = slot(e, w->pend_slot), *why = slot(e, w->why_slot);
    const char *sup = slot(e, w->sup_slot);
    const ac_lstate *enter = &f->states[w->enter_state - 1];
    const ac_lstate *exit = &f->states[w->exit_state - 1];
    TSNode cond = ac_ts_field(n, "condition");
    if (ac_ts_is(cond, "parenthesized_expression"))
        cond = ts_node_named_child(cond, 0);
    ac_gen(e->o, "/* async with (%s:%d) */\n{\nac_fr->%s = (",
           e->o->u->src->path, enter->line, acm);
    emit(e, cond);
    ac_gen(e->o,
           ");\nac_fr->%s = (*(const ac_acm_ops *const "
           "*)ac_fr->%s)->aenter(ac_fr->%s);\n",
           aw, acm, acm);
    char dest[96];
    if (w->var >= 0)
        snprintf(dest, sizeof dest, "ac_fr->%s", f->vars[w->var].cname);
    await_slot(e, enter, aw, w->var >= 0 ? dest : NULL);
    raise_site(e, enter->line);
    ac_gen(e->o, "}\n");
    region *r = push(e, R_WITH);
    r->w = w;
    emit(e, ac_ts_field(n, "consequence"));
    e->depth--;
    ac_gen(e->o, "\nac_fr->%s = %d;\n", why, WHY_NORMAL);
    if (e->wraise[w->id] & 1) {
        ac_gen(e->o,
               "goto ac_wn%d;\nac_wx%d:;\nac_fr->%s = ac__catch();\nac_fr->%s "
               "= %d;\n",
               w->id, w->id, pend, why, WHY_RAISE);
        e->wraise[w->id] |= 2;
    }
    if (e->wraise[w->id] & 2)
        ac_gen(e->o, "ac_wn%d:;\n", w->id);
    ac_gen(e->o,
           "ac_fr->%s = (*(const ac_acm_ops *const "
           "*)ac_fr->%s)->aexit(ac_fr->%s, ac_fr->%s);\n",
           aw, acm, acm, pend);
    snprintf(dest, sizeof dest, "ac_fr->%s", sup);
    await_slot(e, exit, aw, dest);
    /* aexit raised: its exception replaces the pending one */
    ac_gen(e->o, "ac__raise(ac_f, %d, ac_fr->%s);\n", exit->line, pend);
    release(e, pend);
    goto_handler(e, outer);
    ac_gen(e->o, "}\nswitch (ac_fr->%s) {\n", why);
    if (e->wraise[w->id] & 1) {
        ac_gen(e->o, "case %d:\nif (ac_fr->%s) {\n", WHY_RAISE, sup);
        release(e, pend);
        ac_gen(e->o, "break;\n}\nac_err_set(ac_fr->%s);\nac_fr->%s = NULL;\n",
               pend, pend);
        goto_handler(e, outer);
    }
    ac_gen(e->o, "case %d:\n", WHY_RETURN);
    unwind_return(e, outer);
    const conts *done = &e->wjumps[w->id];
    for (int k = 0; k < done->n; k++) {
        ac_gen(e->o, "case %d:\n", WHY_JUMP + k);
        unwind_jump(e, outer, done->c[k].target, done->c[k].is_break, false);
    }
    ac_gen(e->o, "default:\nbreak;\n}\n}");
}

/* ---- for-in ------------------------------------------------------------ */

static void emit_forin_body(body *e, TSNode loop, const ac_lforin *fi,
                            const char *it);

/* async for (T v in E): each step awaits ac_anext(it); StopAsyncIteration
 * ends the loop. */
static void emit_async_forin(body *e, TSNode loop, const ac_lforin *fi)
{
    const ac_lfunc *f = e->f;
    TSNode init = ac_ts_field(loop, "initializer");
    TSNode expr = ac_ts_field(loop, "update");
    const ac_lstate *s = &f->states[fi->state - 1];
    const char *aw = slot(e, s->slot);
    char it[64];
    snprintf(it, sizeof it, "ac_fr->%s", slot(e, fi->iter_slot));
    ac_gen(e->o, "{\n%s = (", it);
    emit(e, expr);
    ac_gen(e->o, ");\n");
    if (fi->borrowed)
        ac_gen(e->o, "ac_incref(%s);\n", it);
    ac_gen(e->o, "for (;;) {\n");
    int vi = fi->var;
    if (vi >= 0 && !f->vars[vi].in_frame)
        ac_gen(e->o, "%s;\n", f->vars[vi].decl);
    ac_gen(e->o, "ac_fr->%s = ac_anext(%s);\nac_f->state = %d;\n{\n", aw, it,
           s->id);
    ac_gen(
        e->o,
        "int ac_r = ac__await_start(ac_f, &ac_fr->%s);\n"
        "if (ac_r == AC_AWAITING || ac_r == AC_YIELDED)\n    return ac_r;\n}\n",
        aw);
    state_label(e, s);
    ac_gen(e->o, "if (ac__await_result(ac_f, &ac_fr->%s, &", aw);
    ac_buf dest;
    ac_buf_init(&dest);
    if (vi >= 0) {
        ac_buf_printf(&dest, "%s%s", f->vars[vi].in_frame ? "ac_fr->" : "",
                      f->vars[vi].cname);
    } else {
        ac_buf *save = e->o->b;
        e->o->b = &dest;
        emit(e, init);
        e->o->b = save;
    }
    ac_gen(e->o, "%s, sizeof %s) < 0) {\n", dest.data, dest.data);
    ac_buf_free(&dest);
    ac_gen(e->o,
           "if (ac_exc_matches(ac_err_occurred(), &ac_StopAsyncIteration)) {\n"
           "ac_err_clear();\nbreak;\n}\n");
    release(e, slot(e, fi->iter_slot));
    raise_site(e, s->line);
    ac_gen(e->o, "}\n");
    emit_forin_body(e, loop, fi, it);
}

static void emit_forin(body *e, TSNode loop, const ac_lforin *fi)
{
    if (fi->is_async) {
        emit_async_forin(e, loop, fi);
        return;
    }
    const ac_lfunc *f = e->f;
    TSNode init = ac_ts_field(loop, "initializer");
    TSNode expr = ac_ts_field(loop, "update");
    int line = ac_line_of(e->o->u, fi->at);
    char it[32];
    const ac_lfunc *g =
        fi->inline_fn >= 0 ? &e->o->lu->funcs[fi->inline_fn] : NULL;
    if (e->resumable)
        snprintf(it, sizeof it, "ac_fr->%s", slot(e, fi->iter_slot));
    else
        snprintf(it, sizeof it, "ac_it%d", fi->id);
    ac_gen(e->o, "{\n");
    if (!e->resumable)
        ac_gen(e->o, "ac_gen *");
    ac_gen(e->o, "%s = (", it);
    emit(e, expr);
    ac_gen(e->o, ");\n");
    if (fi->borrowed)
        ac_gen(e->o, "ac_incref(%s);\n", it);
    ac_gen(e->o, "for (;;) {\n");
    /* the loop variable */
    int vi = fi->var;
    if (vi >= 0 && !f->vars[vi].in_frame)
        ac_gen(e->o, "%s;\n",
               f->vars[vi].decl ? f->vars[vi].decl : "int ac_unused");
    ac_gen(e->o, "{\n");
    const char *rt = g ? g->result_type : NULL;
    if (rt)
        ac_gen(e->o, "union {\n%s r;\nchar v[sizeof(", rt);
    ac_buf dest;
    ac_buf_init(&dest);
    if (vi >= 0) {
        ac_buf_printf(&dest, "%s%s", f->vars[vi].in_frame ? "ac_fr->" : "",
                      f->vars[vi].cname);
    } else {
        ac_buf *save = e->o->b;
        e->o->b = &dest;
        emit(e, init);
        e->o->b = save;
    }
    if (rt)
        ac_gen(e->o, "%s)];\n} ac_o;\n", dest.data);
    ac_gen(e->o, "int ac_r = ");
    const char *out = rt ? "&ac_o" : NULL;
    if (g)
        ac_gen(e->o, "ac__gen_next_inline((ac_frame *)%s, ", it);
    else
        ac_gen(e->o, "ac_gen_next(%s, ", it);
    if (out)
        ac_gen(e->o, "%s", out);
    else
        ac_gen(e->o, "&%s", dest.data);
    if (g)
        ac_gen(e->o, ", %s__resume);\n", g->name);
    else
        ac_gen(e->o, ");\n");
    ac_gen(e->o, "if (ac_r != AC_YIELDED) {\n");
    if (e->resumable) {
        ac_gen(e->o, "if (ac_r == AC_RAISED) {\n");
        release(e, slot(e, fi->iter_slot));
        ac_gen(e->o, "ac__raise(ac_f, %d, ", line);
        put_handled(e, e->depth);
        ac_gen(e->o, ");\n");
        goto_handler(e, e->depth);
        ac_gen(e->o, "}\n");
    }
    ac_gen(e->o, "break;\n}\n");
    if (rt)
        ac_gen(e->o, "memcpy(&%s, ac_o.v, sizeof ac_o.v);\n", dest.data);
    ac_gen(e->o, "}\n");
    ac_buf_free(&dest);
    emit_forin_body(e, loop, fi, it);
}

/* The loop body and the end of a for-in, from inside its `for (;;) {`. */
static void emit_forin_body(body *e, TSNode loop, const ac_lforin *fi,
                            const char *it)
{
    TSNode lbody = ac_ts_field(loop, "body");
    region *r = push(e, R_FORIN);
    r->fi = fi;
    r->id = ++e->next_loop;
    r->start = ts_node_start_byte(loop);
    r->end = ts_node_end_byte(loop);
    r->body_at = ts_node_start_byte(lbody);
    emit(e, lbody);
    bool cnt = r->cnt_used, brk = r->brk_used;
    int id = r->id;
    e->depth--;
    if (cnt)
        ac_gen(e->o, "\nac_cnt%d:;", id);
    ac_gen(e->o, "\n}\n");
    if (brk)
        ac_gen(e->o, "ac_brk%d:;\n", id);
    if (e->resumable)
        release(e, slot(e, fi->iter_slot));
    else
        ac_gen(e->o, "ac_decref(%s);\n", it);
    ac_gen(e->o, "}");
}

/* ---- statements --------------------------------------------------------- */

/* Children of a block, grouping try/catch/finally. */
static void emit_block_children(body *e, TSNode n)
{
    uint32_t pos = ts_node_start_byte(n), count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        uint32_t cs = ts_node_start_byte(c);
        const ac_ltry *t = ac_ts_is(c, "compound_statement") && e->resumable
                               ? ac_lfunc_try_at(e->f, cs)
                               : NULL;
        uint32_t start = t ? t->at : cs;
        bool is_close = !ts_node_is_named(c) && i == count - 1;
        if (is_close) {
            /* a loop body's continue label goes before its `}` */
            region *top = e->depth ? &e->stack[e->depth - 1] : NULL;
            if (top && top->body_at == ts_node_start_byte(n) && top->cnt_used &&
                top->kind == R_LOOP) {
                ac_gen(e->o, "\nac_cnt%d:;", top->id);
                top->cnt_used = false;
            }
        }
        if (ts_node_is_named(c))
            ac_copy_gap(e->o, pos, start, ac_line_of(e->o->u, start));
        else
            ac_copy(e->o, pos, start);
        int save_base = e->o->base, save_depth = e->o->depth;
        if (ts_node_is_named(c)) {
            e->o->base = ac_col_of(e->o->u, start) - 1;
            e->o->depth = 0;
        }
        if (t) {
            ac_gen(e->o, "{\n");
            emit_try(e, t);
            ac_gen(e->o, "}");
            e->o->base = save_base;
            e->o->depth = save_depth;
            i += (uint32_t)t->nsiblings;
            pos = ts_node_end_byte(ts_node_child(n, i));
            continue;
        }
        emit(e, c);
        e->o->base = save_base;
        e->o->depth = save_depth;
        pos = ts_node_end_byte(c);
    }
    ac_copy(e->o, pos, ts_node_end_byte(n));
}

static void emit_loop(body *e, TSNode n, rkind kind)
{
    region *r = push(e, kind);
    r->id = ++e->next_loop;
    r->start = ts_node_start_byte(n);
    r->end = ts_node_end_byte(n);
    TSNode b = ac_ts_field(n, "body");
    r->body_at = ts_node_is_null(b) ? 0 : ts_node_start_byte(b);
    int depth = e->depth;
    if (ac_ts_is(n, "for_statement") && e->resumable) {
        /* a frame declaration in the header becomes assignments */
        TSNode init = ac_ts_field(n, "initializer");
        uint32_t pos = ts_node_start_byte(n), count = ts_node_child_count(n);
        for (uint32_t i = 0; i < count; i++) {
            TSNode c = ts_node_child(n, i);
            ac_copy(e->o, pos, ts_node_start_byte(c));
            if (ts_node_eq(c, init) && ac_ts_is(c, "declaration") &&
                decl_in_frame(e, c))
                emit_frame_decl(e, c, true);
            else
                emit(e, c);
            pos = ts_node_end_byte(c);
        }
        ac_copy(e->o, pos, ts_node_end_byte(n));
    } else {
        emit_children(e, n);
    }
    region *done = &e->stack[depth - 1];
    bool brk = done->brk_used;
    int id = done->id;
    e->depth = depth - 1;
    if (brk)
        ac_gen(e->o, "\nac_brk%d:;", id);
}

static void emit_expression_statement(body *e, TSNode n)
{
    if (e->resumable && emit_throw(e, n))
        return;
    if (e->resumable && susp_kw_of_stmt(e, n)) {
        ac_gen(e->o, "{\n");
        emit_susp_stmt(e, n);
        ac_gen(e->o, "}");
        return;
    }
    emit_children(e, n);
}

static void emit_goto(body *e, TSNode n)
{
    /* releases the iterators of the for-in loops it leaves */
    TSNode label = ac_ts_field(n, "label");
    bool any = false;
    char *name = ac_ts_text(e->o->u, label);
    for (int d = e->depth - 1; d >= 0; d--) {
        region *r = &e->stack[d];
        if (r->kind != R_FORIN)
            continue;
        /* is the label inside this loop? */
        bool inside = false;
        const char *t = e->o->u->src->text;
        size_t len = strlen(name);
        for (uint32_t p = r->start; p + len < r->end; p++)
            if (memcmp(t + p, name, len) == 0 && t[p + len] == ':' &&
                (p == 0 ||
                 !(t[p - 1] == '_' || (t[p - 1] >= 'a' && t[p - 1] <= 'z') ||
                   (t[p - 1] >= 'A' && t[p - 1] <= 'Z') ||
                   (t[p - 1] >= '0' && t[p - 1] <= '9')))) {
                inside = true;
                break;
            }
        if (inside)
            break;
        if (!any)
            ac_gen(e->o, "{\n");
        any = true;
        if (e->resumable)
            release(e, slot(e, r->fi->iter_slot));
        else
            ac_gen(e->o, "ac_decref(ac_it%d);\n", r->fi->id);
    }
    free(name);
    emit_children(e, n);
    if (any)
        ac_gen(e->o, "\n}");
}

/* The operand of the yield whose extent is n: n with the keyword's unary
 * node replaced by its own operand. */
static void emit_operand(body *e, TSNode n, const ac_kw *kw)
{
    TSNode saved = e->unwrap;
    const ac_kw *saved_kw = e->unwrap_kw;
    e->unwrap = kw->kind == AC_KW_AWAIT ? n : ac_ts_yield_unary(n, kw);
    e->unwrap_kw = kw;
    emit(e, n);
    e->unwrap = saved;
    e->unwrap_kw = saved_kw;
}

static void emit_node(body *e, TSNode n);

/* Generated lines of a statement are indented from the statement's own
 * column. */
static void emit(body *e, TSNode n)
{
    if (ts_node_is_null(n))
        return;
    const char *type = ts_node_type(n);
    bool stmt =
        strstr(type, "_statement") != NULL || strcmp(type, "declaration") == 0;
    if (!stmt) {
        emit_node(e, n);
        return;
    }
    int save_base = e->o->base, save_depth = e->o->depth;
    e->o->base = ac_col_of(e->o->u, ts_node_start_byte(n)) - 1;
    e->o->depth = 0;
    emit_node(e, n);
    e->o->base = save_base;
    e->o->depth = save_depth;
}

static void emit_node(body *e, TSNode n)
{
    if (!ts_node_is_null(e->unwrap) && ts_node_eq(n, e->unwrap)) {
        e->unwrap = (TSNode){0};
        emit(e, ac_ts_kw_operand(n, e->unwrap_kw));
        return;
    }
    const char *type = ts_node_type(n);
    uint32_t start = ts_node_start_byte(n);
    if (strcmp(type, "identifier") == 0) {
        int v = ac_lfunc_ref(e->f, start);
        if (v >= 0)
            emit_var(e, v);
        else
            ac_copy(e->o, start, ts_node_end_byte(n));
        return;
    }
    if (ts_node_child_count(n) == 0) {
        ac_copy(e->o, start, ts_node_end_byte(n));
        return;
    }
    if (e->resumable && emit_hoisted_value(e, n))
        return;
    if (e->resumable && emit_with_hoists(e, n))
        return;
    const ac_kw *kw = e->resumable ? ac_kw_at(e->o->u, start) : NULL;
    if (kw && kw->kind == AC_KW_ASYNC_WITH &&
        strcmp(type, "if_statement") == 0) {
        emit_async_with(e, n, ac_lfunc_with_at(e->f, start));
        return;
    }
    if (strcmp(type, "compound_statement") == 0)
        emit_block_children(e, n);
    else if (strcmp(type, "expression_statement") == 0)
        emit_expression_statement(e, n);
    else if (strcmp(type, "declaration") == 0)
        emit_declaration(e, n);
    else if (strcmp(type, "return_statement") == 0)
        emit_return(e, n);
    else if (strcmp(type, "break_statement") == 0)
        on_jump(e, n, true);
    else if (strcmp(type, "continue_statement") == 0)
        on_jump(e, n, false);
    else if (strcmp(type, "goto_statement") == 0)
        emit_goto(e, n);
    else if (strcmp(type, "for_statement") == 0) {
        const ac_lforin *fi = ac_lfunc_forin_at(e->f, start);
        if (fi)
            emit_forin(e, n, fi);
        else
            emit_loop(e, n, R_LOOP);
    } else if (strcmp(type, "while_statement") == 0 ||
               strcmp(type, "do_statement") == 0)
        emit_loop(e, n, R_LOOP);
    else if (strcmp(type, "switch_statement") == 0)
        emit_loop(e, n, R_SWITCH);
    else if (strcmp(type, "field_expression") == 0)
        emit_children(e, n);
    else
        emit_children(e, n);
}

/* A node whose value was computed before its statement. */
static bool emit_hoisted_value(body *e, TSNode n)
{
    uint32_t at = ts_node_start_byte(n);
    const ac_lhoist *h = ac_lfunc_hoist_at(e->f, at, ts_node_end_byte(n));
    if (h &&
        (ac_ts_is(n, "binary_expression") || ac_ts_is(n, "comma_expression"))) {
        if (h->slot >= 0)
            ac_gen(e->o, "ac_fr->%s", slot(e, h->slot));
        else
            emit(e, ac_ts_field(n, "right"));
        return true;
    }
    const ac_kw *kw = ac_kw_at(e->o->u, at);
    if (kw && kw->kind == AC_KW_AWAIT && ac_ts_is(n, "unary_expression")) {
        const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, AC_SUSP_AWAIT);
        if (s && s->form == AC_FORM_EXPR && s->temp_slot >= 0) {
            ac_gen(e->o, "ac_fr->%s", slot(e, s->temp_slot));
            return true;
        }
    }
    const ac_lstate *ys = expr_yield(e, n);
    if (ys) {
        ac_gen(e->o, "ac_fr->%s", slot(e, ys->temp_slot));
        return true;
    }
    return false;
}

static bool is_loop_node(TSNode n)
{
    return ac_ts_is(n, "while_statement") || ac_ts_is(n, "do_statement") ||
           ac_ts_is(n, "for_statement");
}

/* while/for/do whose condition or increment awaits:
 *   for (;;) { awaits; if (!(cond)) break; body; ac_cntN: awaits; incr; } */
static void emit_await_loop(body *e, TSNode n)
{
    TSNode cond = ac_ts_field(n, "condition");
    TSNode body_node = ac_ts_field(n, "body");
    TSNode init = ac_ts_field(n, "initializer");
    TSNode update = ac_ts_field(n, "update");
    bool is_do = ac_ts_is(n, "do_statement");
    if (ac_ts_is(cond, "parenthesized_expression"))
        cond = ts_node_named_child(cond, 0);
    ac_gen(e->o, "{\n");
    if (!ts_node_is_null(init)) {
        if (ac_ts_is(init, "declaration") && decl_in_frame(e, init)) {
            emit_frame_decl(e, init, false);
        } else {
            hoist_in(e, init);
            emit(e, init);
            if (!ac_ts_is(init, "declaration"))
                ac_gen(e->o, ";");
        }
        ac_gen(e->o, "\n");
    }
    ac_gen(e->o, "for (;;) {\n");
    region *r = push(e, R_LOOP);
    r->id = ++e->next_loop;
    r->start = ts_node_start_byte(n);
    r->end = ts_node_end_byte(n);
    r->body_at = 0; /* the continue label is written here, not in the body */
    r->cont_goto = is_do || !ts_node_is_null(update);
    int depth = e->depth;
    if (!is_do && !ts_node_is_null(cond)) {
        hoist_in(e, cond);
        ac_gen(e->o, "if (!(");
        emit(e, cond);
        ac_gen(e->o, "))\n    break;\n");
    }
    emit(e, body_node);
    ac_gen(e->o, "\n");
    region *done = &e->stack[depth - 1];
    if (done->cnt_used)
        ac_gen(e->o, "ac_cnt%d:;\n", done->id);
    bool brk = done->brk_used;
    int id = done->id;
    e->depth = depth - 1;
    if (is_do) {
        hoist_in(e, cond);
        ac_gen(e->o, "if (!(");
        emit(e, cond);
        ac_gen(e->o, "))\n    break;\n");
    }
    if (!ts_node_is_null(update)) {
        hoist_in(e, update);
        emit(e, update);
        ac_gen(e->o, ";\n");
    }
    ac_gen(e->o, "}\n");
    if (brk)
        ac_gen(e->o, "ac_brk%d:;\n", id);
    ac_gen(e->o, "}");
}

/* Statements holding awaits inside expressions: the awaits run first. */
static bool emit_with_hoists(body *e, TSNode n)
{
    const char *type = ts_node_type(n);
    TSNode head = {0};
    if (is_loop_node(n)) {
        if (ac_lfunc_forin_at(e->f, ts_node_start_byte(n)))
            return false;
        TSNode c = ac_ts_field(n, "condition"), u = ac_ts_field(n, "update");
        if ((!ts_node_is_null(c) && has_hoisted(e, c)) ||
            (!ts_node_is_null(u) && has_hoisted(e, u))) {
            emit_await_loop(e, n);
            return true;
        }
        return false;
    }
    if (strcmp(type, "expression_statement") == 0 ||
        strcmp(type, "return_statement") == 0 ||
        strcmp(type, "declaration") == 0)
        head = n;
    else if (strcmp(type, "if_statement") == 0 ||
             strcmp(type, "switch_statement") == 0)
        head = ac_ts_field(n, "condition");
    if (ts_node_is_null(head) || !has_hoisted(e, head))
        return false;
    bool braces = strcmp(type, "declaration") != 0;
    if (braces)
        ac_gen(e->o, "{\n");
    if (ts_node_eq(head, n)) {
        uint32_t count = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < count; i++)
            hoist_in(e, ts_node_named_child(n, i));
    } else {
        hoist_in(e, head);
    }
    /* the statement itself, now without hoisted awaits */
    if (strcmp(type, "expression_statement") == 0 && !susp_kw_of_stmt(e, n) &&
        !ac_kw_at(e->o->u, ts_node_start_byte(n)))
        emit_children(e, n);
    else if (strcmp(type, "expression_statement") == 0)
        emit_expression_statement(e, n);
    else if (strcmp(type, "return_statement") == 0)
        emit_return(e, n);
    else if (strcmp(type, "declaration") == 0)
        emit_declaration(e, n);
    else if (strcmp(type, "switch_statement") == 0)
        emit_loop(e, n, R_SWITCH);
    else
        emit_children(e, n);
    if (braces)
        ac_gen(e->o, "\n}");
    return true;
}

/* ---- functions ------------------------------------------------------- */

static void init_body(body *e, ac_out *o, const ac_lfunc *f, TSNode def)
{
    memset(e, 0, sizeof *e);
    e->o = o;
    e->f = f;
    e->root = ac_ts_field(def, "body");
    e->resumable = f->kind != AC_FN_PLAIN;
    e->used = ac_xcalloc((size_t)(f->ntries + 1) * 4, sizeof(bool));
    e->jumps = ac_xcalloc((size_t)(f->ntries + 1), sizeof *e->jumps);
    e->wjumps = ac_xcalloc((size_t)(f->nwiths + 1), sizeof *e->wjumps);
    e->wraise = ac_xcalloc((size_t)(f->nwiths + 1), sizeof *e->wraise);
}

static void free_body(body *e)
{
    free(e->used);
    free(e->jumps);
    free(e->wjumps);
    free(e->wraise);
}

void ac_emit_resume(ac_out *o, const ac_lfunc *f, TSNode def)
{
    body e;
    init_body(&e, o, f, def);
    ac_gen(o,
           "\nstatic int %s__resume(ac_frame *ac_f)\n{\n"
           "%s__frame *ac_fr = (%s__frame *)ac_f;\n(void)ac_fr;\n"
           "switch (ac_f->state) {\ncase 0:\nbreak;\n",
           f->name, f->name, f->name);
    for (int i = 0; i < f->nstates; i++) {
        const ac_lstate *s = &f->states[i];
        if (s->guard)
            ac_gen(o, "#if %s\n", s->guard);
        ac_gen(o, "case %d:\ngoto ac_s%d; /* %s:%d: %s */\n", s->id, s->id,
               o->u->src->path, s->line, ac_susp_name(s->what));
        if (s->guard)
            ac_gen(o, "#endif\n");
    }
    /* thrown into before it started: raise at the definition's line */
    ac_gen(o,
           "}\nif (ac_f->how == AC_HOW_THROW) {\nac__raise(ac_f, %d, NULL);\n"
           "return AC_RAISED;\n}\n",
           f->line);
    o->dirty = true;
    ac_line(o, ac_line_of(o->u, ts_node_start_byte(e.root)));
    o->depth = 0;
    o->bol = false;
    ac_gen(o, "%*s", ac_col_of(o->u, ts_node_start_byte(e.root)) - 1, "");
    emit(&e, e.root);
    o->base = o->depth = 0;
    ac_gen(o, "\n    return AC_RETURNED;\n");
    if (e.unwind_used)
        ac_gen(o, "ac_unwind:\n    return AC_RAISED;\n");
    ac_gen(o, "}\n");
    free_body(&e);
}

void ac_emit_plain(ac_out *o, const ac_lfunc *f, TSNode def)
{
    body e;
    init_body(&e, o, f, def);
    ac_copy(o, ts_node_start_byte(def), ts_node_start_byte(e.root));
    emit(&e, e.root);
    free_body(&e);
}
