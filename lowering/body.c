/* body.c - models a function body in one walk over its tree.
 *
 * Scopes: every compound statement and `for` opens one.  A local lives in
 * the frame when the scope declaring it contains a suspension point (then
 * its address, taken anywhere in that scope, stays valid across the
 * suspension); otherwise it stays a C local.  Frame fields get unique
 * names (x, x_1, ...) since sibling and nested scopes share one struct.
 * Every identifier naming a local is recorded (refs) so that codegen can
 * spell it without resolving names again. */
#include "lowering/body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "lowering/ts_util.h"

typedef struct binding {
    const char *name;
    int var;
} binding;

typedef struct label_use {
    char *name;
    uint32_t at;
    int part; /* the innermost try part (try/catch/finally block) */
} label_use;

typedef struct walker {
    const ac_unit *u;
    const ac_lunit *lu;
    ac_lfunc *f;
    ac_diag *d;
    bool resumable;
    binding *binds;
    int nbinds;
    int *scope_marks; /* nbinds at each scope's start */
    int nscopes;
    int *parts; /* try part ids */
    int nparts;
    int next_part;
    int *loops; /* first state id inside each enclosing loop, 0 if none */
    int nloops;
    label_use *labels, *gotos;
    int nlabels, ngotos;
    int errors;
    uint32_t last_error;
} walker;

#define GROW(arr, n)                                                           \
    ((arr) = ac_xrealloc((arr), (size_t)((n) + 1) * sizeof *(arr)))

static void walk(walker *w, TSNode n);

static void error_at(walker *w, uint32_t at, const char *fmt, const char *arg)
{
    if (w->errors && at == w->last_error)
        return; /* one error per place */
    w->last_error = at;
    ac_diag_error(w->d, w->u->src, at, fmt, arg);
    w->errors++;
}

/* ---- scopes ---------------------------------------------------------- */

static void scope_push(walker *w)
{
    GROW(w->scope_marks, w->nscopes);
    w->scope_marks[w->nscopes++] = w->nbinds;
}

static void scope_pop(walker *w)
{
    w->nbinds = w->scope_marks[--w->nscopes];
}

static int lookup(walker *w, const char *name, size_t len)
{
    for (int i = w->nbinds - 1; i >= 0; i--)
        if (strlen(w->binds[i].name) == len &&
            memcmp(w->binds[i].name, name, len) == 0)
            return w->binds[i].var;
    return -1;
}

static bool field_taken(const ac_lfunc *f, const char *name)
{
    for (int i = 0; i < f->nvars; i++)
        if (f->vars[i].in_frame && strcmp(f->vars[i].cname, name) == 0)
            return true;
    return false;
}

static char *unique_field(const ac_lfunc *f, const char *name)
{
    if (!field_taken(f, name))
        return ac_xstrndup(name, strlen(name));
    size_t cap = strlen(name) + 16;
    char *s = ac_xmalloc(cap);
    for (int k = 1;; k++) {
        snprintf(s, cap, "%s_%d", name, k);
        if (!field_taken(f, s))
            return s;
    }
}

static int add_var(walker *w, ac_lvar *v)
{
    ac_lfunc *f = w->f;
    v->cname = v->in_frame && !v->is_catch ? unique_field(f, v->name)
               : v->cname                  ? v->cname
                          : ac_xstrndup(v->name, strlen(v->name));
    v->scope = w->nscopes;
    GROW(f->vars, f->nvars);
    f->vars[f->nvars] = *v;
    GROW(w->binds, w->nbinds);
    w->binds[w->nbinds].name = f->vars[f->nvars].name;
    w->binds[w->nbinds++].var = f->nvars;
    return f->nvars++;
}

static int add_slot(walker *w, ac_slot_kind kind, const char *prefix,
                    const char *type, int line, bool handle)
{
    ac_lfunc *f = w->f;
    char name[48];
    snprintf(name, sizeof name, "ac_%s%d", prefix, f->nslots + 1);
    GROW(f->slots, f->nslots);
    f->slots[f->nslots] =
        (ac_lslot){kind, ac_xstrndup(name, strlen(name)),
                   ac_xstrndup(type, strlen(type)), line, handle};
    return f->nslots++;
}

/* ---- declarations ---------------------------------------------------- */

/* The specifiers of a declaration, without storage classes (and without
 * a top-level `const` when the object itself is assigned later). */
/* Whether child i of a declaration is one of its declarators: a
 * declarator-shaped node after the type (ts_node_field_name_for_child is
 * unreliable for repeated fields). */
static bool is_declarator_child(TSNode decl, uint32_t i)
{
    static const char *const kinds[] = {
        "init_declarator",  "identifier",          "pointer_declarator",
        "array_declarator", "function_declarator", "parenthesized_declarator"};
    TSNode type = ac_ts_field(decl, "type");
    TSNode c = ts_node_child(decl, i);
    if (ts_node_is_null(type) || ts_node_start_byte(c) < ts_node_end_byte(type))
        return false;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (ac_ts_is(c, kinds[k]))
            return true;
    return false;
}

