/* emit_susp.c - suspension points: yield, yield from, await, in every
 * statement form, and the hoisting of those inside expressions (C's
 * sequencing kept for &&, || and the comma operator; loop conditions
 * rewritten). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/body.h"
#include "lowering/ts_util.h"

static void resume_check(body *e, const ac_lstate *s);
static const ac_lstate *expr_yield(body *e, TSNode n);
static void hoist_in(body *e, TSNode n);
static bool has_hoisted(body *e, TSNode n);
static void emit_operand(body *e, TSNode n, const ac_kw *kw);
static bool is_loop_node(TSNode n);
static void emit_await_loop(body *e, TSNode n);

/* The state of the yield (from) at kw when n is its extent (`yield E`
 * spans all of E: the lowering recorded the node). */
static const ac_lstate *yield_of_extent(body *e, TSNode n, const ac_kw *kw)
{
    const ac_lstate *s = ac_lfunc_state_at(
        e->f, kw->start,
        kw->kind == AC_KW_YIELD ? AC_SUSP_YIELD : AC_SUSP_YIELD_FROM);
    if (s && ts_node_start_byte(n) == s->at &&
        ts_node_end_byte(n) == s->extent_end &&
        ts_node_symbol(n) == s->extent_sym)
        return s;
    return NULL;
}

const ac_kw *ac_susp_kw(body *e, TSNode n)
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
        yield_of_extent(e, n, kw))
        return kw;
    return NULL;
}

static void resume_check(body *e, const ac_lstate *s)
{
    ac_gen(e->o, "if (ac_f->how == AC_HOW_THROW) {\n");
    ac_raise_site(e, s->line);
    ac_gen(e->o, "}\n");
}

void ac_emit_yield(body *e, TSNode n, const ac_kw *kw)
{
    const ac_lfunc *f = e->f;
    const ac_lstate *s = ac_lfunc_state_at(f, kw->start, AC_SUSP_YIELD);
    int attr = e->o->attr;
    e->o->attr = ac_line_of(e->o->u, kw->start);
    if (ac_frame_has_yield_slot(f)) {
        if (kw->flags & AC_KWF_BARE) {
            ac_gen(e->o, "memset(&ac_fr->ac_yv, 0, sizeof ac_fr->ac_yv);\n");
        } else {
            ac_gen(e->o, "ac_fr->ac_yv = (");
            emit_operand(e, n, kw);
            ac_gen(e->o, ");\n");
        }
    } else {
        ac_gen(e->o, "{\n%s ac_y", f->yield_type);
        if (kw->flags & AC_KWF_BARE) {
            ac_gen(e->o, ";\nmemset(&ac_y, 0, sizeof ac_y);\n");
        } else {
            ac_gen(e->o, " = (");
            emit_operand(e, n, kw);
            ac_gen(e->o, ");\n");
        }
        ac_gen(e->o,
               "if (ac__gf(ac_f)->out)\n    memcpy(ac__gf(ac_f)->out, &ac_y, "
               "sizeof ac_y);\n}\n");
    }
    ac_gen(e->o, "ac_f->state = %d;\nreturn %s;\n", s->id,
           f->kind == AC_FN_AGEN ? "AC_AGEN_YIELDED" : "AC_YIELDED");
    ac_state_label(e, s);
    resume_check(e, s);
    e->o->attr = attr;
}

/* `yield from E`, storing the value through dest (an lvalue node or a
 * frame field) when wanted. */
