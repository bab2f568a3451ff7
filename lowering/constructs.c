/* constructs.c - the statements that open regions: for-in / async for
 * loops, async with, try/catch/finally (grouping the blocks the pre-pass
 * left after a try). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "lowering/walker.h"
#include "lowering/ts_util.h"

static int generator_index(walker *w, TSNode e);
static void part_push(walker *w);

/* The keyword ending just before `at` (blanks between), or NULL. */
const ac_kw *ac_kw_before(const ac_unit *u, uint32_t at)
{
    const char *t = u->src->text;
    while (at > 0 && (t[at - 1] == ' ' || t[at - 1] == '\t' ||
                      t[at - 1] == '\n' || t[at - 1] == '\r'))
        at--;
    /* the keywords are sorted by start and do not overlap: by end too */
    size_t lo = 0, hi = u->pp.nkws;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u->pp.kws[mid].end < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < u->pp.nkws && u->pp.kws[lo].end == at ? &u->pp.kws[lo] : NULL;
}

const ac_kw *ac_forin_kw(const ac_unit *u, TSNode loop)
{
    TSNode body = ac_ts_field(loop, "body");
    uint32_t end = ts_node_is_null(body) ? ts_node_end_byte(loop)
                                         : ts_node_start_byte(body);
    for (uint32_t at = ts_node_start_byte(loop); at < end;) {
        const ac_kw *kw = ac_kw_first_in(u, at, end);
        if (!kw)
            return NULL;
        if (kw->kind == AC_KW_IN)
            return kw;
        at = kw->end;
    }
    return NULL;
}

static int generator_index(walker *w, TSNode e)
{
    if (!ac_ts_is(e, "call_expression"))
        return -1;
    TSNode fn = ac_ts_field(e, "function");
    if (!ac_ts_is(fn, "identifier"))
        return -1;
    const char *t = w->u->src->text + ts_node_start_byte(fn);
    size_t len = ts_node_end_byte(fn) - ts_node_start_byte(fn);
    if (ac_scope_lookup(w, t, len) >= 0)
        return -1;
    /* the definition, when there is one (a name has one) */
    const ac_lfunc *g = ac_lunit_find(w->lu, t, len);
    uintptr_t first = (uintptr_t)w->lu->funcs, at = (uintptr_t)g;
    if (g == NULL || at < first ||
        at >= first + (size_t)w->lu->nfuncs * sizeof *g) /* in a header */
        return -1;
    if (g->kind != AC_FN_GEN || !g->has_body || g->start >= w->f->start)
        return -1;
    return (int)(g - w->lu->funcs);
}

/* The generator E calls, when its signature is known. */
static const ac_lfunc *known_source(walker *w, TSNode e, bool is_async)
{
    if (!ac_ts_is(e, "call_expression"))
        return NULL;
    TSNode fn = ac_ts_field(e, "function");
    if (!ac_ts_is(fn, "identifier"))
        return NULL;
    const char *t = w->u->src->text + ts_node_start_byte(fn);
    size_t len = ts_node_end_byte(fn) - ts_node_start_byte(fn);
    if (ac_scope_lookup(w, t, len) >= 0)
        return NULL;
    const ac_lfunc *g = ac_lunit_find(w->lu, t, len);
    return g && g->kind == (is_async ? AC_FN_AGEN : AC_FN_GEN) ? g : NULL;
}