static void put_specifiers(walker *w, ac_buf *b, TSNode decl, bool strip_const)
{
    uint32_t n = ts_node_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(decl, i);
        if (is_declarator_child(decl, i))
            break;
        if (!ts_node_is_named(c) || ac_ts_is(c, "storage_class_specifier"))
            continue;
        char *t = ac_ts_text(w->u, c);
        if (!(strip_const && ac_ts_is(c, "type_qualifier") &&
              strcmp(t, "const") == 0)) {
            if (b->len)
                ac_buf_putc(b, ' ');
            ac_buf_puts(b, t);
        }
        free(t);
    }
}

/* The declarator's text with its name replaced by `name` (or removed),
 * and `[]` sized by `count` when count > 0. */
static void put_declarator(walker *w, ac_buf *b, TSNode d, TSNode ident,
                           const char *name, int count)
{
    const char *text = w->u->src->text;
    uint32_t s = ts_node_start_byte(d), e = ts_node_end_byte(d);
    uint32_t is = ts_node_start_byte(ident), ie = ts_node_end_byte(ident);
    ac_buf tmp;
    ac_buf_init(&tmp);
    ac_buf_add(&tmp, text + s, is - s);
    ac_buf_puts(&tmp, name);
    ac_buf_add(&tmp, text + ie, e - ie);
    char *brackets = count > 0 ? strstr(tmp.data, "[]") : NULL;
    if (b->len && tmp.data[0] != '[' && !(name[0] == 0 && tmp.data[0] == '*'))
        ac_buf_putc(b, ' ');
    if (brackets) {
        ac_buf_add(b, tmp.data, (size_t)(brackets - tmp.data));
        ac_buf_printf(b, "[%d]", count);
        ac_buf_puts(b, brackets + 2);
    } else {
        ac_buf_puts(b, tmp.data);
    }
    ac_buf_free(&tmp);
}

static bool storage_static(walker *w, TSNode decl)
{
    uint32_t n = ts_node_named_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(decl, i);
        if (ac_ts_is(c, "storage_class_specifier")) {
            char *t = ac_ts_text(w->u, c);
            bool st = strcmp(t, "static") == 0 || strcmp(t, "extern") == 0;
            free(t);
            if (st)
                return true;
        }
    }
    return false;
}

/* An array size naming a local makes a VLA. */
static bool names_local(walker *w, TSNode n)
{
    if (ac_ts_is(n, "identifier")) {
        const char *t = w->u->src->text + ts_node_start_byte(n);
        return lookup(w, t, ts_node_end_byte(n) - ts_node_start_byte(n)) >= 0;
    }
    uint32_t c = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < c; i++)
        if (names_local(w, ts_node_named_child(n, i)))
            return true;
    return false;
}

static bool is_vla(walker *w, TSNode d)
{
    for (; !ts_node_is_null(d) && !ac_ts_is(d, "identifier");
         d = ac_ts_field(d, "declarator")) {
        if (ac_ts_is(d, "array_declarator")) {
            TSNode size = ac_ts_field(d, "size");
            if (!ts_node_is_null(size) && names_local(w, size))
                return true;
        }
        if (ac_ts_is(d, "parenthesized_declarator"))
            d = ts_node_named_child(d, 0);
    }
    return false;
}

static int init_count(TSNode value)
{
    if (!ac_ts_is(value, "initializer_list"))
        return 0;
    uint32_t n = ts_node_named_child_count(value), count = 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(value, i);
        if (ac_ts_is(c, "initializer_pair"))
            return 0;
        if (!ac_ts_is(c, "comment"))
            count++;
    }
    return (int)count;
}

/* The declarator nearest the name (parentheses aside) decides what the
 * object is: `void *a[3]` is an array, `int (*p)[3]` a pointer. */
static const char *object_kind(TSNode d)
{
    const char *kind = "identifier";
    while (!ts_node_is_null(d) && !ac_ts_is(d, "identifier")) {
        if (!ac_ts_is(d, "parenthesized_declarator"))
            kind = ts_node_type(d);
        TSNode next = ac_ts_field(d, "declarator");
        d = ts_node_is_null(next) && ts_node_named_child_count(d)
                ? ts_node_named_child(d, 0)
                : next;
    }
    return kind;
}

