/* emit_body.c - a function body, lowered: the walk over its statements
 * and the resume function around it.
 *
 * The body keeps its structure: the tree is copied node by node, and only
 * what the model marks is rewritten (names of frame locals, declarations
 * moved to the frame, return/throw, and, in the files beside this one,
 * suspension points, jumps out of regions, try/catch/finally, async with
 * and for-in loops).  Labels are only written when something jumps to
 * them (-Wunused-label). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/body.h"
#include "lowering/ts_util.h"

static void emit_var(body *e, int vi);
static bool emit_throw(body *e, TSNode stmt);
static void emit_block_children(body *e, TSNode n);
static void emit_goto(body *e, TSNode n);
static void emit_node(body *e, TSNode n);
static void init_body(body *e, ac_out *o, const ac_lfunc *f, TSNode def);
static void free_body(body *e);

static void emit_var(body *e, int vi)
{
    const ac_lvar *v = &e->f->vars[vi];
    if (v->in_frame)
        ac_gen(e->o, "ac_fr->%s", v->cname);
    else
        ac_gen(e->o, "%s", v->cname);
}

void ac_emit_children(body *e, TSNode n)
{
    uint32_t pos = ts_node_start_byte(n), count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        ac_copy(e->o, pos, ts_node_start_byte(c));
        ac_emit(e, c);
        pos = ts_node_end_byte(c);
    }
    ac_copy(e->o, pos, ts_node_end_byte(n));
}

bool ac_decl_in_frame(body *e, TSNode decl)
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
void ac_emit_frame_decl(body *e, TSNode decl, bool in_for)
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
        const ac_kw *kw = ac_susp_kw(e, value);
        if (kw && !in_for) {
            if (kw->kind == AC_KW_AWAIT) {
                char dest[300];
                snprintf(dest, sizeof dest, "ac_fr->%s", v->cname);
                ac_emit_await(e, value, kw, (TSNode){0}, dest);
            } else if (kw->kind == AC_KW_YIELD_FROM) {
                char dest[300];
                snprintf(dest, sizeof dest, "ac_fr->%s", v->cname);
                ac_emit_yield_from(e, value, kw, (TSNode){0}, dest);
            } else {
                ac_emit_yield(e, value, kw);
                ac_gen(e->o, "ac_fr->%s = AC__SENT(ac_f, %s);", v->cname,
                       e->f->send_type ? e->f->send_type : "int");
            }
            first = false;
            continue;
        }
        if (!first)
            ac_gen(e->o, in_for ? ", " : "\n");
        first = false;
        bool braces = ac_ts_is(value, "initializer_list");
        if ((v->is_array || braces) && !in_for && v->tmp_decl) {
            /* through a temporary declared as the source declares it (an
             * anonymous struct has no other spelling) */
            ac_gen(e->o, "{\n%s = ", v->tmp_decl);
            ac_emit(e, value);
            ac_gen(e->o,
                   ";\nmemcpy((void *)&ac_fr->%s, (const void *)&ac_tmp, "
                   "sizeof ac_fr->%s);\n}",
                   v->cname, v->cname);
            continue;
        }
        if (v->is_array) {
            ac_gen(e->o, "memcpy((void *)ac_fr->%s, (%s)", v->cname,
                   v->type_name);
            if (!ac_ts_is(value, "initializer_list"))
                ac_gen(e->o, "{");
            ac_emit(e, value);
            if (!ac_ts_is(value, "initializer_list"))
                ac_gen(e->o, "}");
            ac_gen(e->o, ", sizeof ac_fr->%s)", v->cname);
        } else {
            ac_gen(e->o, "ac_fr->%s = ", v->cname);
            if (ac_ts_is(value, "initializer_list"))
                ac_gen(e->o, "(%s)", v->type_name);
            ac_emit(e, value);
        }
        if (!in_for)
            ac_gen(e->o, ";");
    }
    if (in_for)
        ac_gen(e->o, ";");
    else if (first)
        ac_gen(e->o, ";");
}

void ac_emit_declaration(body *e, TSNode decl)
{
    if (!e->resumable || !ac_decl_in_frame(e, decl)) {
        ac_emit_children(e, decl);
        return;
    }
    ac_emit_frame_decl(e, decl, false);
}