void ac_on_forin(walker *w, TSNode loop, const ac_kw *in)
{
    ac_lfunc *f = w->f;
    TSNode init = ac_ts_field(loop, "initializer");
    TSNode e = ac_ts_field(loop, "update");
    TSNode body = ac_ts_field(loop, "body");
    const ac_kw *async = ac_kw_before(w->u, ts_node_start_byte(loop));
    ac_lforin fi = {0};
    fi.at = ts_node_start_byte(loop);
    fi.id = f->nforins + 1;
    fi.is_async = async && async->kind == AC_KW_ASYNC_FOR;
    fi.borrowed = ac_ts_names_object(w->u, e);
    fi.inline_fn = fi.is_async ? -1 : generator_index(w, e);
    fi.source = known_source(w, e, fi.is_async);
    fi.var = -1;
    fi.iter_slot = -1;
    fi.state = 0;
    (void)in;
    ac_walk(w, e);
    int line = ac_line_of(w->u, fi.at);
    if (w->resumable)
        fi.iter_slot =
            ac_add_slot(w, AC_SLOT_ITER, "it",
                        fi.is_async ? "ac_agen *" : "ac_gen *", line, true);
    if (fi.is_async) {
        int aw = ac_add_slot(w, AC_SLOT_AWAIT, "aw", "void *", line, true);
        int si = ac_add_state(w, AC_SUSP_ASYNC_FOR, AC_FORM_LOOP, async->start);
        f->states[si].slot = aw;
        fi.state = si + 1;
    }
    ac_scope_push(w);
    if (ac_ts_is(init, "declaration")) {
        TSNode d = ac_ts_field(init, "declarator");
        ac_declare(w, init, d, (TSNode){0}, ac_scope_suspends(w, loop), false);
        fi.var = f->nvars - 1;
    } else if (!ts_node_is_null(init)) {
        ac_walk(w, init);
    }
    GROW(w->loops, w->nloops);
    w->loops[w->nloops++] = fi.state;
    int idx = f->nforins;
    GROW(f->forins, f->nforins);
    f->forins[f->nforins++] = fi;
    (void)idx;
    GROW(w->forins, w->nforins);
    w->forins[w->nforins++] = fi.id;
    ac_walk(w, body);
    w->nforins--;
    w->nloops--;
    ac_scope_pop(w);
}

void ac_on_async_with(walker *w, TSNode n, const ac_kw *kw)
{
    ac_lfunc *f = w->f;
    int line = ac_line_of(w->u, kw->start);
    ac_lwith aw = {0};
    aw.id = f->nwiths + 1;
    aw.at = kw->start;
    aw.var = -1;
    ac_walk(w, ac_ts_field(n, "condition"));
    aw.acm_slot = ac_add_slot(w, AC_SLOT_ACM, "acm", "void *", line, false);
    aw.aw_slot = ac_add_slot(w, AC_SLOT_AWAIT, "aw", "void *", line, true);
    aw.pend_slot =
        ac_add_slot(w, AC_SLOT_PENDING, "pend", "ac_exc *", line, true);
    aw.why_slot = ac_add_slot(w, AC_SLOT_WHY, "why", "int", line, false);
    aw.sup_slot = ac_add_slot(w, AC_SLOT_TEMP, "sup", "bool", line, false);
    int si = ac_add_state(w, AC_SUSP_AENTER, AC_FORM_LOOP, kw->start);
    f->states[si].slot = aw.aw_slot;
    aw.enter_state = si + 1;
    ac_scope_push(w);
    if (kw->name.end > kw->name.start) {
        const char *t = w->u->src->text;
        ac_lvar v = {0};
        v.name = ac_xstrndup(t + kw->name.start, kw->name.end - kw->name.start);
        v.at = kw->name.start;
        v.line = ac_line_of(w->u, v.at);
        v.in_frame = true;
        ac_buf tn;
        ac_buf_init(&tn);
        ac_buf_add(&tn, t + kw->decl.start, kw->name.start - kw->decl.start);
        while (tn.len && tn.data[tn.len - 1] == ' ')
            tn.data[--tn.len] = 0;
        int vi = ac_add_var(w, &v);
        ac_buf d;
        ac_buf_init(&d);
        ac_buf_printf(&d, "%s%s%s", tn.data,
                      tn.data[tn.len - 1] == '*' ? "" : " ", f->vars[vi].cname);
        f->vars[vi].decl = ac_buf_steal(&d);
        f->vars[vi].type_name = ac_buf_steal(&tn);
        aw.var = vi;
    }
    int idx = f->nwiths;
    GROW(f->withs, f->nwiths);
    f->withs[f->nwiths++] = aw;
    GROW(w->parts, w->nparts);
    w->parts[w->nparts++] = -(++w->next_part); /* < 0: an async with */
    ac_walk(w, ac_ts_field(n, "consequence"));
    w->nparts--;
    ac_scope_pop(w);
    si = ac_add_state(w, AC_SUSP_AEXIT, AC_FORM_LOOP, kw->start);
    f->states[si].slot = f->withs[idx].aw_slot;
    f->withs[idx].exit_state = si + 1;
}