void ac_emit_yield_from(body *e, TSNode n, const ac_kw *kw, TSNode dest,
                        const char *dest_text)
{
    const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, AC_SUSP_YIELD_FROM);
    TSNode operand = ac_ts_kw_operand(ac_ts_yield_unary(n, kw), kw);
    const char *sub = ac_slot_name(e, s->slot);
    int attr = e->o->attr;
    e->o->attr = ac_line_of(e->o->u, kw->start);
    ac_gen(e->o, "ac_fr->%s = (", sub);
    emit_operand(e, n, kw);
    ac_gen(e->o, ");\n");
    if (ac_ts_names_object(e->o->u, operand))
        ac_gen(e->o, "ac_incref(ac_fr->%s);\n", sub);
    ac_gen(e->o, "ac_f->how = AC_HOW_SEND;\nac__gf(ac_f)->sent = NULL;\n");
    ac_state_label(e, s);
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
        ac_emit(e, dest);
        ac_gen(e->o, "), sizeof(");
        ac_emit(e, dest);
        ac_gen(e->o, "));\n");
    }
    ac_gen(
        e->o,
        "if (ac_r == AC_YIELDED) {\nac_f->state = %d;\nreturn AC_YIELDED;\n}\n",
        s->id);
    ac_gen(e->o, "if (ac_r == AC_RAISED) {\n");
    ac_raise_site(e, s->line);
    ac_gen(e->o, "}\n");
    if (want && rt) {
        if (dest_text) {
            ac_gen(e->o, "%s = ac_v;\n", dest_text);
        } else {
            ac_emit(e, dest);
            ac_gen(e->o, " = ac_v;\n");
        }
    }
    ac_gen(e->o, "}\n");
    e->o->attr = attr;
}

/* `await E` with its result going to dest (an lvalue node), dest_field
 * (a frame field) or nowhere.  A known result type goes through a typed
 * temporary, so that C converts it to the destination. */
void ac_emit_await(body *e, TSNode n, const ac_kw *kw, TSNode dest,
                   const char *dest_text)
{
    const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, AC_SUSP_AWAIT);
    const char *aw = ac_slot_name(e, s->slot);
    TSNode operand = ac_ts_kw_operand(n, kw);
    bool want = !ts_node_is_null(dest) || dest_text;
    const char *type = s->type && strcmp(s->type, "void") != 0 ? s->type : NULL;
    int attr = e->o->attr;
    e->o->attr = ac_line_of(e->o->u, kw->start);
    ac_gen(e->o, "ac_fr->%s = (", aw);
    ac_align(e->o, ts_node_start_byte(operand));
    ac_emit(e, operand);
    ac_gen(e->o, ");\n");
    if (ac_ts_names_object(e->o->u, operand))
        ac_gen(e->o, "ac_incref(ac_fr->%s);\n", aw);
    /* (the state is also the line a task's stack and a deadlock report
     * show: ac_code.lines) */
    ac_gen(e->o, "ac_f->state = %d;\n{\n", s->id);
    ac_gen(e->o, "int ac_r = ac__await_start_i(ac_f, &ac_fr->%s);\n", aw);
    ac_gen(
        e->o,
        "if (ac_r == AC_AWAITING || ac_r == AC_YIELDED)\n    return ac_r;\n");
    ac_gen(e->o, "if (ac_r == AC_RAISED) {\n");
    ac_raise_site(e, s->line);
    ac_gen(e->o, "}\n}\n");
    ac_state_label(e, s);
    ac_gen(e->o, "{\n");
    if (want && type)
        ac_gen(e->o, "%s ac_v;\n", type);
    ac_gen(e->o, "if (ac__await_result_i(ac_f, &ac_fr->%s, ", aw);
    if (!want) {
        ac_gen(e->o, "NULL, 0");
    } else if (type) {
        ac_gen(e->o, "&ac_v, sizeof ac_v");
    } else if (dest_text) {
        ac_gen(e->o, "&%s, sizeof %s", dest_text, dest_text);
    } else {
        ac_gen(e->o, "&(");
        ac_emit(e, dest);
        ac_gen(e->o, "), sizeof(");
        ac_emit(e, dest);
        ac_gen(e->o, ")");
    }
    ac_gen(e->o, ") < 0) {\n");
    ac_raise_site(e, s->line);
    ac_gen(e->o, "}\n");
    if (want && type) {
        if (dest_text)
            ac_gen(e->o, "%s = ac_v;\n", dest_text);
        else {
            ac_emit(e, dest);
            ac_gen(e->o, " = ac_v;\n");
        }
    }
    ac_gen(e->o, "}\n");
    e->o->attr = attr;
}