static void declare(walker *w, TSNode decl, TSNode d, TSNode value,
                    bool in_frame, bool is_param)
{
    TSNode ident = ac_ts_declarator_name(d);
    if (ts_node_is_null(ident))
        return;
    /* `int f(int);` inside a body declares a function, not a local */
    for (TSNode x = d; !ts_node_is_null(x) && !ac_ts_is(x, "identifier");
         x = ac_ts_field(x, "declarator"))
        if (ac_ts_is(x, "function_declarator"))
            return;
    ac_lvar v = {0};
    v.name = ac_ts_text(w->u, ident);
    v.at = ts_node_start_byte(ident);
    v.line = ac_line_of(w->u, v.at);
    v.is_param = is_param;
    v.in_frame = in_frame && w->resumable && !storage_static(w, decl);
    const char *kind = object_kind(d);
    v.is_array = strcmp(kind, "array_declarator") == 0;
    if (v.in_frame && is_vla(w, d))
        error_at(w, v.at,
                 "variable-length array '%s' cannot live in a resumable "
                 "function's frame",
                 v.name);
    char *dtext = ac_ts_text(w->u, d);
    bool unsized = strstr(dtext, "[]") != NULL;
    free(dtext);
    if (v.in_frame && v.is_array && unsized && init_count(value) == 0 &&
        !is_param) {
        error_at(w, v.at,
                 "array '%s' in a resumable function's frame needs a size",
                 v.name);
    }
    bool strip = strcmp(kind, "pointer_declarator") != 0;
    int count = v.is_array ? init_count(value) : 0;
    ac_buf b;
    ac_buf_init(&b);
    put_specifiers(w, &b, decl, strip && !is_param);
    ac_buf tn;
    ac_buf_init(&tn);
    ac_buf_puts(&tn, b.data ? b.data : "");
    int vi = add_var(w, &v);
    if (is_param && v.is_array) {
        /* a parameter array is a pointer */
        ac_buf_printf(&b, " *%s", w->f->vars[vi].cname);
    } else {
        put_declarator(w, &b, d, ident, w->f->vars[vi].cname, count);
    }
    put_declarator(w, &tn, d, ident, "", count);
    while (tn.len && tn.data[tn.len - 1] == ' ')
        tn.data[--tn.len] = 0;
    w->f->vars[vi].decl = ac_buf_steal(&b);
    w->f->vars[vi].type_name = ac_buf_steal(&tn);
}

static bool scope_suspends(walker *w, TSNode scope)
{
    return w->resumable && ac_has_suspension(w->u, ts_node_start_byte(scope),
                                             ts_node_end_byte(scope));
}

static void on_declaration(walker *w, TSNode decl, TSNode scope)
{
    bool in_frame = scope_suspends(w, scope);
    uint32_t n = ts_node_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(decl, i);
        if (!is_declarator_child(decl, i)) {
            if (ts_node_is_named(c) && !ac_ts_is(c, "storage_class_specifier"))
                walk(w, c); /* a struct body or typeof may name locals */
            continue;
        }
        if (ac_ts_is(c, "init_declarator")) {
            TSNode d = ac_ts_field(c, "declarator");
            TSNode value = ac_ts_field(c, "value");
            declare(w, decl, d, value, in_frame, false);
            walk(w, value);
        } else {
            declare(w, decl, c, (TSNode){0}, in_frame, false);
        }
    }
}

static void declare_params(walker *w, TSNode fd)
{
    TSNode params = ac_ts_field(fd, "parameters");
    uint32_t n = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (!ac_ts_is(p, "parameter_declaration"))
            continue;
        TSNode d = ac_ts_field(p, "declarator");
        if (!ts_node_is_null(d))
            declare(w, p, d, (TSNode){0}, true, true);
    }
}

/* ---- suspension points -------------------------------------------- */

static ac_form form_of(TSNode node)
{
    TSNode parent = ts_node_parent(node);
    if (ac_ts_is(parent, "expression_statement"))
        return AC_FORM_STMT;
    if (ac_ts_is(parent, "assignment_expression") &&
        ac_ts_is(ts_node_parent(parent), "expression_statement") &&
        ts_node_eq(ac_ts_field(parent, "right"), node))
        return AC_FORM_ASSIGN;
    if (ac_ts_is(parent, "init_declarator"))
        return AC_FORM_INIT;
    if (ac_ts_is(parent, "return_statement"))
        return AC_FORM_RETURN;
    return AC_FORM_EXPR;
}

/* ---- preprocessor conditionals around a state ---------------------- */

static void put_cond(walker *w, ac_buf *b, TSNode branch)
{
    if (ac_ts_is(branch, "preproc_ifdef")) {
        char *first = ac_ts_text(w->u, ts_node_child(branch, 0));
        char *name = ac_ts_text(w->u, ac_ts_field(branch, "name"));
        ac_buf_printf(b, "%sdefined(%s)", strstr(first, "ifndef") ? "!" : "",
                      name);
        free(first);
        free(name);
    } else {
        char *c = ac_ts_text(w->u, ac_ts_field(branch, "condition"));
        ac_buf_printf(b, "(%s)", c);
        free(c);
    }
}

/* The conditions of the branches before `branch` in its chain, negated. */
static void put_not_before(walker *w, ac_buf *b, TSNode branch)
{
    TSNode prev = ts_node_parent(branch);
    ac_buf_puts(b, "!");
    put_cond(w, b, prev);
    if (ac_ts_is(prev, "preproc_elif")) {
        ac_buf_puts(b, " && ");
        put_not_before(w, b, prev);
    }
}

