/* regions.c - how control leaves the regions of a lowered body.
 *
 * Every exit is emitted inline where it happens: a raise goes to the
 * innermost handler (a try's catch dispatch or finally entry, an async
 * with's exit), a return/break/continue goes through the finally blocks on
 * its way (`why` codes, dispatched at the finally's end), and each releases
 * the slots of the regions it leaves (for-in iterators, caught and pending
 * exceptions).  The exception: a raise leaving a for-in of a resumable
 * function jumps to the loop's ac_rxN, which releases the iterator and
 * goes on from there, so that the code stays linear in nested loops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/body.h"
#include "lowering/ts_util.h"

static void enter_finally(body *e, const region *r, int why);
static int jump_target(body *e, bool is_break);

const char *ac_slot_name(const body *e, int i)
{
    return ac_frame_slot_field(e->f, i);
}

static void ac_conts_grow(conts *j)
{
    if (j->n == j->cap) {
        j->cap = j->cap ? 2 * j->cap : 4;
        j->c = ac_xrealloc(j->c, (size_t)j->cap * sizeof *j->c);
    }
}

region *ac_region_push(body *e, rkind k)
{
    if (e->depth == e->cap)
        abort(); /* sized by the tree's depth (init_body): cannot happen */
    region *r = &e->stack[e->depth++];
    memset(r, 0, sizeof *r);
    r->kind = k;
    return r;
}

void ac_release_slot(body *e, const char *name)
{
    ac_gen(e->o, "ac_decref(ac_fr->%s);\n%*sac_fr->%s = NULL;\n", name, 0, "",
           name);
}

/* The exception being handled where code runs (borrowed), for contexts. */
static bool has_handled(const body *e, int from)
{
    for (int d = from - 1; d >= 0; d--)
        if (e->stack[d].kind == R_CATCH || e->stack[d].kind == R_FINALLY)
            return true;
    return false;
}

void ac_put_handled(body *e, int from)
{
    for (int d = from - 1; d >= 0; d--) {
        const region *r = &e->stack[d];
        if (r->kind == R_CATCH) {
            ac_gen(e->o, "ac_fr->%s", ac_slot_name(e, r->t->exc_slot));
            return;
        }
        if (r->kind == R_FINALLY) {
            /* entered normally, the finally handles nothing itself: what
             * is handled around it still is */
            const char *pend = ac_slot_name(e, r->t->pend_slot);
            if (!has_handled(e, d)) {
                ac_gen(e->o, "ac_fr->%s", pend);
                return;
            }
            ac_gen(e->o, "(ac_fr->%s ? ac_fr->%s : ", pend, pend);
            ac_put_handled(e, d);
            ac_gen(e->o, ")");
            return;
        }
    }
    ac_gen(e->o, "NULL");
}

/* The frame's handled exception (its ac_handled, what the frames it
 * runs or awaits get as context) becomes what is handled at depth `at`. */
void ac_set_handled(body *e, int at)
{
    ac_gen(e->o, "ac_fr->ac_handled = ");
    ac_put_handled(e, at);
    ac_gen(e->o, ";\n");
}

void ac_state_label(body *e, const ac_lstate *s)
{
    ac_gen(e->o, "ac_s%d: /* %s:%d */;\n", s->id, e->o->u->src->path, s->line);
}

