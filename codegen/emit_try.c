/* emit_try.c - try/catch/finally and async with: the handler labels, the
 * catch dispatch, finally entered with a `why` code, async with's
 * aenter/aexit awaits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/body.h"
#include "lowering/ts_util.h"

static TSNode emit_block(body *e, uint32_t at);
static int close_line(body *e, TSNode block);
static void emit_catch_test(body *e, const ac_kw *kw, const char *exc);
static void await_slot(body *e, const ac_lstate *s, const char *aw,
                       const char *dest);

static TSNode emit_block(body *e, uint32_t at)
{
    TSNode b = ac_ts_node_starting(e->root, at);
    while (!ts_node_is_null(b) && !ac_ts_is(b, "compound_statement"))
        b = ts_node_named_child(b, 0);
    ac_emit(e, b);
    return b;
}

/* The line of a block's closing brace: leaving the block runs there. */
static int close_line(body *e, TSNode block)
{
    return ac_line_of(e->o->u, ts_node_end_byte(block) - 1);
}

static void emit_catch_test(body *e, const ac_kw *kw, const char *exc)
{
    const char *text = e->o->u->src->text;
    for (int k = 0; k < kw->nargs; k++) {
        /* the type on its own line and column */
        ac_gen(e->o, "%sac_exc_matches(ac_fr->%s, &", k ? " || " : "", exc);
        ac_align(e->o, kw->args[k].start);
        ac_gen(e->o, "%.*s)", (int)(kw->args[k].end - kw->args[k].start),
               text + kw->args[k].start);
    }
}

void ac_emit_try(body *e, const ac_ltry *t)
{
    int outer = e->depth;
    int attr = e->o->attr;
    const char *exc = t->exc_slot >= 0 ? ac_slot_name(e, t->exc_slot) : NULL;
    e->o->attr = t->line;
    ac_gen(e->o, "/* try (%s:%d) */\n", e->o->u->src->path, t->line);
    region *r = ac_region_push(e, R_TRY);
    r->t = t;
    TSNode block = emit_block(e, t->body);
    r = NULL;
    e->depth--;
    /* the normal way out: the body's closing brace */
    e->o->attr = close_line(e, block);
    ac_gen(e->o, "\n");
    if (t->has_finally) {
        ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_fn%d;\n",
               ac_slot_name(e, t->why_slot), WHY_NORMAL, t->id);
        e->used[t->id * 4 + 2] = true;
    } else {
        ac_gen(e->o, "goto ac_te%d;\n", t->id);
        e->used[t->id * 4 + 3] = true;
    }
    if (t->ncatch) {
        /* the handler: each test on its catch clause's line */
        e->o->attr = ac_line_of(e->o->u, t->catch_kw[0]->start);
        ac_gen(e->o, "\n");
        if (e->used[t->id * 4 + 0])
            ac_gen(e->o, "ac_h%d:;\n", t->id);
        /* the frame handles it (its ac_handled, ac_code.handled_offset:
         * context for what the frames it runs raise) until it leaves the
         * handler */
        ac_gen(e->o,
               "ac_fr->%s = ac__catch();\nac_fr->ac_handled = ac_fr->%s;\n",
               exc, exc);
        for (int k = 0; k < t->ncatch; k++) {
            e->o->attr = ac_line_of(e->o->u, t->catch_kw[k]->start);
            ac_gen(e->o, k ? "} else if (" : "if (");
            emit_catch_test(e, t->catch_kw[k], exc);
            ac_gen(e->o, ") {\n");
            region *c = ac_region_push(e, R_CATCH);
            c->t = t;
            block = emit_block(e, t->catch_body[k]);
            e->depth--;
            e->o->attr = close_line(e, block);
            ac_gen(e->o, "\n");
            ac_release_slot(e, exc);
            ac_set_handled(e, outer);
            if (t->has_finally) {
                ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_fn%d;\n",
                       ac_slot_name(e, t->why_slot), WHY_NORMAL, t->id);
            } else {
                ac_gen(e->o, "goto ac_te%d;\n", t->id);
                e->used[t->id * 4 + 3] = true;
            }
        }
        /* no match: unwinding, the translator's own */
        ac_gen(e->o, "}\n");
        e->o->attr = 0;
        ac_gen(e->o, "ac_err_set(ac_fr->%s);\nac_fr->%s = NULL;\n", exc, exc);
        if (t->has_finally) {
            ac_gen(e->o, "goto ac_fh%d;\n", t->id);
            e->used[t->id * 4 + 1] = true;
        } else {
            ac_goto_handler(e, outer);
        }
    }
    if (t->has_finally) {
        const char *pend = ac_slot_name(e, t->pend_slot),
                   *why = ac_slot_name(e, t->why_slot);
        e->o->attr = ac_line_of(e->o->u, t->finally_body);
        ac_gen(e->o, "\n");
        if (e->used[t->id * 4 + 1])
            ac_gen(e->o,
                   "ac_fh%d:;\nac_fr->%s = ac__catch();\nac_fr->ac_handled = "
                   "ac_fr->%s;\nac_fr->%s = %d;\n",
                   t->id, pend, pend, why, WHY_RAISE);
        ac_gen(e->o, "ac_fn%d: /* finally */;\n", t->id);
        region *fr = ac_region_push(e, R_FINALLY);
        fr->t = t;
        block = emit_block(e, t->finally_body);
        e->depth--;
        /* where the finally goes on: its closing brace */
        e->o->attr = close_line(e, block);
        const conts *done = &e->jumps[t->id];
        ac_gen(e->o, "\nswitch (ac_fr->%s) {\n", why);
        if (e->used[t->id * 4 + 1]) {
            ac_gen(e->o,
                   "case %d:\nac_err_set(ac_fr->%s);\nac_fr->%s = NULL;\n",
                   WHY_RAISE, pend, pend);
            ac_goto_handler(e, outer);
        }
        ac_gen(e->o, "case %d:\n", WHY_RETURN);
        ac_unwind_return(e, outer);
        /* jumps registered by break/continue inside the try */
        for (int k = 0; k < done->n; k++) {
            ac_gen(e->o, "case %d:\n", WHY_JUMP + k);
            ac_unwind_jump(e, outer, done->c[k].target, done->c[k].is_break,
                           false);
        }
        ac_gen(e->o, "default:\nbreak;\n}\n");
    }
    if (e->used[t->id * 4 + 3])
        ac_gen(e->o, "ac_te%d:;\n", t->id);
    e->o->attr = attr;
}

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
    ac_state_label(e, s);
    if (dest)
        ac_gen(
            e->o,
            "if (ac__await_result(ac_f, &ac_fr->%s, &%s, sizeof %s) < 0) {\n",
            aw, dest, dest);
    else
        ac_gen(e->o, "if (ac__await_result(ac_f, &ac_fr->%s, NULL, 0) < 0) {\n",
               aw);
}

