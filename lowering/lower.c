/* lower.c - the unit's model: finds the resumable functions (definitions
 * and prototypes) and the plain functions holding `for ... in` loops,
 * reads their signatures, and has body.c model each body. */
#include "lowering/lower.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "lowering/body.h"
#include "lowering/flow.h"
#include "lowering/ts_util.h"

static char *span_dup(const ac_unit *u, ac_span s)
{
    /* trim blanks around a generator(...) argument */
    const char *t = u->src->text;
    while (s.start < s.end && (t[s.start] == ' ' || t[s.start] == '\t'))
        s.start++;
    while (s.end > s.start && (t[s.end - 1] == ' ' || t[s.end - 1] == '\t'))
        s.end--;
    return ac_xstrndup(t + s.start, s.end - s.start);
}

/* Drops the `const` that qualifies the value itself ("const int" ->
 * "int", "char *const" -> "char *"; "const char *" stays): the frame
 * holds Y, S and R in fields the resume function assigns. */
static char *strip_top_const(char *type)
{
    char *star = strrchr(type, '*');
    char *from = star ? star : type;
    for (char *p; (p = strstr(from, "const")) != NULL;) {
        bool word_start = p == type || !(p[-1] == '_' || isalnum((unsigned char)p[-1]));
        bool word_end = !(p[5] == '_' || isalnum((unsigned char)p[5]));
        if (!word_start || !word_end) {
            from = p + 5;
            continue;
        }
        memmove(p, p + 5, strlen(p + 5) + 1);
        from = p;
    }
    /* blanks the removal left at either end or doubled */
    char *out = type;
    for (char *p = type; *p; p++)
        if (!(*p == ' ' && (out == type || out[-1] == ' ')))
            *out++ = *p;
    while (out > type && out[-1] == ' ')
        out--;
    *out = 0;
    return type;
}

static char *type_arg(const ac_unit *u, const ac_kw *kw, int i)
{
    if (kw == NULL || i >= kw->nargs)
        return NULL;
    char *s = strip_top_const(span_dup(u, kw->args[i]));
    if (strcmp(s, "void") == 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* The function_declarator below a declarator, counting pointer levels. */
static TSNode function_declarator(TSNode d, int *stars)
{
    *stars = 0;
    while (!ts_node_is_null(d) && !ac_ts_is(d, "function_declarator")) {
        if (ac_ts_is(d, "pointer_declarator"))
            (*stars)++;
        else if (!ac_ts_is(d, "parenthesized_declarator"))
            return (TSNode){0};
        d = ac_ts_field(d, "declarator");
    }
    return d;
}

static char *return_type(const ac_unit *u, TSNode def, int stars)
{
    ac_buf b;
    ac_buf_init(&b);
    /* every specifier except storage classes and the masked `async` */
    uint32_t n = ts_node_child_count(def);
    TSNode decl = ac_ts_field(def, "declarator");
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(def, i);
        if (ts_node_start_byte(c) >= ts_node_start_byte(decl))
            break;
        if (ac_ts_is(c, "storage_class_specifier") ||
            ac_ts_is(c, "attribute_specifier"))
            continue;
        const ac_kw *kw = ac_kw_at(u, ts_node_start_byte(c));
        if (kw && kw->kind == AC_KW_ASYNC)
            continue;
        char *t = ac_ts_text(u, c);
        if (b.len)
            ac_buf_putc(&b, ' ');
        ac_buf_puts(&b, t);
        free(t);
    }
    for (int i = 0; i < stars; i++)
        ac_buf_puts(&b, i == 0 ? " *" : "*");
    if (b.len == 0)
        ac_buf_puts(&b, "int");
    return ac_buf_steal(&b);
}

static bool has_storage(const ac_unit *u, TSNode def, const char *word)
{
    uint32_t n = ts_node_named_child_count(def);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(def, i);
        if (!ac_ts_is(c, "storage_class_specifier"))
            continue;
        char *t = ac_ts_text(u, c);
        bool yes = strcmp(t, word) == 0;
        free(t);
        if (yes)
            return true;
    }
    return false;
}

/* Reads kind, name, Y/S/R from a definition or prototype.  Returns false
 * when it is not a resumable function (nor a plain function definition
 * when plain_ok). */