static char *preproc_guard(walker *w, uint32_t at)
{
    TSNode n = ts_node_descendant_for_byte_range(w->u->root, at, at);
    ac_buf b;
    ac_buf_init(&b);
    for (TSNode prev = n, p = ts_node_parent(n); !ts_node_is_null(p);
         prev = p, p = ts_node_parent(p)) {
        const char *t = ts_node_type(p);
        if (strncmp(t, "preproc_if", 10) != 0 &&
            strcmp(t, "preproc_elif") != 0 && strcmp(t, "preproc_else") != 0)
            continue;
        if (ts_node_eq(prev, ac_ts_field(p, "alternative")))
            continue;
        if (b.len)
            ac_buf_puts(&b, " && ");
        if (strcmp(t, "preproc_else") == 0) {
            put_not_before(w, &b, p);
        } else if (strcmp(t, "preproc_elif") == 0) {
            put_not_before(w, &b, p);
            ac_buf_puts(&b, " && ");
            put_cond(w, &b, p);
        } else {
            put_cond(w, &b, p);
        }
    }
    return b.len ? ac_buf_steal(&b) : NULL;
}

static int add_state(walker *w, ac_susp what, ac_form form, uint32_t at)
{
    ac_lfunc *f = w->f;
    GROW(f->states, f->nstates);
    ac_lstate *s = &f->states[f->nstates];
    memset(s, 0, sizeof *s);
    s->id = f->nstates + 1;
    s->what = what;
    s->form = form;
    s->temp_slot = -1;
    s->at = at;
    s->guard = preproc_guard(w, at);
    s->line = ac_line_of(w->u, at);
    s->col = ac_col_of(w->u, at);
    s->loop_depth = w->nloops;
    for (int i = 0; i < w->nloops; i++)
        if (w->loops[i] == 0)
            w->loops[i] = s->id;
    s->loop_first = w->nloops ? w->loops[w->nloops - 1] : 0;
    return f->nstates++;
}

/* The result type of awaiting `operand` when the translator knows it:
 * a resumable function seen in this unit or an included .ah, or a runtime
 * awaitable with a fixed result.  "void" when it has none; NULL when the
 * awaitable is generic (a task, a future, ac_anext, ...). */
static char *await_type(walker *w, TSNode operand)
{
    static const char *const fixed[][2] = {
        {"ac_sleep", "void"},
        {"ac_open_connection", "ac_stream *"},
        {"ac_stream_read", "ssize_t"},
        {"ac_stream_readline", "ssize_t"},
        {"ac_stream_readexactly", "void"},
        {"ac_stream_drain", "void"},
        {"ac_stream_wait_closed", "void"},
        {"ac_start_server", "ac_server *"},
        {"ac_server_serve_forever", "void"},
        {"ac_run_in_executor", "void *"},
        {"ac_wait_readable", "void"},
        {"ac_wait_writable", "void"},
        {"ac_gather", "void"},
    };
    while (ac_ts_is(operand, "parenthesized_expression"))
        operand = ts_node_named_child(operand, 0);
    if (!ac_ts_is(operand, "call_expression"))
        return NULL;
    TSNode fn = ac_ts_field(operand, "function");
    if (!ac_ts_is(fn, "identifier"))
        return NULL;
    const char *name = w->u->src->text + ts_node_start_byte(fn);
    size_t len = ts_node_end_byte(fn) - ts_node_start_byte(fn);
    if (lookup(w, name, len) >= 0)
        return NULL;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (strlen(fixed[i][0]) == len && memcmp(fixed[i][0], name, len) == 0)
            return ac_xstrndup(fixed[i][1], strlen(fixed[i][1]));
    const ac_lfunc *g = ac_lunit_find(w->lu, name, len);
    if (!g || g->kind == AC_FN_PLAIN)
        return NULL;
    const char *t = g->result_type ? g->result_type : "void";
    return ac_xstrndup(t, strlen(t));
}

static bool is_plain_assign(TSNode extent)
{
    TSNode a = ts_node_parent(extent);
    TSNode op = ac_ts_field(a, "operator");
    return ts_node_end_byte(op) - ts_node_start_byte(op) == 1;
}

