/* emit_forin.c - for (T v in E) and async for: the iterator slot, each
 * step, and its release however the loop is left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/body.h"
#include "lowering/ts_util.h"

static void emit_async_forin(body *e, TSNode loop, const ac_lforin *fi);
static void emit_forin_body(body *e, TSNode loop, const ac_lforin *fi);
static bool frame_is_local(const body *e, const ac_lforin *fi);

/* The loop variable as an lvalue: a declared variable (in the frame or
 * not), or the expression of `for (lvalue in E)`. */
static void loop_dest(body *e, const ac_lforin *fi, TSNode init, ac_buf *dest)
{
    const ac_lfunc *f = e->f;
    int vi = fi->var;
    ac_buf_init(dest);
    if (vi >= 0) {
        ac_buf_printf(dest, "%s%s", f->vars[vi].in_frame ? "ac_fr->" : "",
                      f->vars[vi].cname);
    } else {
        ac_buf *save = e->o->b;
        e->o->b = dest;
        ac_emit(e, init);
        e->o->b = save;
    }
}

/* A plain function's loop in the traceback of the pending exception. */
static void emit_add_frame(body *e, int line)
{
    ac_gen(e->o, "ac__err_add_frame(__func__, \"");
    for (const char *c = e->o->u->src->path; *c; c++)
        ac_gen(e->o, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
    ac_gen(e->o, "\", %d);\n", line);
}

/* After a step that did not yield (ac_r): an exception raises at the loop
 * in a resumable function; in a plain one it stays pending, and an
 * exception nobody fetches is reported (err.c); then break. */
static void emit_loop_end(body *e, const ac_lforin *fi, int line)
{
    if (e->resumable) {
        ac_gen(e->o, "if (ac_r == AC_RAISED) {\n");
        ac_release_slot(e, ac_slot_name(e, fi->iter_slot));
        ac_gen(e->o, "ac__raise(ac_f, %d, ", line);
        ac_put_handled(e, e->depth);
        ac_gen(e->o, ");\n");
        ac_goto_handler(e, e->depth);
        ac_gen(e->o, "}\n");
    } else { /* pending for the caller, the loop in its traceback */
        ac_gen(e->o, "if (ac_r == AC_RAISED)\n");
        emit_add_frame(e, line);
    }
    ac_gen(e->o, "break;\n}\n");
}

/* async for (T v in E): each step awaits ac_anext(it); StopAsyncIteration
 * ends the loop. */
static void emit_async_forin(body *e, TSNode loop, const ac_lforin *fi)
{
    const ac_lfunc *f = e->f;
    TSNode init = ac_ts_field(loop, "initializer");
    TSNode expr = ac_ts_field(loop, "update");
    const ac_lstate *s = &f->states[fi->state - 1];
    const char *aw = ac_slot_name(e, s->slot);
    char it[64];
    snprintf(it, sizeof it, "ac_fr->%s", ac_slot_name(e, fi->iter_slot));
    ac_gen(e->o, "{\n%s = (", it);
    ac_emit(e, expr);
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
    ac_state_label(e, s);
    ac_buf dest;
    loop_dest(e, fi, init, &dest);
    if (fi->source) /* Y converts to the variable */
        ac_gen(e->o,
               "{\n%s ac_v;\nif (ac__await_result(ac_f, &ac_fr->%s, &ac_v, "
               "sizeof ac_v) < 0) {\n",
               fi->source->yield_type, aw);
    else
        ac_gen(
            e->o,
            "if (ac__await_result(ac_f, &ac_fr->%s, &%s, sizeof %s) < 0) {\n",
            aw, dest.data, dest.data);
    ac_gen(e->o,
           "if (ac_exc_matches(ac_err_occurred(), &ac_StopAsyncIteration)) {\n"
           "ac_err_clear();\nbreak;\n}\n");
    ac_release_slot(e, ac_slot_name(e, fi->iter_slot));
    ac_raise_site(e, s->line);
    ac_gen(e->o, "}\n");
    if (fi->source)
        ac_gen(e->o, "%s = ac_v;\n}\n", dest.data);
    ac_buf_free(&dest);
    emit_forin_body(e, loop, fi);
}

/* The loop over a new generator defined in this file, which only the loop
 * holds (ac__gen_iter_start in asyncc.h): each step calls its resume
 * function directly and reads the value from its yield slot. */
static void emit_owned_loop(body *e, TSNode loop, const ac_lforin *fi,
                            const char *it, const ac_lfunc *g, int line)
{
    const ac_lfunc *f = e->f;
    TSNode init = ac_ts_field(loop, "initializer");
    ac_gen(e->o, "ac__gen_iter_start((ac_frame *)%s);\n", it);
    if (frame_is_local(e, fi)) /* how the generator ended, if it did */
        ac_gen(e->o, "int ac_end%d = AC_YIELDED;\n", fi->id);
    ac_gen(e->o, "for (;;) {\n");
    int vi = fi->var;
    if (vi >= 0 && !f->vars[vi].in_frame)
        ac_gen(e->o, "%s;\n",
               f->vars[vi].decl ? f->vars[vi].decl : "int ac_unused");
    if (g->ntries > 0) /* linked while it runs (ac__gen_resume_linked) */
        ac_gen(e->o,
               "{\nint ac_r = ac__gen_resume_linked((ac_frame *)%s, "
               "%s__resume);\n",
               it, g->name);
    else
        ac_gen(e->o, "{\nint ac_r = %s__resume((ac_frame *)%s);\n", g->name,
               it);
    ac_gen(e->o, "if (ac_r != AC_YIELDED) {\n");
    if (frame_is_local(e, fi)) /* finished after the loop */
        ac_gen(e->o, "ac_end%d = ac_r;\nbreak;\n}\n", fi->id);
    else {
        ac_gen(e->o, "ac_r = ac__gen_finish((ac_frame *)%s, ac_r);\n", it);
        emit_loop_end(e, fi, line);
    }
    ac_buf dest;
    loop_dest(e, fi, init, &dest);
    ac_gen(e->o, "%s = ((%s__frame *)%s)->ac_yv;\n}\n", dest.data, g->name, it);
    ac_buf_free(&dest);
    emit_forin_body(e, loop, fi);
}

/* The generator a loop steps directly (its resume inlined), or NULL.  A
 * generator with a handler is linked into the thread's running frames
 * while it runs (core/exc_info.c: frames it runs see what it handles): the
 * inline step of a borrowed one does not. */
static const ac_lfunc *inline_gen(const body *e, const ac_lforin *fi)
{
    const ac_lfunc *g =
        fi->inline_fn >= 0 ? &e->o->lu->funcs[fi->inline_fn] : NULL;
    if (g != NULL &&
        (!ac_frame_has_yield_slot(g) || (fi->borrowed && g->ntries > 0)))
        return NULL;
    return g;
}

/* A new generator of this file that only the loop of a plain function
 * holds (its handle is the call's value, never named): its frame lives in
 * a C local of the loop (on the heap when it is large: AC__LOCAL_FRAME in
 * asyncc.h), made by NAME__at, ended by ac__frame_end_room however the
 * loop is left; no allocation, and the compiler sees every access to it. */
static bool frame_is_local(const body *e, const ac_lforin *fi)
{
    return !e->resumable && !fi->is_async && !fi->borrowed &&
           inline_gen(e, fi) != NULL;
}

/* Where a loop-local frame is left to the runtime: its yield slot's last
 * value is dead (the loop was its only reader; the generator writes the
 * slot before the runtime could read it).  Zeroed, the compiler knows it,
 * and keeps the value in a register instead of storing it each item (the
 * runtime reads the frame it is passed). */
static void emit_yield_slot_dead(body *e, const ac_lforin *fi)
{
    const char *g = inline_gen(e, fi)->name;
    ac_gen(e->o,
           "memset((void *)&((%s__frame *)ac_it%d)->ac_yv, 0, "
           "sizeof ((%s__frame *)ac_it%d)->ac_yv);\n",
           g, fi->id, g, fi->id);
}

static void emit_end_room(body *e, const ac_lforin *fi)
{
    ac_gen(e->o, "ac__frame_end_room((ac_frame *)ac_it%d, &ac_mem%d);\n",
           fi->id, fi->id);
}

void ac_forin_release_local(body *e, const ac_lforin *fi)
{
    if (frame_is_local(e, fi)) {
        emit_yield_slot_dead(e, fi);
        emit_end_room(e, fi);
    } else
        ac_gen(e->o, "ac_decref(ac_it%d);\n", fi->id);
}

/* NAME__at(memory, args) for the call E of a same-file generator. */
static void emit_local_frame(body *e, TSNode call, const ac_lforin *fi,
                             const ac_lfunc *g)
{
    ac_gen(e->o,
           "AC__LOCAL_FRAME(%s__frame, ac_mem%d);\n"
           "ac_gen *ac_it%d = %s__at(ac__frame_room(&ac_mem%d, "
           "sizeof(%s__frame))",
           g->name, fi->id, fi->id, g->name, fi->id, g->name);
    TSNode args = ac_ts_field(call, "arguments");
    uint32_t n = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (ac_ts_is(a, "comment"))
            continue;
        ac_gen(e->o, ", ");
        ac_emit(e, a);
    }
    ac_gen(e->o, ");\n");
}

