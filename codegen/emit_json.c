/* emit_json.c - --emit=json: the lowering described with Jansson.
 *
 * The format is docs/asyncc-lowering.schema.json (a JSON Schema; the test
 * tests/sh/emit_json_schema.sh checks outputs against it).  "version" is
 * AC_LOWERING_JSON_VERSION: raise it, and the schema's, on any change a
 * reader could trip over (a key removed, renamed or retyped). */
#include <jansson.h>
#include <stdlib.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

#define AC_LOWERING_JSON_VERSION 1

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *frame_fields(const ac_lfunc *f)
{
    json_t *a = json_array();
    for (int i = 0; i < f->nvars; i++) {
        const ac_lvar *v = &f->vars[i];
        if (!v->in_frame || v->is_catch || v->is_alias)
            continue;
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:s, s:i, s:b}", "name", v->cname,
                         "source_name", v->name, "type", v->type_name, "decl",
                         v->decl, "line", v->line, "param", v->is_param));
    }
    for (int i = 0; i < f->nslots; i++) {
        if (f->slots[i].kind == AC_SLOT_AWAIT)
            continue; /* the head's waiting (ac_frame_slot_field) */
        json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:b}", "name",
                                           f->slots[i].name, "type",
                                           f->slots[i].type, "line",
                                           f->slots[i].line, "slot", 1));
    }
    return a;
}

static json_t *locals(const ac_lfunc *f)
{
    json_t *a = json_array();
    for (int i = 0; i < f->nvars; i++)
        if (!f->vars[i].in_frame)
            json_array_append_new(a, json_pack("{s:s, s:i}", "name",
                                               f->vars[i].name, "line",
                                               f->vars[i].line));
    return a;
}

static json_t *states(const ac_lfunc *f)
{
    json_t *a = json_array();
    for (int i = 0; i < f->nstates; i++) {
        const ac_lstate *s = &f->states[i];
        json_t *st =
            json_pack("{s:i, s:i, s:i, s:s}", "id", s->id, "line", s->line,
                      "col", s->col, "what", ac_susp_name(s->what));
        if (s->type) /* the value's type, when the translator knows it */
            json_object_set_new(st, "type", json_string(s->type));
        if (s->guard)
            json_object_set_new(st, "if", json_string(s->guard));
        json_array_append_new(a, st);
    }
    return a;
}

static json_t *forins(const ac_lunit *lu, const ac_lfunc *f)
{
    json_t *a = json_array();
    for (int i = 0; i < f->nforins; i++) {
        const ac_lforin *fi = &f->forins[i];
        json_t *l =
            json_pack("{s:i, s:b, s:b, s:b}", "line",
                      ac_line_of(lu->unit, fi->at), "async", fi->is_async,
                      "borrowed", fi->borrowed, "inline", fi->inline_fn >= 0);
        if (fi->source)
            json_object_set_new(l, "generator", json_string(fi->source->name));
        json_array_append_new(a, l);
    }
    return a;
}

static json_t *tries(const ac_lunit *lu, const ac_lfunc *f)
{
    const char *text = lu->unit->src->text;
    json_t *a = json_array();
    for (int i = 0; i < f->ntries; i++) {
        const ac_ltry *t = &f->tries[i];
        json_t *catches = json_array();
        for (int k = 0; k < t->ncatch; k++) {
            json_t *types = json_array();
            for (int j = 0; j < t->catch_kw[k]->nargs; j++) {
                ac_span s = t->catch_kw[k]->args[j];
                json_array_append_new(
                    types, json_stringn(text + s.start, s.end - s.start));
            }
            json_array_append_new(catches, types);
        }
        json_array_append_new(a, json_pack("{s:i, s:i, s:i, s:o, s:b}", "id",
                                           t->id, "line", t->line, "end_line",
                                           t->end_line, "catch", catches,
                                           "finally", t->has_finally));
    }
    return a;
}

int ac_emit_json(const ac_lunit *lu, ac_buf *out)
{
    json_t *funcs = json_array();
    for (int i = 0; i < lu->nfuncs; i++) {
        const ac_lfunc *f = &lu->funcs[i];
        json_t *fn = json_pack("{s:s, s:s, s:i, s:b}", "name", f->name, "kind",
                               ac_fn_kind_name(f->kind), "line", f->line,
                               "definition", f->has_body);
        json_object_set_new(fn, "yield_type", str_or_null(f->yield_type));
        json_object_set_new(fn, "send_type", str_or_null(f->send_type));
        json_object_set_new(fn, "result_type", str_or_null(f->result_type));
        json_object_set_new(fn, "frame", frame_fields(f));
        json_object_set_new(fn, "locals", locals(f));
        json_object_set_new(fn, "states", states(f));
        json_object_set_new(fn, "try", tries(lu, f));
        json_object_set_new(fn, "for_in", forins(lu, f));
        json_array_append_new(funcs, fn);
    }
    json_t *root = json_pack("{s:i, s:s, s:o}", "version",
                             AC_LOWERING_JSON_VERSION, "file",
                             lu->unit->src->path, "functions", funcs);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!s)
        return -1;
    ac_buf_puts(out, s);
    ac_buf_putc(out, '\n');
    free(s);
    return 0;
}