void ac_emit_async_with(body *e, TSNode n, const ac_lwith *w)
{
    const ac_lfunc *f = e->f;
    int outer = e->depth;
    const char *acm = ac_slot_name(e, w->acm_slot),
               *aw = ac_slot_name(e, w->aw_slot);
    const char *pend = ac_slot_name(e, w->pend_slot),
               *why = ac_slot_name(e, w->why_slot);
    const char *sup = ac_slot_name(e, w->sup_slot);
    const ac_lstate *enter = &f->states[w->enter_state - 1];
    const ac_lstate *exit = &f->states[w->exit_state - 1];
    TSNode cond = ac_ts_field(n, "condition");
    if (ac_ts_is(cond, "parenthesized_expression"))
        cond = ts_node_named_child(cond, 0);
    int attr = e->o->attr;
    e->o->attr = enter->line;
    ac_gen(e->o, "/* async with (%s:%d) */\n{\nac_fr->%s = (",
           e->o->u->src->path, enter->line, acm);
    ac_align(e->o, ts_node_start_byte(cond));
    ac_emit(e, cond);
    ac_gen(e->o, ");\nac_fr->%s = ac__aenter(ac_fr->%s);\n", aw, acm);
    char dest[96];
    if (w->var >= 0)
        snprintf(dest, sizeof dest, "ac_fr->%s", f->vars[w->var].cname);
    await_slot(e, enter, aw, w->var >= 0 ? dest : NULL);
    ac_raise_site(e, enter->line);
    ac_gen(e->o, "}\n");
    region *r = ac_region_push(e, R_WITH);
    r->w = w;
    TSNode body_node = ac_ts_field(n, "consequence");
    ac_emit(e, body_node);
    e->depth--;
    /* aexit: at the body's closing brace */
    e->o->attr = ac_line_of(e->o->u, ts_node_end_byte(body_node) - 1);
    ac_gen(e->o, "\nac_fr->%s = %d;\n", why, WHY_NORMAL);
    if (e->wraise[w->id] & 1) {
        ac_gen(e->o,
               "goto ac_wn%d;\nac_wx%d:;\nac_fr->%s = ac__catch();\n"
               "ac_fr->ac_handled = ac_fr->%s;\nac_fr->%s = %d;\n",
               w->id, w->id, pend, pend, why, WHY_RAISE);
        e->wraise[w->id] |= 2;
    }
    if (e->wraise[w->id] & 2)
        ac_gen(e->o, "ac_wn%d:;\n", w->id);
    ac_gen(e->o, "ac_fr->%s = ac__aexit(ac_fr->%s, ac_fr->%s);\n", aw, acm,
           pend);
    snprintf(dest, sizeof dest, "ac_fr->%s", sup);
    await_slot(e, exit, aw, dest);
    /* aexit raised: its exception replaces the pending one; with none
     * pending, its context is what is handled around the block */
    ac_gen(e->o, "ac__raise(ac_f, %d, (ac_fr->%s ? ac_fr->%s : ", exit->line,
           pend, pend);
    ac_put_handled(e, outer);
    ac_gen(e->o, "));\n");
    ac_release_slot(e, pend);
    ac_goto_handler(e, outer);
    ac_gen(e->o, "}\n");
    if (e->wraise[w->id] & 1) /* aexit ran handling the body's exception */
        ac_set_handled(e, outer);
    ac_gen(e->o, "switch (ac_fr->%s) {\n", why);
    if (e->wraise[w->id] & 1) {
        ac_gen(e->o, "case %d:\nif (ac_fr->%s) {\n", WHY_RAISE, sup);
        ac_release_slot(e, pend);
        ac_gen(e->o, "break;\n}\nac_err_set(ac_fr->%s);\nac_fr->%s = NULL;\n",
               pend, pend);
        ac_goto_handler(e, outer);
    }
    ac_gen(e->o, "case %d:\n", WHY_RETURN);
    ac_unwind_return(e, outer);
    const conts *done = &e->wjumps[w->id];
    for (int k = 0; k < done->n; k++) {
        ac_gen(e->o, "case %d:\n", WHY_JUMP + k);
        ac_unwind_jump(e, outer, done->c[k].target, done->c[k].is_break, false);
    }
    ac_gen(e->o, "default:\nbreak;\n}\n}");
    e->o->attr = attr;
}