void ac_emit_return(body *e, TSNode n)
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
            ac_emit_children(e, n);
            return;
        }
        const char *rt = e->f->plain_return_type;
        ac_gen(e->o, "{\n");
        if (!ts_node_is_null(value)) {
            ac_gen(e->o, "%s ac_ret = (", rt);
            ac_emit(e, value);
            ac_gen(e->o, ");\n");
        }
        for (int d = e->depth - 1; d >= 0; d--)
            if (e->stack[d].kind == R_FORIN)
                ac_forin_release_local(e, e->stack[d].fi);
        ac_gen(e->o,
               ts_node_is_null(value) ? "return;\n}" : "return ac_ret;\n}");
        return;
    }
    ac_gen(e->o, "{\n");
    const ac_kw *kw = ac_susp_kw(e, value);
    const char *result = e->f->result_type ? "ac_fr->ac_result" : NULL;
    if (kw && kw->kind == AC_KW_AWAIT) {
        ac_emit_await(e, value, kw, (TSNode){0}, result);
    } else if (kw && kw->kind == AC_KW_YIELD_FROM) {
        ac_emit_yield_from(e, value, kw, (TSNode){0}, result);
    } else if (kw && kw->kind == AC_KW_YIELD) {
        ac_emit_yield(e, value, kw);
        ac_gen(e->o, "ac_fr->ac_result = AC__SENT(ac_f, %s);\n",
               e->f->send_type);
    } else if (!ts_node_is_null(value)) {
        ac_gen(e->o, "ac_fr->ac_result = (");
        ac_align(e->o, ts_node_start_byte(value));
        ac_emit(e, value);
        ac_gen(e->o, ");\n");
    }
    ac_unwind_return(e, e->depth);
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
        /* nothing being handled (a finally entered normally, or no
         * handler at all): Python's RuntimeError */
        ac_gen(e->o, "if (");
        ac_put_handled(e, e->depth);
        ac_gen(e->o, ")\n    ac__rethrow(ac_f, ");
        ac_put_handled(e, e->depth);
        ac_gen(e->o,
               ", %d);\nelse\n    ac_err_format(&ac_RuntimeError, "
               "\"No active exception to reraise\");\n",
               line);
    } else {
        TSNode x = ts_node_named_child(stmt, 0);
        ac_gen(e->o, "ac__throw(ac_f, (");
        ac_align(e->o, ts_node_start_byte(ac_ts_kw_operand(x, kw)));
        ac_emit(e, ac_ts_kw_operand(x, kw));
        ac_gen(e->o, "), ");
        ac_put_handled(e, e->depth);
        ac_gen(e->o, ", %d);\n", line);
    }
    ac_goto_handler(e, e->depth);
    ac_gen(e->o, "}");
    return true;
}

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
            ac_emit_try(e, t);
            ac_gen(e->o, "}");
            e->o->base = save_base;
            e->o->depth = save_depth;
            i += (uint32_t)t->nsiblings;
            pos = ts_node_end_byte(ts_node_child(n, i));
            continue;
        }
        ac_emit(e, c);
        e->o->base = save_base;
        e->o->depth = save_depth;
        pos = ts_node_end_byte(c);
    }
    ac_copy(e->o, pos, ts_node_end_byte(n));
}

void ac_emit_loop(body *e, TSNode n, rkind kind)
{
    region *r = ac_region_push(e, kind);
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
                ac_decl_in_frame(e, c))
                ac_emit_frame_decl(e, c, true);
            else
                ac_emit(e, c);
            pos = ts_node_end_byte(c);
        }
        ac_copy(e->o, pos, ts_node_end_byte(n));
    } else {
        ac_emit_children(e, n);
    }
    region *done = &e->stack[depth - 1];
    bool brk = done->brk_used;
    int id = done->id;
    e->depth = depth - 1;
    if (brk)
        ac_gen(e->o, "\nac_brk%d:;", id);
}

void ac_emit_expression_statement(body *e, TSNode n)
{
    if (e->resumable && emit_throw(e, n))
        return;
    if (e->resumable && ac_susp_kw_of_stmt(e, n)) {
        ac_gen(e->o, "{\n");
        ac_emit_susp_stmt(e, n);
        ac_gen(e->o, "}");
        return;
    }
    ac_emit_children(e, n);
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
            ac_release_slot(e, ac_slot_name(e, r->fi->iter_slot));
        else
            ac_forin_release_local(e, r->fi);
    }
    free(name);
    ac_emit_children(e, n);
    if (any)
        ac_gen(e->o, "\n}");
}

/* Generated lines of a statement are indented from the statement's own
 * column. */
void ac_emit(body *e, TSNode n)
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
    int save_attr = e->o->attr; /* generated code: the statement's line */
    e->o->base = ac_col_of(e->o->u, ts_node_start_byte(n)) - 1;
    e->o->depth = 0;
    e->o->attr = ac_line_of(e->o->u, ts_node_start_byte(n));
    emit_node(e, n);
    e->o->base = save_base;
    e->o->depth = save_depth;
    e->o->attr = save_attr;
}