static bool read_signature(const ac_unit *u, TSNode def, ac_lfunc *f)
{
    TSNode decl = ac_ts_field(def, "declarator");
    if (ac_ts_is(decl, "init_declarator"))
        return false;
    int stars;
    TSNode fd = function_declarator(decl, &stars);
    if (ts_node_is_null(fd))
        return false;
    TSNode name = ac_ts_field(fd, "declarator");
    if (!ac_ts_is(name, "identifier"))
        return false;
    const ac_kw *async_kw = NULL, *gen_kw = NULL;
    for (uint32_t at = ts_node_start_byte(def);
         at < ts_node_start_byte(decl);) {
        const ac_kw *kw = ac_kw_first_in(u, at, ts_node_start_byte(decl));
        if (!kw)
            break;
        if (kw->kind == AC_KW_ASYNC)
            async_kw = kw;
        else if (kw->kind == AC_KW_GENERATOR)
            gen_kw = kw;
        at = kw->end;
    }
    memset(f, 0, sizeof *f);
    if (gen_kw)
        f->kind = async_kw ? AC_FN_AGEN : AC_FN_GEN;
    else if (async_kw)
        f->kind = AC_FN_CORO;
    else
        f->kind = AC_FN_PLAIN;
    f->name = ac_ts_text(u, name);
    f->start = ts_node_start_byte(def);
    f->end = ts_node_end_byte(def);
    f->decl_at = ts_node_start_byte(fd);
    f->line = ac_line_of(u, f->start);
    f->col = ac_col_of(u, f->start);
    f->is_static = has_storage(u, def, "static");
    if (gen_kw) {
        f->yield_type = type_arg(u, gen_kw, 0);
        if (!f->yield_type)
            f->yield_type = ac_xstrndup("int", 3); /* generator(void) */
        f->send_type = type_arg(u, gen_kw, 1);
        f->result_type = f->kind == AC_FN_GEN ? type_arg(u, gen_kw, 2) : NULL;
    } else {
        char *rt = return_type(u, def, stars);
        if (f->kind == AC_FN_CORO)
            strip_top_const(rt);
        if (f->kind == AC_FN_CORO && strcmp(rt, "void") != 0)
            f->result_type = rt;
        else if (f->kind == AC_FN_PLAIN)
            f->plain_return_type = rt;
        else
            free(rt);
    }
    TSNode body = ac_ts_field(def, "body");
    f->has_body = !ts_node_is_null(body);
    if (f->has_body)
        f->body_at = ts_node_start_byte(body);
    return true;
}

static void lfunc_free(ac_lfunc *f)
{
    for (int i = 0; i < f->nvars; i++) {
        free(f->vars[i].name);
        free(f->vars[i].cname);
        free(f->vars[i].decl);
        free(f->vars[i].type_name);
        free(f->vars[i].tmp_decl);
        free(f->vars[i].ptr_type);
    }
    for (int i = 0; i < f->ntypes; i++)
        free(f->types[i].text);
    for (int i = 0; i < f->nrenames; i++)
        free(f->renames[i].to);
    free(f->types);
    free(f->renames);
    for (int i = 0; i < f->nslots; i++) {
        free(f->slots[i].name);
        free(f->slots[i].type);
    }
    for (int i = 0; i < f->nstates; i++) {
        free(f->states[i].guard);
        free(f->states[i].type);
    }
    free(f->hoists);
    free(f->withs);
    free(f->edges);
    free(f->vars);
    free(f->refs);
    free(f->states);
    free(f->state_order);
    free(f->vars_by_at.index);
    free(f->tries_by_at.index);
    free(f->forins_by_at.index);
    free(f->hoists_by_at.index);
    free(f->withs_by_at.index);
    free(f->slots);
    for (int i = 0; i < f->ntries; i++) {
        free(f->tries[i].catch_body);
        free(f->tries[i].catch_kw);
        free(f->tries[i].catch_var);
    }
    free(f->tries);
    free(f->forins);
    free(f->name);
    free(f->yield_type);
    free(f->send_type);
    free(f->result_type);
    free(f->plain_return_type);
}

static void push_func(ac_lfunc **v, int *n, const ac_lfunc *f)
{
    *v = ac_xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
    (*v)[(*n)++] = *f;
}

static bool has_kw_in(const ac_unit *u, TSNode n, ac_kw_kind kind)
{
    uint32_t at = ts_node_start_byte(n), end = ts_node_end_byte(n);
    for (const ac_kw *kw; (kw = ac_kw_first_in(u, at, end)); at = kw->end)
        if (kw->kind == kind)
            return true;
    return false;
}