static void on_suspension(walker *w, TSNode n, const ac_kw *kw)
{
    ac_susp what = kw->kind == AC_KW_YIELD        ? AC_SUSP_YIELD
                   : kw->kind == AC_KW_YIELD_FROM ? AC_SUSP_YIELD_FROM
                                                  : AC_SUSP_AWAIT;
    TSNode extent = what == AC_SUSP_AWAIT ? n : ac_ts_yield_extent(n);
    ac_form form = form_of(extent);
    TSNode operand = ac_ts_kw_operand(n, kw);
    int line = ac_line_of(w->u, kw->start);
    /* operands first: an await inside the operand is hoisted before this */
    if (!(kw->flags & AC_KWF_BARE) && !ts_node_is_null(operand))
        walk(w, operand);
    int si = add_state(w, what, form, kw->start);
    ac_lstate *s = &w->f->states[si];
    s->slot = -1;
    if (what == AC_SUSP_YIELD) {
        if (form != AC_FORM_STMT && w->f->send_type == NULL)
            error_at(w, kw->start, "%s",
                     "the value of 'yield' needs a send type: declare "
                     "generator(Y, S)");
        else if (form == AC_FORM_EXPR)
            s->temp_slot =
                add_slot(w, AC_SLOT_TEMP, "t", w->f->send_type, line, false);
        return;
    }
    s->type = await_type(w, operand);
    if (what == AC_SUSP_YIELD_FROM) {
        s->slot = add_slot(w, AC_SLOT_SUB, "sub", "ac_gen *", line, true);
        bool known = s->type && strcmp(s->type, "void") != 0;
        bool needs_type = form == AC_FORM_EXPR ||
                          (form == AC_FORM_ASSIGN && !is_plain_assign(extent));
        if (needs_type && !known)
            error_at(w, kw->start, "%s",
                     "cannot infer the type of 'yield from': assign it to a "
                     "typed variable");
        else if (form == AC_FORM_EXPR)
            s->temp_slot = add_slot(w, AC_SLOT_TEMP, "t", s->type, line, false);
        return;
    }
    s->slot = add_slot(w, AC_SLOT_AWAIT, "aw", "void *", line, true);
    bool generic = s->type == NULL;
    bool is_void = s->type && strcmp(s->type, "void") == 0;
    bool needs_type = form == AC_FORM_EXPR ||
                      (form == AC_FORM_ASSIGN && !is_plain_assign(extent));
    if (needs_type && generic)
        error_at(w, kw->start, "%s",
                 "cannot infer the type of 'await': assign it to a typed "
                 "variable");
    else if (is_void && form != AC_FORM_STMT)
        error_at(w, kw->start, "%s",
                 "'await' of an awaitable with no result used as a value");
    else if (form == AC_FORM_EXPR)
        s->temp_slot = add_slot(w, AC_SLOT_TEMP, "t", s->type, line, false);
}

/* `a && await f()`, `a || await f()`: the right side runs only when the
 * left allows it, so the whole operator is hoisted into an int slot;
 * `(a, await f())`: a runs as a statement first. */
static void on_sequencing(walker *w, TSNode n)
{
    TSNode right = ac_ts_field(n, "right");
    if (ts_node_is_null(right))
        return;
    bool awaits = false;
    uint32_t at = ts_node_start_byte(right), end = ts_node_end_byte(right);
    for (const ac_kw *kw; (kw = ac_kw_first_in(w->u, at, end)); at = kw->end)
        awaits |= kw->kind == AC_KW_AWAIT;
    if (!awaits)
        return;
    ac_lfunc *f = w->f;
    int slot = -1;
    if (ac_ts_is(n, "binary_expression")) {
        TSNode op = ac_ts_field(n, "operator");
        char *t = ac_ts_text(w->u, op);
        bool logic = strcmp(t, "&&") == 0 || strcmp(t, "||") == 0;
        free(t);
        if (!logic)
            return;
        slot = add_slot(w, AC_SLOT_TEMP, "t", "int",
                        ac_line_of(w->u, ts_node_start_byte(n)), false);
    }
    GROW(f->hoists, f->nhoists);
    f->hoists[f->nhoists++] =
        (ac_lhoist){ts_node_start_byte(n), ts_node_end_byte(n), slot};
}

static void on_conditional(walker *w, TSNode n)
{
    uint32_t at = ts_node_end_byte(ac_ts_field(n, "condition")),
             end = ts_node_end_byte(n);
    for (const ac_kw *kw; (kw = ac_kw_first_in(w->u, at, end)); at = kw->end)
        if (kw->kind == AC_KW_AWAIT)
            error_at(w, kw->start, "%s",
                     "'await' in a branch of '?:' is not supported: use an "
                     "if statement");
}

/* ---- for-in ---------------------------------------------------------- */

/* The keyword ending just before `at` (blanks between), or NULL. */
static const ac_kw *kw_before(const ac_unit *u, uint32_t at)
{
    const char *t = u->src->text;
    while (at > 0 && (t[at - 1] == ' ' || t[at - 1] == '\t' ||
                      t[at - 1] == '\n' || t[at - 1] == '\r'))
        at--;
    for (size_t i = 0; i < u->pp.nkws; i++)
        if (u->pp.kws[i].end == at)
            return &u->pp.kws[i];
    return NULL;
}

static const ac_kw *forin_kw(const ac_unit *u, TSNode loop)
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
    if (lookup(w, t, len) >= 0)
        return -1;
    for (int i = 0; i < w->lu->nfuncs; i++) {
        const ac_lfunc *g = &w->lu->funcs[i];
        if (g->kind == AC_FN_GEN && g->has_body && g->start < w->f->start &&
            strlen(g->name) == len && memcmp(g->name, t, len) == 0)
            return i;
    }
    return -1;
}

