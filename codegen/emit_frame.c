/* emit_frame.c - what surrounds a resume function: the frame struct, the
 * static ac_code, the constructor (the source's name and parameters), the
 * drop function, and prototypes. */
#include <stdlib.h>
#include <string.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

const char *ac_handle_type(ac_fn_kind k)
{
    return k == AC_FN_GEN ? "ac_gen" : k == AC_FN_CORO ? "ac_coro" : "ac_agen";
}

static const char *kind_const(ac_fn_kind k)
{
    return k == AC_FN_GEN    ? "AC_KIND_GEN"
           : k == AC_FN_CORO ? "AC_KIND_CORO"
                             : "AC_KIND_AGEN";
}

/* A generator's yields store into the frame's ac_yv slot (see
 * ac__gen_iter_start in asyncc.h: it keeps `for … in` loops in registers);
 * async generators hand their values to the runtime through out. */
bool ac_frame_has_yield_slot(const ac_lfunc *f)
{
    return f->kind == AC_FN_GEN && f->yield_type != NULL;
}

/* Where slot i of f is kept.  An await's awaitable is the frame head's
 * waiting field, where the runtime keeps it while the await is in flight:
 * a frame has one await in flight at a time (an await's operand is
 * evaluated, its own awaits hoisted, before it starts; it is released as
 * it ends, however it ends), so a coroutine of ten awaits is not ten
 * pointers larger than one of one.  Any other slot is a field of its
 * own. */
const char *ac_frame_slot_field(const ac_lfunc *f, int i)
{
    if (f->slots[i].kind == AC_SLOT_AWAIT)
        return f->kind == AC_FN_CORO ? "ac_hdr.waiting" : "ac_hdr.f.waiting";
    return f->slots[i].name;
}

static bool slot_is_own_field(const ac_lfunc *f, int i)
{
    return f->slots[i].kind != AC_SLOT_AWAIT;
}

/* Whether f's code handles exceptions (a catch, a finally, an async
 * with's exit): only then does its frame keep what it handles. */
bool ac_frame_has_handled(const ac_lfunc *f)
{
    return f->ntries > 0 || f->nwiths > 0;
}

bool ac_frame_has_handles(const ac_lfunc *f)
{
    for (int i = 0; i < f->nslots; i++)
        if (f->slots[i].is_handle)
            return true;
    return false;
}

/* NAME__lines: the line of each resume point (0: the definition), what a
 * frame suspended there is at (ac_code.lines); their number. */
static int put_lines(ac_out *o, const ac_lfunc *f)
{
    int n = 1;
    for (int i = 0; i < f->nstates; i++)
        if (f->states[i].id >= n)
            n = f->states[i].id + 1;
    int *lines = ac_xcalloc((size_t)n, sizeof *lines);
    lines[0] = f->line;
    for (int i = 0; i < f->nstates; i++)
        lines[f->states[i].id] = f->states[i].line;
    ac_gen(o, "static const int %s__lines[] = {", f->name);
    for (int i = 0; i < n; i++)
        ac_gen(o, i ? ", %d" : "%d", lines[i]);
    ac_gen(o, "};\n");
    free(lines);
    return n;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

void ac_emit_frame(ac_out *o, const ac_lfunc *f)
{
    const char *file = base_name(o->u->src->path);
    for (int i = 0; i < f->ntypes; i++) /* declared in the body */
        ac_gen(o, "%s /* %s:%d */\n", f->types[i].text, file,
               ac_line_of(o->u, f->types[i].at));
    /* a generator's head carries the values passed in and out */
    ac_gen(o, "typedef struct %s__frame {\n%s ac_hdr;\n", f->name,
           f->kind == AC_FN_CORO ? "ac_frame" : "ac_gen_frame");
    for (int i = 0; i < f->nvars; i++) {
        const ac_lvar *v = &f->vars[i];
        if (v->in_frame && !v->is_catch && !v->is_alias)
            ac_gen(o, "%s; /* %s:%d */\n", v->decl, file, v->line);
    }
    for (int i = 0; i < f->nslots; i++) {
        const ac_lslot *s = &f->slots[i];
        if (!slot_is_own_field(f, i))
            continue;
        const char *t = s->type;
        size_t n = strlen(t);
        ac_gen(o, "%s%s%s; /* %s:%d */\n", t, n && t[n - 1] == '*' ? "" : " ",
               s->name, file, s->line);
    }
    if (f->result_type)
        ac_gen(o, "%s ac_result;\n", f->result_type);
    if (ac_frame_has_yield_slot(f))
        ac_gen(o, "%s ac_yv; /* the value yielded */\n", f->yield_type);
    if (ac_frame_has_handled(f))
        ac_gen(o, "ac_exc *ac_handled; /* the exception handled now */\n");
    ac_gen(o, "} %s__frame;\n", f->name);
    ac_gen(o, "static int %s__resume(ac_frame *ac_f);\n", f->name);
    bool drop = ac_frame_has_handles(f);
    if (drop)
        ac_gen(o, "static void %s__drop(ac_frame *ac_f);\n", f->name);
    int nlines = put_lines(o, f);
    ac_gen(o, "static const ac_code %s__code = {", f->name);
    ac_put_quoted(o, f->name);
    ac_gen(o, ", ");
    ac_put_quoted(o, o->u->src->path);
    ac_gen(o, ", %d, %s,\nsizeof(%s__frame), ", f->line, kind_const(f->kind),
           f->name);
    if (f->yield_type)
        ac_gen(o, "sizeof(%s), ", f->yield_type);
    else
        ac_gen(o, "0, ");
    if (f->send_type)
        ac_gen(o, "sizeof(%s), ", f->send_type);
    else
        ac_gen(o, "0, ");
    if (f->result_type)
        ac_gen(o, "sizeof(%s), offsetof(%s__frame, ac_result), ",
               f->result_type, f->name);
    else
        ac_gen(o, "0, 0, ");
    ac_gen(o, "%s__resume, %s%s", f->name, drop ? f->name : "NULL",
           drop ? "__drop" : "");
    if (ac_frame_has_yield_slot(f))
        ac_gen(o, ",\noffsetof(%s__frame, ac_yv)", f->name);
    else
        ac_gen(o, ", 0");
    if (ac_frame_has_handled(f))
        ac_gen(o, ", offsetof(%s__frame, ac_handled)", f->name);
    else
        ac_gen(o, ", 0");
    ac_gen(o, ",\n%s__lines, %d};\n", f->name, nlines);
}

/* Storage classes of a definition or declaration, with a trailing blank. */
static void put_storage(ac_out *o, TSNode def)
{
    uint32_t n = ts_node_named_child_count(def);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(def, i);
        if (ac_ts_is(c, "storage_class_specifier")) {
            ac_copy(o, ts_node_start_byte(c), ts_node_end_byte(c));
            ac_buf_putc(o->b, ' ');
        }
    }
}