/* The objects a file-scope declaration declares (not its functions). */
static void collect_objects(ac_lunit *lu, TSNode decl)
{
    uint32_t n = ts_node_named_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode d = ts_node_named_child(decl, i);
        if (ac_ts_is(d, "init_declarator"))
            d = ac_ts_field(d, "declarator");
        while (ac_ts_is(d, "pointer_declarator") ||
               ac_ts_is(d, "array_declarator") ||
               ac_ts_is(d, "parenthesized_declarator")) {
            TSNode next = ac_ts_field(d, "declarator");
            d = ts_node_is_null(next) ? ts_node_named_child(d, 0) : next;
        }
        if (!ac_ts_is(d, "identifier"))
            continue; /* a function, or not a declarator */
        lu->objects =
            ac_xrealloc(lu->objects, (size_t)(lu->nobjects + 1) * sizeof(char *));
        lu->objects[lu->nobjects++] = ac_ts_text(lu->unit, d);
    }
}

/* File-scope declarations, looking inside preprocessor conditionals and
 * extern "C"-style blocks. */
static int collect(ac_lunit *lu, TSNode n, ac_diag *d, bool from_include)
{
    const ac_unit *u = lu->unit;
    int rc = 0;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(n, i);
        const char *t = ts_node_type(c);
        ac_lfunc f;
        if (strncmp(t, "preproc_if", 10) == 0 ||
            strcmp(t, "preproc_else") == 0 || strcmp(t, "preproc_elif") == 0 ||
            strcmp(t, "linkage_specification") == 0 ||
            strcmp(t, "declaration_list") == 0) {
            rc |= collect(lu, c, d, from_include);
            continue;
        }
        bool is_def = strcmp(t, "function_definition") == 0;
        if (!is_def && strcmp(t, "declaration") != 0)
            continue;
        if (!is_def)
            collect_objects(lu, c);
        if (!read_signature(u, c, &f))
            continue;
        if (from_include) {
            if (f.kind != AC_FN_PLAIN)
                push_func(&lu->extern_funcs, &lu->nextern, &f);
            else
                lfunc_free(&f);
            continue;
        }
        if (f.kind == AC_FN_PLAIN && !(is_def && has_kw_in(u, c, AC_KW_IN))) {
            lfunc_free(&f);
            continue;
        }
        push_func(&lu->funcs, &lu->nfuncs, &f);
        lu->any_lowering = true;
    }
    return rc;
}

static void collect_includes(ac_lunit *lu, const ac_unit *u, ac_diag *d)
{
    for (size_t i = 0; i < u->nincludes; i++) {
        const ac_unit *inc = u->includes[i];
        const ac_unit *save = lu->unit;
        lu->unit = inc;
        collect(lu, inc->root, d, true);
        lu->unit = save;
        collect_includes(lu, inc, d);
    }
}

static void index_by_name(ac_lunit *lu);

/* The body of f's definition. */
static TSNode body_of(const ac_unit *u, const ac_lfunc *f)
{
    TSNode def = ac_ts_node_starting(u->root, f->start);
    while (!ts_node_is_null(def) && !ac_ts_is(def, "function_definition"))
        def = ts_node_named_child(def, 0);
    return ac_ts_field(def, "body");
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ac_lower(const ac_unit *u, ac_lunit *lu, ac_diag *d)
{
    memset(lu, 0, sizeof *lu);
    lu->unit = u;
    collect_includes(lu, u, d);
    lu->unit = u;
    int rc = collect(lu, u->root, d, false);
    index_by_name(lu);
    if (lu->nobjects > 1)
        qsort(lu->objects, (size_t)lu->nobjects, sizeof *lu->objects, str_cmp);
    /* bodies once every signature is known (calls before definitions) */
    for (int i = 0; i < lu->nfuncs; i++) {
        ac_lfunc *f = &lu->funcs[i];
        if (f->has_body && ac_lower_body(u, lu, f, body_of(u, f), d) < 0)
            rc = -1;
    }
    if (u->pp.nah_includes > 0)
        lu->any_lowering = true;
    return rc < 0 || d->errors > 0 ? -1 : 0;
}

void ac_lower_transitions(ac_lunit *lu)
{
    for (int i = 0; i < lu->nfuncs; i++) {
        ac_lfunc *f = &lu->funcs[i];
        if (f->has_body && f->kind != AC_FN_PLAIN)
            ac_lower_flow(lu->unit, f, body_of(lu->unit, f));
    }
}

void ac_lunit_free(ac_lunit *lu)
{
    free(lu->by_name);
    for (int i = 0; i < lu->nfuncs; i++)
        lfunc_free(&lu->funcs[i]);
    for (int i = 0; i < lu->nextern; i++)
        lfunc_free(&lu->extern_funcs[i]);
    for (int i = 0; i < lu->nobjects; i++)
        free(lu->objects[i]);
    free(lu->objects);
    free(lu->funcs);
    free(lu->extern_funcs);
    memset(lu, 0, sizeof *lu);
}

/* ---- queries ------------------------------------------------------- */

static int named_cmp(const void *a, const void *b)
{
    const ac_lnamed *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->f->name, y->f->name, n);
    if (c == 0 && x->len != y->len)
        c = x->len < y->len ? -1 : 1;
    return c ? c : (x->rank > y->rank) - (x->rank < y->rank);
}