/* The state of a yield inside an expression whose extent is n. */
static const ac_lstate *expr_yield(body *e, TSNode n)
{
    const ac_kw *kw = ac_kw_at(e->o->u, ts_node_start_byte(n));
    if (!kw || (kw->kind != AC_KW_YIELD && kw->kind != AC_KW_YIELD_FROM) ||
        (kw->flags & AC_KWF_BARE))
        return NULL;
    const ac_lstate *s = yield_of_extent(e, n, kw);
    return s && s->form == AC_FORM_EXPR && s->temp_slot >= 0 ? s : NULL;
}

/* The left part of an operator hoisted out of `yield E`: the masked
 * `yield` binds as a unary operator there, but its operand is all of E,
 * so the part is written without the keyword. */
static void emit_unyielded(body *e, TSNode n)
{
    const ac_kw *kw = ac_kw_at(e->o->u, ts_node_start_byte(n));
    if (!kw || kw->kind != AC_KW_YIELD || (kw->flags & AC_KWF_BARE)) {
        ac_emit(e, n);
        return;
    }
    TSNode saved = e->unwrap;
    const ac_kw *saved_kw = e->unwrap_kw;
    e->unwrap = ac_ts_yield_unary(n, kw);
    e->unwrap_kw = kw;
    ac_emit(e, n);
    e->unwrap = saved;
    e->unwrap_kw = saved_kw;
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
    if (h && ac_ts_is(n, "conditional_expression")) {
        TSNode cond = ac_ts_field(n, "condition");
        const char *t = ac_slot_name(e, h->slot);
        hoist_in(e, cond);
        ac_gen(e->o, "ac_fr->%s = !!(", t);
        emit_unyielded(e, cond);
        ac_gen(e->o, ");\nif (ac_fr->%s) {\n", t);
        hoist_in(e, ac_ts_field(n, "consequence"));
        ac_gen(e->o, "} else {\n");
        hoist_in(e, ac_ts_field(n, "alternative"));
        ac_gen(e->o, "}\n");
        return;
    }
    if (h) {
        TSNode left = ac_ts_field(n, "left"), right = ac_ts_field(n, "right");
        hoist_in(e, left);
        if (h->slot < 0) { /* a, await b */
            ac_gen(e->o, "(void)(");
            ac_emit(e, left);
            ac_gen(e->o, ");\n");
            hoist_in(e, right);
            return;
        }
        char *op = ac_ts_text(e->o->u, ac_ts_field(n, "operator"));
        const char *t = ac_slot_name(e, h->slot);
        ac_gen(e->o, "ac_fr->%s = !!(", t);
        emit_unyielded(e, left);
        ac_gen(e->o, ");\nif (%sac_fr->%s) {\n", op[0] == '|' ? "!" : "", t);
        hoist_in(e, right);
        ac_gen(e->o, "ac_fr->%s = !!(", t);
        ac_emit(e, right);
        ac_gen(e->o, ");\n}\n");
        free(op);
        return;
    }
    const ac_kw *kw = ac_kw_at(e->o->u, ts_node_start_byte(n));
    const ac_lstate *ys = expr_yield(e, n);
    if (ys && ys->what == AC_SUSP_YIELD) {
        ac_emit_yield(e, n, kw);
        ac_gen(e->o, "ac_fr->%s = AC__SENT(ac_f, %s);\n",
               ac_slot_name(e, ys->temp_slot), e->f->send_type);
        return;
    }
    if (ys) {
        char dest[64];
        snprintf(dest, sizeof dest, "ac_fr->%s",
                 ac_slot_name(e, ys->temp_slot));
        ac_emit_yield_from(e, n, kw, (TSNode){0}, dest);
        return;
    }
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        hoist_in(e, ts_node_named_child(n, i));
    if (kw && kw->kind == AC_KW_AWAIT && ac_ts_is(n, "unary_expression")) {
        const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, AC_SUSP_AWAIT);
        if (s && s->form == AC_FORM_EXPR && s->temp_slot >= 0) {
            char dest[64];
            snprintf(dest, sizeof dest, "ac_fr->%s",
                     ac_slot_name(e, s->temp_slot));
            ac_emit_await(e, n, kw, (TSNode){0}, dest);
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

const ac_kw *ac_susp_kw_of_stmt(body *e, TSNode stmt)
{
    TSNode x = ts_node_named_child(stmt, 0);
    const ac_kw *kw = ac_susp_kw(e, x);
    if (!kw && ac_ts_is(x, "assignment_expression"))
        kw = ac_susp_kw(e, ac_ts_field(x, "right"));
    return kw;
}

/* A statement `[lhs op] SUSP;`.  Returns false when n is no such thing. */
bool ac_emit_susp_stmt(body *e, TSNode stmt)
{
    TSNode x = ts_node_named_child(stmt, 0);
    const ac_kw *kw = ac_susp_kw(e, x);
    TSNode lhs = {0}, op = {0};
    if (!kw && ac_ts_is(x, "assignment_expression")) {
        TSNode right = ac_ts_field(x, "right");
        kw = ac_susp_kw(e, right);
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
        ac_emit_yield_from(e, x, kw, (TSNode){0}, "ac_w");
        ac_emit(e, lhs);
        ac_gen(e->o, " ");
        ac_copy(e->o, ts_node_start_byte(op), ts_node_end_byte(op));
        ac_gen(e->o, " ac_w;\n}\n");
        return true;
    }
    if (kw->kind == AC_KW_YIELD_FROM) {
        ac_emit_yield_from(e, x, kw, lhs, NULL);
        return true;
    }
    if (kw->kind == AC_KW_AWAIT) {
        if (!ts_node_is_null(op) &&
            ts_node_end_byte(op) - ts_node_start_byte(op) != 1) {
            /* x += await E: E's type is known (lowering checked) */
            const ac_lstate *s =
                ac_lfunc_state_at(e->f, kw->start, AC_SUSP_AWAIT);
            ac_gen(e->o, "{\n%s ac_w;\n", s->type);
            ac_emit_await(e, x, kw, (TSNode){0}, "ac_w");
            ac_emit(e, lhs);
            ac_gen(e->o, " ");
            ac_copy(e->o, ts_node_start_byte(op), ts_node_end_byte(op));
            ac_gen(e->o, " ac_w;\n}\n");
            return true;
        }
        ac_emit_await(e, x, kw, lhs, NULL);
        return true;
    }
    if (kw->kind == AC_KW_YIELD) {
        ac_emit_yield(e, x, kw);
        if (!ts_node_is_null(lhs)) {
            ac_emit(e, lhs);
            ac_gen(e->o, " ");
            ac_copy(e->o, ts_node_start_byte(op), ts_node_end_byte(op));
            ac_gen(e->o, " AC__SENT(ac_f, %s);",
                   e->f->send_type ? e->f->send_type : "int");
        }
        return true;
    }
    return false;
}

/* The operand of the yield whose extent is n: n with the keyword's unary
 * node replaced by its own operand. */
static void emit_operand(body *e, TSNode n, const ac_kw *kw)
{
    TSNode saved = e->unwrap;
    const ac_kw *saved_kw = e->unwrap_kw;
    e->unwrap = kw->kind == AC_KW_AWAIT ? n : ac_ts_yield_unary(n, kw);
    e->unwrap_kw = kw;
    ac_align(e->o, ts_node_start_byte(ac_ts_kw_operand(e->unwrap, kw)));
    ac_emit(e, n);
    e->unwrap = saved;
    e->unwrap_kw = saved_kw;
}

/* A node whose value was computed before its statement. */
bool ac_emit_hoisted_value(body *e, TSNode n)
{
    uint32_t at = ts_node_start_byte(n);
    const ac_lhoist *h = ac_lfunc_hoist_at(e->f, at, ts_node_end_byte(n));
    if (h && ac_ts_is(n, "conditional_expression")) {
        ac_gen(e->o, "(ac_fr->%s ? ", ac_slot_name(e, h->slot));
        ac_emit(e, ac_ts_field(n, "consequence"));
        ac_gen(e->o, " : ");
        ac_emit(e, ac_ts_field(n, "alternative"));
        ac_gen(e->o, ")");
        return true;
    }
    if (h &&
        (ac_ts_is(n, "binary_expression") || ac_ts_is(n, "comma_expression"))) {
        if (h->slot >= 0)
            ac_gen(e->o, "ac_fr->%s", ac_slot_name(e, h->slot));
        else
            ac_emit(e, ac_ts_field(n, "right"));
        return true;
    }
    const ac_kw *kw = ac_kw_at(e->o->u, at);
    if (kw && kw->kind == AC_KW_AWAIT && ac_ts_is(n, "unary_expression")) {
        const ac_lstate *s = ac_lfunc_state_at(e->f, kw->start, AC_SUSP_AWAIT);
        if (s && s->form == AC_FORM_EXPR && s->temp_slot >= 0) {
            ac_gen(e->o, "ac_fr->%s", ac_slot_name(e, s->temp_slot));
            return true;
        }
    }
    const ac_lstate *ys = expr_yield(e, n);
    /* not while the yield writes its own operand */
    if (ys && !(e->unwrap_kw && e->unwrap_kw->start == at)) {
        ac_gen(e->o, "ac_fr->%s", ac_slot_name(e, ys->temp_slot));
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
        if (ac_ts_is(init, "declaration") && ac_decl_in_frame(e, init)) {
            ac_emit_frame_decl(e, init, false);
        } else {
            hoist_in(e, init);
            ac_emit(e, init);
            if (!ac_ts_is(init, "declaration"))
                ac_gen(e->o, ";");
        }
        ac_gen(e->o, "\n");
    }
    ac_gen(e->o, "for (;;) {\n");
    region *r = ac_region_push(e, R_LOOP);
    r->id = ++e->next_loop;
    r->start = ts_node_start_byte(n);
    r->end = ts_node_end_byte(n);
    r->body_at = 0; /* the continue label is written here, not in the body */
    r->cont_goto = is_do || !ts_node_is_null(update);
    int depth = e->depth;
    if (!is_do && !ts_node_is_null(cond)) {
        hoist_in(e, cond);
        ac_gen(e->o, "if (!(");
        ac_emit(e, cond);
        ac_gen(e->o, "))\n    break;\n");
    }
    ac_emit(e, body_node);
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
        ac_emit(e, cond);
        ac_gen(e->o, "))\n    break;\n");
    }
    if (!ts_node_is_null(update)) {
        hoist_in(e, update);
        ac_emit(e, update);
        ac_gen(e->o, ";\n");
    }
    ac_gen(e->o, "}\n");
    if (brk)
        ac_gen(e->o, "ac_brk%d:;\n", id);
    ac_gen(e->o, "}");
}

/* Statements holding awaits inside expressions: the awaits run first. */
bool ac_emit_with_hoists(body *e, TSNode n)
{
    const char *type = ts_node_type(n);
    TSNode head = {0};
    if (is_loop_node(n)) {
        if (ac_lfunc_forin_at(e->f, ts_node_start_byte(n)))
            return false;
        TSNode c = ac_ts_field(n, "condition"), u = ac_ts_field(n, "update");
        TSNode i = ac_ts_field(n, "initializer");
        if ((!ts_node_is_null(c) && has_hoisted(e, c)) ||
            (!ts_node_is_null(u) && has_hoisted(e, u)) ||
            (!ts_node_is_null(i) &&
             ac_has_suspension(e->o->u, ts_node_start_byte(i),
                               ts_node_end_byte(i)))) {
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
    if (strcmp(type, "expression_statement") == 0 &&
        !ac_susp_kw_of_stmt(e, n) && !ac_kw_at(e->o->u, ts_node_start_byte(n)))
        ac_emit_children(e, n);
    else if (strcmp(type, "expression_statement") == 0)
        ac_emit_expression_statement(e, n);
    else if (strcmp(type, "return_statement") == 0)
        ac_emit_return(e, n);
    else if (strcmp(type, "declaration") == 0)
        ac_emit_declaration(e, n);
    else if (strcmp(type, "switch_statement") == 0)
        ac_emit_loop(e, n, R_SWITCH);
    else
        ac_emit_children(e, n);
    if (braces)
        ac_gen(e->o, "\n}");
    return true;
}