void ac_emit_forin(body *e, TSNode loop, const ac_lforin *fi)
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
    const ac_lfunc *g = inline_gen(e, fi);
    if (e->resumable)
        snprintf(it, sizeof it, "ac_fr->%s", ac_slot_name(e, fi->iter_slot));
    else
        snprintf(it, sizeof it, "ac_it%d", fi->id);
    ac_gen(e->o, "{\n");
    if (frame_is_local(e, fi)) {
        emit_local_frame(e, expr, fi, g);
        emit_owned_loop(e, loop, fi, it, g, line);
        return;
    }
    if (!e->resumable)
        ac_gen(e->o, "ac_gen *");
    ac_gen(e->o, "%s = (", it);
    ac_emit(e, expr);
    ac_gen(e->o, ");\n");
    if (fi->borrowed)
        ac_gen(e->o, "ac_incref(%s);\n", it);
    if (g != NULL && !fi->borrowed) {
        emit_owned_loop(e, loop, fi, it, g, line);
        return;
    }
    ac_gen(e->o, "for (;;) {\n");
    /* the loop variable */
    int vi = fi->var;
    if (vi >= 0 && !f->vars[vi].in_frame)
        ac_gen(e->o, "%s;\n",
               f->vars[vi].decl ? f->vars[vi].decl : "int ac_unused");
    ac_gen(e->o, "{\n");
    ac_buf dest;
    loop_dest(e, fi, init, &dest);
    /* a known generator's Y converts to the variable; out also needs room
     * for R when the generator returns */
    const ac_lfunc *src = fi->source;
    if (src) {
        ac_gen(e->o, "union {\n%s y;\n", src->yield_type);
        if (src->result_type)
            ac_gen(e->o, "%s r;\n", src->result_type);
        ac_gen(e->o, "} ac_o;\n");
    }
    ac_gen(e->o, "int ac_r = ");
    if (g && src)
        ac_gen(e->o,
               "ac__gen_next_inline((ac_frame *)%s, &ac_o, %s__resume);\n", it,
               g->name);
    else if (src)
        ac_gen(e->o, "ac_gen_next(%s, &ac_o);\n", it);
    else /* unknown Y: the runtime checks its size against the variable */
        ac_gen(e->o, "ac__gen_next_sized(%s, &%s, sizeof %s);\n", it, dest.data,
               dest.data);
    ac_gen(e->o, "if (ac_r != AC_YIELDED) {\n");
    emit_loop_end(e, fi, line);
    if (src)
        ac_gen(e->o, "%s = ac_o.y;\n", dest.data);
    ac_gen(e->o, "}\n");
    ac_buf_free(&dest);
    emit_forin_body(e, loop, fi);
}