/* The resumable functions by name, for ac_lunit_find: sorted by name,
 * then by preference (this file's definitions, its prototypes, those of
 * its .ah headers, each in source order); a linear scan per query made
 * translation quadratic in the number of functions. */
static void index_by_name(ac_lunit *lu)
{
    lu->by_name = ac_xmalloc((size_t)(lu->nfuncs + lu->nextern + 1) *
                             sizeof *lu->by_name);
    lu->nby_name = 0;
    for (int i = 0; i < lu->nfuncs; i++) {
        const ac_lfunc *f = &lu->funcs[i];
        if (f->kind != AC_FN_PLAIN)
            lu->by_name[lu->nby_name++] = (ac_lnamed){
                f, strlen(f->name), f->has_body ? i : lu->nfuncs + i};
    }
    for (int i = 0; i < lu->nextern; i++) {
        const ac_lfunc *f = &lu->extern_funcs[i];
        lu->by_name[lu->nby_name++] =
            (ac_lnamed){f, strlen(f->name), 2 * lu->nfuncs + i};
    }
    qsort(lu->by_name, (size_t)lu->nby_name, sizeof *lu->by_name, named_cmp);
}

/* A resumable function named name: its definition in this file if there
 * is one, else the first prototype (this file's, then its headers'). */
const ac_lfunc *ac_lunit_find(const ac_lunit *lu, const char *name, size_t len)
{
    int lo = 0, hi = lu->nby_name;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const ac_lnamed *e = &lu->by_name[mid];
        size_t n = e->len < len ? e->len : len;
        int c = memcmp(e->f->name, name, n);
        if (c < 0 || (c == 0 && e->len < len))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < lu->nby_name && lu->by_name[lo].len == len &&
        memcmp(lu->by_name[lo].f->name, name, len) == 0)
        return lu->by_name[lo].f;
    return NULL;
}

bool ac_lunit_is_object(const ac_lunit *lu, const char *name, size_t len)
{
    return ac_strs_has(lu->objects, (size_t)lu->nobjects, name, len);
}