static void on_forin(walker *w, TSNode loop, const ac_kw *in)
{
    ac_lfunc *f = w->f;
    TSNode init = ac_ts_field(loop, "initializer");
    TSNode e = ac_ts_field(loop, "update");
    TSNode body = ac_ts_field(loop, "body");
    const ac_kw *async = kw_before(w->u, ts_node_start_byte(loop));
    ac_lforin fi = {0};
    fi.at = ts_node_start_byte(loop);
    fi.id = f->nforins + 1;
    fi.is_async = async && async->kind == AC_KW_ASYNC_FOR;
    fi.borrowed = ac_ts_is(e, "identifier") || ac_ts_is(e, "field_expression");
    fi.inline_fn = fi.is_async ? -1 : generator_index(w, e);
    fi.var = -1;
    fi.iter_slot = -1;
    fi.state = 0;
    (void)in;
    walk(w, e);
    int line = ac_line_of(w->u, fi.at);
    if (w->resumable)
        fi.iter_slot =
            add_slot(w, AC_SLOT_ITER, "it",
                     fi.is_async ? "ac_agen *" : "ac_gen *", line, true);
    if (fi.is_async) {
        int aw = add_slot(w, AC_SLOT_AWAIT, "aw", "void *", line, true);
        int si = add_state(w, AC_SUSP_ASYNC_FOR, AC_FORM_LOOP, async->start);
        f->states[si].slot = aw;
        fi.state = si + 1;
    }
    scope_push(w);
    if (ac_ts_is(init, "declaration")) {
        TSNode d = ac_ts_field(init, "declarator");
        declare(w, init, d, (TSNode){0}, scope_suspends(w, loop), false);
        fi.var = f->nvars - 1;
    } else if (!ts_node_is_null(init)) {
        walk(w, init);
    }
    GROW(w->loops, w->nloops);
    w->loops[w->nloops++] = fi.state;
    int idx = f->nforins;
    GROW(f->forins, f->nforins);
    f->forins[f->nforins++] = fi;
    (void)idx;
    walk(w, body);
    w->nloops--;
    scope_pop(w);
}

/* ---- async with ------------------------------------------------------ */

static void on_async_with(walker *w, TSNode n, const ac_kw *kw)
{
    ac_lfunc *f = w->f;
    int line = ac_line_of(w->u, kw->start);
    ac_lwith aw = {0};
    aw.id = f->nwiths + 1;
    aw.at = kw->start;
    aw.var = -1;
    walk(w, ac_ts_field(n, "condition"));
    aw.acm_slot = add_slot(w, AC_SLOT_ACM, "acm", "void *", line, false);
    aw.aw_slot = add_slot(w, AC_SLOT_AWAIT, "aw", "void *", line, true);
    aw.pend_slot = add_slot(w, AC_SLOT_PENDING, "pend", "ac_exc *", line, true);
    aw.why_slot = add_slot(w, AC_SLOT_WHY, "why", "int", line, false);
    aw.sup_slot = add_slot(w, AC_SLOT_TEMP, "sup", "bool", line, false);
    int si = add_state(w, AC_SUSP_AENTER, AC_FORM_LOOP, kw->start);
    f->states[si].slot = aw.aw_slot;
    aw.enter_state = si + 1;
    scope_push(w);
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
        int vi = add_var(w, &v);
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
    walk(w, ac_ts_field(n, "consequence"));
    scope_pop(w);
    si = add_state(w, AC_SUSP_AEXIT, AC_FORM_LOOP, kw->start);
    f->states[si].slot = f->withs[idx].aw_slot;
    f->withs[idx].exit_state = si + 1;
}

/* ---- try ------------------------------------------------------------- */

static void part_push(walker *w)
{
    GROW(w->parts, w->nparts);
    w->parts[w->nparts++] = ++w->next_part;
}

/* children[i] is a try block; the catch/finally blocks follow it.
 * Returns the number of siblings consumed. */