static TSNode function_declarator(TSNode def)
{
    TSNode d = ac_ts_field(def, "declarator");
    while (!ts_node_is_null(d) && !ac_ts_is(d, "function_declarator"))
        d = ac_ts_field(d, "declarator");
    return d;
}

void ac_emit_prototype(ac_out *o, const ac_lfunc *f, TSNode decl)
{
    TSNode fd = function_declarator(decl);
    put_storage(o, decl);
    ac_gen(o, "%s *", ac_handle_type(f->kind));
    ac_copy(o, ts_node_start_byte(fd), ts_node_end_byte(fd));
    ac_buf_putc(o->b, ';');
}

/* NAME__at(mem, params): a frame of NAME in caller-provided memory of
 * sizeof(NAME__frame) bytes (a `for … in` loop's, a task's), returned as
 * its handle; its owner ends it with ac__frame_end_local (asyncc.h). */
static void emit_at_constructor(ac_out *o, const ac_lfunc *f, TSNode fd)
{
    const char *h = ac_handle_type(f->kind);
    ac_gen(o, "\nstatic inline %s *%s__at(void *ac__mem", h, f->name);
    TSNode params = ac_ts_field(fd, "parameters");
    uint32_t n =
        ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (!ac_ts_is(p, "parameter_declaration") ||
            ts_node_is_null(ac_ts_field(p, "declarator")))
            continue; /* (void), or a comment */
        ac_gen(o, ", ");
        ac_copy(o, ts_node_start_byte(p), ts_node_end_byte(p));
    }
    /* a generator's inline with clang (asyncc.h: ac__gen_frame_init) */
    ac_gen(o,
           ")\n{\n%s__frame *ac__fr = (%s__frame *)%s(ac__mem, &%s__code);\n",
           f->name, f->name,
           f->kind == AC_FN_GEN ? "ac__gen_frame_init" : "ac__frame_init",
           f->name);
    for (int i = 0; i < f->nvars; i++)
        if (f->vars[i].is_param)
            ac_gen(o, "ac__fr->%s = %s;\n", f->vars[i].cname, f->vars[i].name);
    ac_gen(o, "return (%s *)ac__fr;\n}\n", h);
}

void ac_emit_constructor(ac_out *o, const ac_lfunc *f, TSNode def)
{
    TSNode fd = function_declarator(def);
    const char *h = ac_handle_type(f->kind);
    emit_at_constructor(o, f, fd);
    /* the signature is the source's; the body the translator's */
    o->attr = f->line;
    ac_gen(o, "\n");
    put_storage(o, def);
    ac_gen(o, "%s *", h);
    ac_copy(o, ts_node_start_byte(fd), ts_node_end_byte(fd));
    o->attr = 0;
    /* ac__fr: the parameters keep the user's names, whatever they are
     * (ac_fr too); ac__ is the runtime's own prefix */
    ac_gen(o,
           "\n{\n%s__frame *ac__fr = (%s__frame *)ac__frame_new(&%s__code);\n"
           "if (ac__fr == NULL)\n    return NULL;\n",
           f->name, f->name, f->name);
    /* used, for the compilers' -Wunused-function, where no loop is */
    ac_gen(o, "(void)%s__at;\n", f->name);
    for (int i = 0; i < f->nvars; i++)
        if (f->vars[i].is_param)
            ac_gen(o, "ac__fr->%s = %s;\n", f->vars[i].cname, f->vars[i].name);
    ac_gen(o, "return (%s *)ac__fr;\n}\n", h);
}

void ac_emit_drop(ac_out *o, const ac_lfunc *f)
{
    if (!ac_frame_has_handles(f))
        return;
    ac_gen(o,
           "\nstatic void %s__drop(ac_frame *ac_f)\n{\n"
           "%s__frame *ac_fr = (%s__frame *)ac_f;\n",
           f->name, f->name, f->name);
    bool awaits = false;
    for (int i = 0; i < f->nslots; i++) {
        if (!slot_is_own_field(f, i))
            awaits = true;
        else if (f->slots[i].is_handle)
            ac_gen(o, "ac_decref(ac_fr->%s);\n", f->slots[i].name);
    }
    for (int i = 0; awaits && i < f->nslots; i++) {
        if (!slot_is_own_field(f, i)) { /* the one in flight, if any */
            ac_gen(o, "ac_decref(ac_fr->%s);\n", ac_frame_slot_field(f, i));
            break;
        }
    }
    ac_gen(o, "}\n");
}