/* The loop body and the end of a for-in, from inside its `for (;;) {`. */
static void emit_forin_body(body *e, TSNode loop, const ac_lforin *fi)
{
    TSNode lbody = ac_ts_field(loop, "body");
    int vi = fi->var;
    if (vi >= 0 && !e->f->vars[vi].in_frame) /* a body may ignore it */
        ac_gen(e->o, "(void)%s;\n", e->f->vars[vi].cname);
    region *r = ac_region_push(e, R_FORIN);
    r->fi = fi;
    r->id = ++e->next_loop;
    r->start = ts_node_start_byte(loop);
    r->end = ts_node_end_byte(loop);
    r->body_at = ts_node_start_byte(lbody);
    ac_emit(e, lbody);
    bool cnt = r->cnt_used, brk = r->brk_used, raised = r->raise_used;
    int id = r->id;
    e->depth--;
    if (cnt)
        ac_gen(e->o, "\nac_cnt%d:;", id);
    ac_gen(e->o, "\n}\n");
    if (brk)
        ac_gen(e->o, "ac_brk%d:;\n", id);
    if (frame_is_local(e, fi)) { /* outside the loop, which can rotate */
        emit_yield_slot_dead(e, fi);
        ac_gen(e->o,
               "if (ac_end%d != AC_YIELDED && ac__gen_finish((ac_frame *)"
               "ac_it%d, ac_end%d) == AC_RAISED)\n",
               fi->id, fi->id, fi->id);
        emit_add_frame(e, ac_line_of(e->o->u, fi->at));
        emit_end_room(e, fi);
    } else if (e->resumable)
        ac_release_slot(e, ac_slot_name(e, fi->iter_slot));
    else
        ac_forin_release_local(e, fi);
    if (raised) { /* raises in the body leaving the loop (regions.c) */
        ac_gen(e->o, "if (0) {\nac_rx%d:\n", id);
        ac_release_slot(e, ac_slot_name(e, fi->iter_slot));
        ac_goto_handler(e, e->depth);
        ac_gen(e->o, "}\n");
    }
    ac_gen(e->o, "}");
}