static int on_try(walker *w, TSNode parent, uint32_t i, const ac_kw *try_kw)
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
    walk(w, block);
    w->nparts--;
    uint32_t n = ts_node_named_child_count(parent), j = i + 1;
    for (; j < n; j++) {
        TSNode c = ts_node_named_child(parent, j);
        if (!ac_ts_is(c, "compound_statement"))
            break;
        const ac_kw *kw = kw_before(w->u, ts_node_start_byte(c));
        if (!kw || (kw->kind != AC_KW_CATCH && kw->kind != AC_KW_FINALLY))
            break;
        t.end_line = ac_line_of(w->u, ts_node_end_byte(c));
        part_push(w);
        if (kw->kind == AC_KW_FINALLY) {
            t.has_finally = true;
            t.finally_body = ts_node_start_byte(c);
            t.pend_slot =
                add_slot(w, AC_SLOT_PENDING, "pend", "ac_exc *", t.line, true);
            t.why_slot = add_slot(w, AC_SLOT_WHY, "why", "int", t.line, false);
            walk(w, c);
            w->nparts--;
            j++;
            break;
        }
        if (t.ncatch == 16) {
            error_at(w, kw->start, "%s", "too many catch clauses (16 at most)");
            w->nparts--;
            continue;
        }
        if (t.exc_slot < 0)
            t.exc_slot =
                add_slot(w, AC_SLOT_EXC, "exc", "ac_exc *", t.line, true);
        t.catch_body[t.ncatch] = ts_node_start_byte(c);
        t.catch_kw[t.ncatch] = kw;
        t.catch_var[t.ncatch] = -1;
        scope_push(w);
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
            t.catch_var[t.ncatch] = add_var(w, &v);
        }
        t.ncatch++;
        walk(w, c);
        scope_pop(w);
        w->nparts--;
    }
    if (t.end_line == 0)
        t.end_line = ac_line_of(w->u, ts_node_end_byte(block));
    if (t.ncatch == 0 && !t.has_finally &&
        !ac_ts_is(parent, "compound_statement"))
        error_at(w, t.at, "%s",
                 "'try' as the body of another statement needs braces around "
                 "it");
    else if (t.ncatch == 0 && !t.has_finally)
        error_at(w, t.at, "%s", "'try' without 'catch' or 'finally'");
    t.nsiblings = (int)(j - i - 1);
    f->tries[idx] = t;
    return t.nsiblings;
}

/* ---- statements and expressions ------------------------------------ */

static void on_identifier(walker *w, TSNode n)
{
    const char *t = w->u->src->text + ts_node_start_byte(n);
    int v = lookup(w, t, ts_node_end_byte(n) - ts_node_start_byte(n));
    if (v < 0)
        return;
    ac_lfunc *f = w->f;
    GROW(f->refs, f->nrefs);
    f->refs[f->nrefs++] = (ac_lref){ts_node_start_byte(n), v};
}

static void on_label(walker *w, TSNode n, bool is_goto)
{
    TSNode label = ac_ts_field(n, "label");
    if (is_goto && !ac_ts_is(label, "statement_identifier")) {
        error_at(w, ts_node_start_byte(n), "%s",
                 "computed goto cannot be used in a resumable function");
        return;
    }
    if (ts_node_is_null(label))
        return;
    label_use lu = {ac_ts_text(w->u, label), ts_node_start_byte(n),
                    w->nparts ? w->parts[w->nparts - 1] : 0};
    if (is_goto) {
        GROW(w->gotos, w->ngotos);
        w->gotos[w->ngotos++] = lu;
    } else {
        GROW(w->labels, w->nlabels);
        w->labels[w->nlabels++] = lu;
    }
}

/* `&&label` (GNU): a computed goto into a lowered body would bypass the
 * dispatch. */
static void check_label_address(walker *w, TSNode n)
{
    const char *t = w->u->src->text + ts_node_start_byte(n);
    /* tree-sitter reads `&&x` as `&(&x)`; `& &x` is no C either */
    TSNode arg = ac_ts_field(n, "argument");
    bool inner_amp = ac_ts_is(arg, "pointer_expression") &&
                     w->u->src->text[ts_node_start_byte(arg)] == '&';
    if (t[0] == '&' && (t[1] == '&' || inner_amp))
        error_at(w, ts_node_start_byte(n), "%s",
                 "label addresses ('&&label') cannot be used in a resumable "
                 "function");
}

static void check_gotos(walker *w)
{
    for (int i = 0; i < w->ngotos; i++)
        for (int j = 0; j < w->nlabels; j++)
            if (strcmp(w->gotos[i].name, w->labels[j].name) == 0 &&
                w->gotos[i].part != w->labels[j].part)
                error_at(w, w->gotos[i].at,
                         "'goto %s' jumps across a try boundary",
                         w->gotos[i].name);
}

static void check_call(walker *w, TSNode call)
{
    static const char *const jumps[] = {"setjmp",  "_setjmp",  "sigsetjmp",
                                        "longjmp", "_longjmp", "siglongjmp"};
    TSNode fn = ac_ts_field(call, "function");
    if (!w->resumable || !ac_ts_is(fn, "identifier"))
        return;
    char *name = ac_ts_text(w->u, fn);
    for (size_t i = 0; i < sizeof jumps / sizeof *jumps; i++)
        if (strcmp(name, jumps[i]) == 0)
            error_at(w, ts_node_start_byte(fn),
                     "'%s' cannot be used in a resumable function", name);
    free(name);
}

/* The pre-pass reports `return` with a value in async generators and in
 * generators whose R is void; a coroutine returning void is checked here. */
static void check_return(walker *w, TSNode ret)
{
    if (ts_node_named_child_count(ret) == 0)
        return;
    TSNode e = ts_node_named_child(ret, 0);
    if (ac_ts_is(e, "comment"))
        return;
    if (w->f->kind == AC_FN_CORO && w->f->result_type == NULL)
        error_at(w, ts_node_start_byte(ret), "%s",
                 "'return' with a value in an async function returning void");
}

