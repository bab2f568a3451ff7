/* translate.c - ac_translate: lowers the unit, then writes C (the source
 * with each resumable function, prototype, plain function holding a
 * for-in loop and `#include "x.ah"` replaced), JSON or DOT. */
#include <stdlib.h>
#include <string.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

typedef struct edit {
    uint32_t start, end;
    const ac_lfunc *f; /* NULL: an .ah include name */
} edit;

static int edit_cmp(const void *a, const void *b)
{
    uint32_t x = ((const edit *)a)->start, y = ((const edit *)b)->start;
    return x < y ? -1 : x > y;
}

static void emit_function(ac_out *o, const ac_lfunc *f)
{
    o->base = o->depth = 0;
    o->bol = false;
    TSNode def = ac_ts_node_starting(o->u->root, f->start);
    while (!ts_node_is_null(def) && !ac_ts_is(def, "function_definition") &&
           !ac_ts_is(def, "declaration"))
        def = ts_node_named_child(def, 0);
    if (f->kind == AC_FN_PLAIN) {
        ac_emit_plain(o, f, def);
        return;
    }
    if (!f->has_body) {
        o->attr = ac_line_of(o->u, f->start);
        ac_emit_prototype(o, f, def);
        o->attr = 0;
        return;
    }
    ac_emit_frame(o, f);
    ac_emit_constructor(o, f, def);
    ac_emit_resume(o, f, def);
    ac_emit_drop(o, f);
}

/* Whether the source includes <asyncc.h> (or "asyncc.h") before `end`. */
static bool includes_asyncc(const ac_unit *u, uint32_t end)
{
    uint32_t count = ts_node_named_child_count(u->root);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(u->root, i);
        if (ts_node_start_byte(c) >= end)
            break;
        if (!ac_ts_is(c, "preproc_include"))
            continue;
        size_t len;
        const char *p = ac_node_text(u, ac_ts_field(c, "path"), &len);
        if (len == 10 && (memcmp(p, "<asyncc.h>", 10) == 0 ||
                          memcmp(p, "\"asyncc.h\"", 10) == 0))
            return true;
    }
    return false;
}

static void emit_c(ac_out *o)
{
    const ac_unit *u = o->u;
    const ac_lunit *lu = o->lu;
    size_t n = (size_t)lu->nfuncs + u->pp.nah_includes;
    edit *edits = ac_xcalloc(n ? n : 1, sizeof *edits);
    size_t k = 0;
    for (int i = 0; i < lu->nfuncs; i++)
        edits[k++] =
            (edit){lu->funcs[i].start, lu->funcs[i].end, &lu->funcs[i]};
    for (size_t i = 0; i < u->pp.nah_includes; i++)
        edits[k++] =
            (edit){u->pp.ah_includes[i].start, u->pp.ah_includes[i].end, NULL};
    qsort(edits, k, sizeof *edits, edit_cmp);
    uint32_t pos = 0;
    /* asyncc.h once: not when the source includes it before the first
     * function */
    bool included = k > 0 && includes_asyncc(u, edits[0].start);
    ac_out_start(o);
    ac_origin_sites(o);
    for (size_t i = 0; i < k; i++) {
        ac_copy(o, pos, edits[i].start);
        if (edits[i].f && !included) {
            /* after the user's own includes and feature macros */
            if (o->b->len && o->b->data[o->b->len - 1] != '\n')
                ac_gen(o, "\n");
            ac_gen(o, "#include <asyncc.h>\n");
            included = true;
        }
        if (edits[i].f) {
            emit_function(o, edits[i].f);
            /* a prototype stays on its line; a definition grew */
            if (edits[i].f->has_body || edits[i].f->kind == AC_FN_CORO)
                ac_line(o, ac_line_of(u, edits[i].end));
        } else {
            /* "x.ah" -> "x.h" */
            uint32_t s = edits[i].start, e = edits[i].end;
            const char *t = u->src->text;
            if (e - s >= 3 && memcmp(t + e - 3, ".ah", 3) == 0) {
                ac_buf_add(o->b, t + s, e - s - 3);
                ac_buf_puts(o->b, ".h");
            } else {
                ac_buf_add(o->b, t + s, e - s);
            }
        }
        pos = edits[i].end;
    }
    ac_copy(o, pos, (uint32_t)u->src->len);
    free(edits);
    free(o->sites);
    free(o->site_ends);
    free(o->site_open);
}

int ac_translate(const ac_unit *u, const ac_emit_opts *opts, ac_buf *out,
                 ac_diag *d)
{
    ac_lunit lu;
    int errors = d->errors;
    if (ac_lower(u, &lu, d) < 0 || d->errors > errors ||
        ac_origin_check(u, &lu, d) < 0) {
        ac_lunit_free(&lu);
        return -1;
    }
    int rc = 0;
    if (opts->kind == AC_EMIT_JSON) {
        rc = ac_emit_json(&lu, out);
    } else if (opts->kind == AC_EMIT_DOT) {
        ac_lower_transitions(&lu);
        rc = ac_emit_dot(&lu, out);
    } else if (!lu.any_lowering) {
        ac_buf_add(out, u->src->text, u->src->len);
    } else {
        ac_out o = {0};
        o.b = out;
        o.u = u;
        o.lu = &lu;
        o.opts = opts;
        o.d = d;
        emit_c(&o);
        rc = o.errors ? -1 : 0;
    }
    ac_lunit_free(&lu);
    return rc;
}