static void emit_node(body *e, TSNode n)
{
    if (!ts_node_is_null(e->unwrap) && ts_node_eq(n, e->unwrap)) {
        e->unwrap = (TSNode){0};
        ac_emit(e, ac_ts_kw_operand(n, e->unwrap_kw));
        return;
    }
    const char *type = ts_node_type(n);
    uint32_t start = ts_node_start_byte(n);
    const char *renamed =
        e->resumable ? ac_lfunc_rename(e->f, start, ts_node_end_byte(n)) : NULL;
    if (renamed) {
        ac_at(e->o, start);
        ac_gen(e->o, "%s", renamed);
        return;
    }
    if (strcmp(type, "identifier") == 0) {
        int v = ac_lfunc_ref(e->f, start);
        if (v >= 0) {
            ac_at(e->o, start);
            emit_var(e, v);
        } else {
            ac_copy(e->o, start, ts_node_end_byte(n));
        }
        return;
    }
    if (ts_node_child_count(n) == 0) {
        ac_copy(e->o, start, ts_node_end_byte(n));
        return;
    }
    if (e->resumable && ac_emit_hoisted_value(e, n))
        return;
    int lit = e->resumable && strcmp(type, "compound_literal_expression") == 0
                  ? ac_lfunc_literal_at(e->f, start)
                  : -1;
    if (lit >= 0) {
        /* it lives in the frame as long as its block: each evaluation
         * initialises it again, as C's does */
        const char *cl = e->f->vars[lit].cname;
        ac_gen(e->o, "(*(memcpy((void *)&ac_fr->%s, &", cl);
        ac_emit_children(e, n);
        ac_gen(e->o, ", sizeof ac_fr->%s), &ac_fr->%s))", cl, cl);
        return;
    }
    if (e->resumable && ac_emit_with_hoists(e, n))
        return;
    const ac_kw *kw = e->resumable ? ac_kw_at(e->o->u, start) : NULL;
    if (kw && kw->kind == AC_KW_ASYNC_WITH &&
        strcmp(type, "if_statement") == 0) {
        ac_emit_async_with(e, n, ac_lfunc_with_at(e->f, start));
        return;
    }
    /* a case's statements are its children: a try among them too */
    if (strcmp(type, "compound_statement") == 0 ||
        strcmp(type, "case_statement") == 0)
        emit_block_children(e, n);
    else if (strcmp(type, "expression_statement") == 0)
        ac_emit_expression_statement(e, n);
    else if (strcmp(type, "declaration") == 0)
        ac_emit_declaration(e, n);
    else if (strcmp(type, "return_statement") == 0)
        ac_emit_return(e, n);
    else if (strcmp(type, "break_statement") == 0)
        ac_on_jump(e, n, true);
    else if (strcmp(type, "continue_statement") == 0)
        ac_on_jump(e, n, false);
    else if (strcmp(type, "goto_statement") == 0)
        emit_goto(e, n);
    else if (strcmp(type, "for_statement") == 0) {
        const ac_lforin *fi = ac_lfunc_forin_at(e->f, start);
        if (fi)
            ac_emit_forin(e, n, fi);
        else
            ac_emit_loop(e, n, R_LOOP);
    } else if (strcmp(type, "while_statement") == 0 ||
               strcmp(type, "do_statement") == 0)
        ac_emit_loop(e, n, R_LOOP);
    else if (strcmp(type, "switch_statement") == 0)
        ac_emit_loop(e, n, R_SWITCH);
    else if (strcmp(type, "field_expression") == 0)
        ac_emit_children(e, n);
    else
        ac_emit_children(e, n);
}

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
    /* a region is pushed per construct, at most two per level of the tree:
     * the stack never grows, so pointers into it stay valid */
    int depth = 0, max = 0;
    TSTreeCursor c = ts_tree_cursor_new(e->root);
    for (;;) {
        if (ts_tree_cursor_goto_first_child(&c)) {
            if (++depth > max)
                max = depth;
            continue;
        }
        while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&c)) {
            ts_tree_cursor_goto_parent(&c);
            depth--;
        }
        if (depth == 0)
            break;
    }
    ts_tree_cursor_delete(&c);
    e->cap = 2 * max + 8;
    e->stack = ac_xcalloc((size_t)e->cap, sizeof *e->stack);
}

static void free_body(body *e)
{
    for (int i = 0; i <= e->f->ntries; i++)
        free(e->jumps[i].c);
    for (int i = 0; i <= e->f->nwiths; i++)
        free(e->wjumps[i].c);
    free(e->stack);
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
           "%s__frame *ac_fr = (%s__frame *)ac_f;\n(void)ac_fr;\n",
           f->name, f->name, f->name);
    ac_emit_debug_locals(o, f, e.root);
    ac_gen(o, "switch (ac_f->state) {\ncase 0:\nbreak;\n");
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
    ac_emit(&e, e.root);
    o->base = o->depth = 0;
    /* falling off the end: the closing brace; unwinding: the output */
    o->attr = ac_line_of(o->u, ts_node_end_byte(e.root) - 1);
    ac_gen(o, "\n    return AC_RETURNED;\n");
    o->attr = 0;
    if (e.unwind_used)
        ac_gen(o, "ac_unwind:\n    return AC_RAISED;\n");
    /* the epilogue: the body's closing brace, as a C function's */
    ac_at(o, ts_node_end_byte(e.root) - 1);
    ac_gen(o, "}\n");
    free_body(&e);
}

void ac_emit_plain(ac_out *o, const ac_lfunc *f, TSNode def)
{
    body e;
    init_body(&e, o, f, def);
    ac_copy(o, ts_node_start_byte(def), ts_node_start_byte(e.root));
    ac_emit(&e, e.root);
    free_body(&e);
}