static bool is_loop(TSNode n)
{
    return ac_ts_is(n, "for_statement") || ac_ts_is(n, "while_statement") ||
           ac_ts_is(n, "do_statement");
}

static void walk_children(walker *w, TSNode n)
{
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (ac_ts_is(c, "compound_statement")) {
            const ac_kw *kw = kw_before(w->u, ts_node_start_byte(c));
            if (kw && kw->kind == AC_KW_TRY) {
                i += (uint32_t)on_try(w, n, i, kw);
                continue;
            }
        }
        if (ac_ts_is(c, "declaration"))
            on_declaration(w, c, n);
        else
            walk(w, c);
    }
}

static void walk(walker *w, TSNode n)
{
    if (ts_node_is_null(n))
        return;
    const char *type = ts_node_type(n);
    const ac_kw *kw = ac_kw_at(w->u, ts_node_start_byte(n));
    if (kw && strcmp(type, "unary_expression") == 0 &&
        (kw->kind == AC_KW_YIELD || kw->kind == AC_KW_YIELD_FROM ||
         kw->kind == AC_KW_AWAIT)) {
        on_suspension(w, n, kw);
        return;
    }
    if (kw && kw->kind == AC_KW_YIELD && (kw->flags & AC_KWF_BARE) &&
        strcmp(type, "identifier") == 0) {
        add_state(w, AC_SUSP_YIELD, AC_FORM_STMT, kw->start);
        return;
    }
    if (strcmp(type, "identifier") == 0) {
        on_identifier(w, n);
        return;
    }
    if (kw && kw->kind == AC_KW_ASYNC_WITH &&
        strcmp(type, "if_statement") == 0) {
        on_async_with(w, n, kw);
        return;
    }
    if (strcmp(type, "for_statement") == 0) {
        const ac_kw *in = forin_kw(w->u, n);
        if (in) {
            on_forin(w, n, in);
            return;
        }
    }
    if (strcmp(type, "goto_statement") == 0 && w->resumable)
        on_label(w, n, true);
    else if (strcmp(type, "labeled_statement") == 0 && w->resumable)
        on_label(w, n, false);
    else if (strcmp(type, "call_expression") == 0)
        check_call(w, n);
    else if (strcmp(type, "pointer_expression") == 0 && w->resumable)
        check_label_address(w, n);
    else if (strcmp(type, "return_statement") == 0 && w->resumable)
        check_return(w, n);
    else if (strcmp(type, "binary_expression") == 0 ||
             strcmp(type, "comma_expression") == 0)
        on_sequencing(w, n);
    else if (strcmp(type, "conditional_expression") == 0)
        on_conditional(w, n);
    else if (strcmp(type, "field_expression") == 0) {
        walk(w, ac_ts_field(n, "argument"));
        return;
    }
    bool scope = strcmp(type, "compound_statement") == 0 ||
                 strcmp(type, "for_statement") == 0;
    bool loop = is_loop(n);
    if (scope)
        scope_push(w);
    if (loop) {
        GROW(w->loops, w->nloops);
        w->loops[w->nloops++] = 0;
    }
    if (strcmp(type, "for_statement") == 0) {
        TSNode init = ac_ts_field(n, "initializer");
        if (ac_ts_is(init, "declaration"))
            on_declaration(w, init, n);
        else
            walk(w, init);
        walk(w, ac_ts_field(n, "condition"));
        walk(w, ac_ts_field(n, "update"));
        walk(w, ac_ts_field(n, "body"));
    } else {
        walk_children(w, n);
    }
    if (loop)
        w->nloops--;
    if (scope)
        scope_pop(w);
}

static int ref_cmp(const void *a, const void *b)
{
    uint32_t x = ((const ac_lref *)a)->at, y = ((const ac_lref *)b)->at;
    return x < y ? -1 : x > y;
}

int ac_lower_body(const ac_unit *u, const ac_lunit *lu, ac_lfunc *f,
                  TSNode body, ac_diag *d)
{
    walker w = {0};
    w.u = u;
    w.lu = lu;
    w.f = f;
    w.d = d;
    w.resumable = f->kind != AC_FN_PLAIN;
    TSNode fd = ac_ts_node_starting(ts_node_parent(body), f->decl_at);
    while (!ts_node_is_null(fd) && !ac_ts_is(fd, "function_declarator"))
        fd = ts_node_named_child(fd, 0);
    scope_push(&w);
    if (!ts_node_is_null(fd))
        declare_params(&w, fd);
    walk(&w, body);
    scope_pop(&w);
    check_gotos(&w);
    if (f->nrefs > 1)
        qsort(f->refs, (size_t)f->nrefs, sizeof *f->refs, ref_cmp);
    for (int i = 0; i < w.nlabels; i++)
        free(w.labels[i].name);
    for (int i = 0; i < w.ngotos; i++)
        free(w.gotos[i].name);
    free(w.labels);
    free(w.gotos);
    free(w.binds);
    free(w.scope_marks);
    free(w.parts);
    free(w.loops);
    return w.errors ? -1 : 0;
}