/* The current exception goes to the innermost handler from depth `from`. */
void ac_goto_handler(body *e, int from)
{
    for (int d = from - 1; d >= 0; d--) {
        region *r = &e->stack[d];
        switch (r->kind) {
        case R_FORIN:
            /* its iterator is released, and the handler outside it sought,
             * once after the loop (emit_forin.c): inline here, a raise
             * in n nested loops would release all n */
            if (e->resumable) {
                ac_gen(e->o, "goto ac_rx%d;\n", r->id);
                r->raise_used = true;
                return;
            }
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
            ac_release_slot(e, ac_slot_name(e, r->t->exc_slot));
            if (r->t->has_finally) {
                ac_gen(e->o, "goto ac_fh%d;\n", r->t->id);
                e->used[r->t->id * 4 + 1] = true;
                return;
            }
            break;
        case R_FINALLY:
            ac_release_slot(e, ac_slot_name(e, r->t->pend_slot));
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

void ac_raise_site(body *e, int line)
{
    ac_gen(e->o, "ac__raise(ac_f, %d, ", line);
    ac_put_handled(e, e->depth);
    ac_gen(e->o, ");\n");
    ac_goto_handler(e, e->depth);
}

/* Enters the finally of r with a why code. */
static void enter_finally(body *e, const region *r, int why)
{
    ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_fn%d;\n",
           ac_slot_name(e, r->t->why_slot), why, r->t->id);
    e->used[r->t->id * 4 + 2] = true;
}

/* `return` (the value is stored already) from depth `from`.  Leaving a
 * handler for a finally or an aexit on the way, the frame's handled
 * exception becomes theirs; a return out of the frame needs none. */
void ac_unwind_return(body *e, int from)
{
    bool left = false; /* a catch or a finally's pending exception */
    for (int d = from - 1; d >= 0; d--) {
        region *r = &e->stack[d];
        switch (r->kind) {
        case R_FORIN:
            if (e->resumable)
                ac_release_slot(e, ac_slot_name(e, r->fi->iter_slot));
            else
                ac_forin_release_local(e, r->fi);
            break;
        case R_TRY:
            if (r->t->has_finally) {
                if (left)
                    ac_set_handled(e, d);
                enter_finally(e, r, WHY_RETURN);
                return;
            }
            break;
        case R_CATCH:
            ac_release_slot(e, ac_slot_name(e, r->t->exc_slot));
            left = true;
            if (r->t->has_finally) {
                ac_set_handled(e, d);
                enter_finally(e, r, WHY_RETURN);
                return;
            }
            break;
        case R_FINALLY: /* a return in finally wins over the pending raise */
            ac_release_slot(e, ac_slot_name(e, r->t->pend_slot));
            left = true;
            break;
        case R_WITH:
            if (left)
                ac_set_handled(e, d);
            ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_wn%d;\n",
                   ac_slot_name(e, r->w->why_slot), WHY_RETURN, r->w->id);
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
void ac_unwind_jump(body *e, int from, int target, bool is_break, bool direct)
{
    bool left = false; /* a catch or a finally's pending exception */
    for (int d = from - 1; d > target; d--) {
        region *r = &e->stack[d];
        if (r->kind == R_WITH) {
            if (left)
                ac_set_handled(e, d);
            conts *j = &e->wjumps[r->w->id];
            int k = 0;
            while (k < j->n &&
                   !(j->c[k].is_break == is_break && j->c[k].target == target))
                k++;
            if (k == j->n) {
                ac_conts_grow(j);
                j->c[j->n++] = (cont){is_break, target};
            }
            ac_gen(e->o, "ac_fr->%s = %d;\ngoto ac_wn%d;\n",
                   ac_slot_name(e, r->w->why_slot), WHY_JUMP + k, r->w->id);
            e->wraise[r->w->id] |= 2;
            return;
        }
        bool through_finally = r->kind == R_TRY && r->t->has_finally;
        if (r->kind == R_CATCH) {
            ac_release_slot(e, ac_slot_name(e, r->t->exc_slot));
            through_finally = r->t->has_finally;
            left = true;
        } else if (r->kind == R_FINALLY) {
            ac_release_slot(e, ac_slot_name(e, r->t->pend_slot));
            left = true;
        }
        if (through_finally) {
            if (left)
                ac_set_handled(e, d);
            conts *j = &e->jumps[r->t->id];
            int k = 0;
            while (k < j->n &&
                   !(j->c[k].is_break == is_break && j->c[k].target == target))
                k++;
            if (k == j->n) {
                ac_conts_grow(j);
                j->c[j->n++] = (cont){is_break, target};
            }
            enter_finally(e, r, WHY_JUMP + k);
            return;
        }
    }
    if (left)
        ac_set_handled(e, target);
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

void ac_on_jump(body *e, TSNode n, bool is_break)
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
    ac_unwind_jump(e, e->depth, target, is_break, true);
    ac_gen(e->o, "}");
}