int ac_lfunc_ref(const ac_lfunc *f, uint32_t at)
{
    int lo = 0, hi = f->nrefs;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (f->refs[mid].at < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->nrefs && f->refs[lo].at == at ? f->refs[lo].var : -1;
}

const char *ac_lfunc_rename(const ac_lfunc *f, uint32_t at, uint32_t end)
{
    int lo = 0, hi = f->nrenames;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (f->renames[mid].at < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < f->nrenames && f->renames[lo].at == at; lo++)
        if (f->renames[lo].end == end)
            return f->renames[lo].to;
    return NULL;
}

/* ---- indexes by offset: a linear scan per query made the output
 * quadratic in the number of locals or loops ---- */

typedef struct at_key {
    uint32_t at;
    int index;
} at_key;

static int at_key_cmp(const void *a, const void *b)
{
    const at_key *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* The uint32_t at byte offset off of element i of an array. */
static uint32_t key_at(const void *base, size_t size, size_t off, int i)
{
    uint32_t k;
    memcpy(&k, (const char *)base + (size_t)i * size + off, sizeof k);
    return k;
}

static ac_lorder order_by(const void *base, int n, size_t size, size_t off)
{
    ac_lorder o = {NULL, n};
    if (n == 0)
        return o;
    at_key *keys = ac_xmalloc((size_t)n * sizeof *keys);
    for (int i = 0; i < n; i++)
        keys[i] = (at_key){key_at(base, size, off, i), i};
    qsort(keys, (size_t)n, sizeof *keys, at_key_cmp);
    o.index = ac_xmalloc((size_t)n * sizeof *o.index);
    for (int i = 0; i < n; i++)
        o.index[i] = keys[i].index;
    free(keys);
    return o;
}

void ac_lfunc_index(ac_lfunc *f)
{
#define ORDER(field, arr, n, type, key)                                        \
    do {                                                                       \
        free(f->field.index);                                                  \
        f->field = order_by(f->arr, f->n, sizeof(type), offsetof(type, key));  \
    } while (0)
    ORDER(vars_by_at, vars, nvars, ac_lvar, at);
    ORDER(tries_by_at, tries, ntries, ac_ltry, body);
    ORDER(forins_by_at, forins, nforins, ac_lforin, at);
    ORDER(hoists_by_at, hoists, nhoists, ac_lhoist, at);
    ORDER(withs_by_at, withs, nwiths, ac_lwith, at);
#undef ORDER
}

/* Iterates (as *k from *k) over the indexes of the elements whose key is
 * at, lowest index first: a binary search of o, or every element when o
 * is not built or no longer covers all n. */
static bool next_at(const ac_lorder *o, const void *base, int n, size_t size,
                    size_t off, uint32_t at, int *k, int *i)
{
    if (o->index == NULL || o->n != n) {
        for (; *k < n; (*k)++)
            if (key_at(base, size, off, *k) == at) {
                *i = (*k)++;
                return true;
            }
        return false;
    }
    if (*k == 0) { /* the first with key >= at */
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (key_at(base, size, off, o->index[mid]) < at)
                lo = mid + 1;
            else
                hi = mid;
        }
        *k = lo;
    }
    if (*k < n && key_at(base, size, off, o->index[*k]) == at) {
        *i = o->index[(*k)++];
        return true;
    }
    return false;
}

#define EACH_AT(i, f, order, arr, n, type, key, at)                            \
    for (int k_ = 0, i; next_at(&(f)->order, (f)->arr, (f)->n, sizeof(type),   \
                                offsetof(type, key), (at), &k_, &i);)

int ac_lfunc_var_at(const ac_lfunc *f, uint32_t at)
{
    EACH_AT(i, f, vars_by_at, vars, nvars, ac_lvar, at, at)
    {
        if (!f->vars[i].is_catch && !f->vars[i].is_literal)
            return i;
    }
    return -1;
}

int ac_lfunc_literal_at(const ac_lfunc *f, uint32_t at)
{
    EACH_AT(i, f, vars_by_at, vars, nvars, ac_lvar, at, at)
    {
        if (f->vars[i].is_literal)
            return i;
    }
    return -1;
}

static int state_key_cmp(const ac_lstate *s, uint32_t at, ac_susp what)
{
    if (s->at != at)
        return s->at < at ? -1 : 1;
    return s->what < what ? -1 : s->what > what;
}

/* A binary search of state_order (lowering/body.c sorts it). */
const ac_lstate *ac_lfunc_state_at(const ac_lfunc *f, uint32_t at, ac_susp what)
{
    if (f->state_order == NULL) { /* the walk is still adding states */
        for (int i = 0; i < f->nstates; i++)
            if (f->states[i].at == at && f->states[i].what == what)
                return &f->states[i];
        return NULL;
    }
    int lo = 0, hi = f->nstates;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (state_key_cmp(&f->states[f->state_order[mid]], at, what) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < f->nstates &&
        state_key_cmp(&f->states[f->state_order[lo]], at, what) == 0)
        return &f->states[f->state_order[lo]];
    return NULL;
}

const ac_ltry *ac_lfunc_try_at(const ac_lfunc *f, uint32_t body)
{
    EACH_AT(i, f, tries_by_at, tries, ntries, ac_ltry, body, body)
    {
        return &f->tries[i];
    }
    return NULL;
}

const ac_lforin *ac_lfunc_forin_at(const ac_lfunc *f, uint32_t at)
{
    EACH_AT(i, f, forins_by_at, forins, nforins, ac_lforin, at, at)
    {
        return &f->forins[i];
    }
    return NULL;
}

const ac_lhoist *ac_lfunc_hoist_at(const ac_lfunc *f, uint32_t at, uint32_t end)
{
    EACH_AT(i, f, hoists_by_at, hoists, nhoists, ac_lhoist, at, at)
    {
        if (f->hoists[i].end == end)
            return &f->hoists[i];
    }
    return NULL;
}

const ac_lwith *ac_lfunc_with_at(const ac_lfunc *f, uint32_t at)
{
    EACH_AT(i, f, withs_by_at, withs, nwiths, ac_lwith, at, at)
    {
        return &f->withs[i];
    }
    return NULL;
}

const char *ac_susp_name(ac_susp s)
{
    static const char *const names[] = {
        "yield",     "yield from",       "await",
        "async for", "async with enter", "async with exit"};
    return names[s];
}

const char *ac_fn_kind_name(ac_fn_kind k)
{
    static const char *const names[] = {"function", "generator", "coroutine",
                                        "async generator"};
    return names[k];
}