static void part_push(walker *w)
{
    GROW(w->parts, w->nparts);
    w->parts[w->nparts++] = ++w->next_part;
}

/* children[i] is a try block; the catch/finally blocks follow it.
 * Returns the number of siblings consumed. */
int ac_on_try(walker *w, TSNode parent, uint32_t i, const ac_kw *try_kw)
{
    ac_lfunc *f = w->f;
    TSNode block = ts_node_named_child(parent, i);
    ac_ltry t = {0};
    /* reserve the slot first: nested tries are numbered after this one */
    int idx = f->ntries;
    GROW(f->tries, f->ntries);
    f->ntries++;
    t.id = idx + 1;
    t.at = try_kw->start;
    t.body = ts_node_start_byte(block);
    t.line = ac_line_of(w->u, t.at);
    t.exc_slot = t.pend_slot = t.why_slot = -1;
    part_push(w);
    ac_walk(w, block);
    w->nparts--;
    uint32_t n = ts_node_named_child_count(parent), j = i + 1;
    for (; j < n; j++) {
        TSNode c = ts_node_named_child(parent, j);
        if (!ac_ts_is(c, "compound_statement"))
            break;
        const ac_kw *kw = ac_kw_before(w->u, ts_node_start_byte(c));
        if (!kw || (kw->kind != AC_KW_CATCH && kw->kind != AC_KW_FINALLY))
            break;
        t.end_line = ac_line_of(w->u, ts_node_end_byte(c));
        part_push(w);
        if (kw->kind == AC_KW_FINALLY) {
            t.has_finally = true;
            t.finally_body = ts_node_start_byte(c);
            t.pend_slot = ac_add_slot(w, AC_SLOT_PENDING, "pend", "ac_exc *",
                                      t.line, true);
            t.why_slot =
                ac_add_slot(w, AC_SLOT_WHY, "why", "int", t.line, false);
            ac_walk(w, c);
            w->nparts--;
            j++;
            break;
        }
        GROW(t.catch_body, t.ncatch);
        GROW(t.catch_kw, t.ncatch);
        GROW(t.catch_var, t.ncatch);
        if (t.exc_slot < 0)
            t.exc_slot =
                ac_add_slot(w, AC_SLOT_EXC, "exc", "ac_exc *", t.line, true);
        t.catch_body[t.ncatch] = ts_node_start_byte(c);
        t.catch_kw[t.ncatch] = kw;
        t.catch_var[t.ncatch] = -1;
        ac_scope_push(w);
        if (kw->name.end > kw->name.start) {
            ac_lvar v = {0};
            v.name = ac_xstrndup(w->u->src->text + kw->name.start,
                                 kw->name.end - kw->name.start);
            v.cname = ac_xstrndup(f->slots[t.exc_slot].name,
                                  strlen(f->slots[t.exc_slot].name));
            v.decl = ac_xstrndup("ac_exc *", 8);
            v.type_name = ac_xstrndup("ac_exc *", 8);
            v.at = kw->name.start;
            v.line = ac_line_of(w->u, v.at);
            v.in_frame = true;
            v.is_catch = true;
            t.catch_var[t.ncatch] = ac_add_var(w, &v);
        }
        t.ncatch++;
        ac_walk(w, c);
        ac_scope_pop(w);
        w->nparts--;
    }
    if (t.end_line == 0)
        t.end_line = ac_line_of(w->u, ts_node_end_byte(block));
    if (t.ncatch == 0 && !t.has_finally &&
        !ac_ts_is(parent, "compound_statement"))
        ac_walk_error(
            w, t.at, "%s",
            "'try' as the body of another statement needs braces around "
            "it");
    else if (t.ncatch == 0 && !t.has_finally)
        ac_walk_error(w, t.at, "%s", "'try' without 'catch' or 'finally'");
    t.nsiblings = (int)(j - i - 1);
    f->tries[idx] = t;
    return t.nsiblings;
}
