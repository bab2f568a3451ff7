/* origin.c - where coroutines are created.
 *
 * A call of a coroutine the translator knows (defined here or declared in
 * an .ah header) is written as `(ac__set_origin("file.ac:LINE"), f(...))`
 * (ac_copy puts the text around it), which is what ac_coro_origin and the
 * "never awaited" warning report (`ac__set_task_origin` for the
 * coroutine argument of a task constructor: its frame gets room for the
 * task, one allocation for both); the generated C defines no macro named
 * after a user's function, so `o.fetch(1)` or a coroutine named `send`
 * stay what they are.  A call whose coroutine is dropped at once
 * (`fetch(1);`) is a warning, one stored in a scalar (`int v = fetch(1);`)
 * an error that suggests await. */
#include <stdlib.h>
#include <string.h>

#include "codegen/emit.h"
#include "lowering/ts_util.h"

/* The nodes around the one being visited, innermost first: the walks
 * keep them, since ts_node_parent searches from the root (linear in the
 * file's top-level declarations, so quadratic over a file). */
typedef struct ancestors {
    TSNode n;
    const struct ancestors *up;
} ancestors;

static bool declares(const ac_unit *u, TSNode c, const char *name, size_t len)
{
    uint32_t nd = ts_node_named_child_count(c);
    for (uint32_t k = 0; k < nd; k++) {
        TSNode dk = ts_node_named_child(c, k);
        TSNode id = ac_ts_declarator_name(dk);
        size_t l;
        const char *t = ts_node_is_null(id) ? NULL : ac_node_text(u, id, &l);
        /* `int f(int);` declares a function, not a local */
        bool fn = ac_ts_is(dk, "function_declarator") &&
                  ac_ts_is(ac_ts_field(dk, "declarator"), "identifier");
        if (t && l == len && memcmp(t, name, len) == 0 && !fn)
            return true;
    }
    return false;
}

/* Whether name is declared in a block or parameter list around the call
 * at `at` before it (a local function pointer named like the coroutine). */
static bool declared_locally(const ac_unit *u, const ancestors *a, uint32_t at,
                             const char *name, size_t len)
{
    for (; a; a = a->up) {
        TSNode list = a->n;
        if (ac_ts_is(a->n, "function_definition")) {
            TSNode d = ac_ts_field(a->n, "declarator");
            while (!ts_node_is_null(d) && !ac_ts_is(d, "function_declarator"))
                d = ac_ts_field(d, "declarator");
            if (ts_node_is_null(d))
                break; /* `int main { ... }`: no parameter list */
            list = ac_ts_field(d, "parameters");
        } else if (!ac_ts_is(a->n, "compound_statement")) {
            continue;
        }
        uint32_t count = ts_node_named_child_count(list);
        for (uint32_t i = 0; i < count; i++) {
            TSNode c = ts_node_named_child(list, i);
            if (ts_node_start_byte(c) >= at)
                break;
            if ((ac_ts_is(c, "declaration") ||
                 ac_ts_is(c, "parameter_declaration")) &&
                declares(u, c, name, len))
                return true;
        }
        if (ac_ts_is(a->n, "function_definition"))
            break;
    }
    return false;
}

/* The function the lowering modelled that starts at def, or NULL. */
static const ac_lfunc *modelled(const ac_lunit *lu, TSNode def)
{
    uint32_t at = ts_node_start_byte(def);
    int lo = 0, hi = lu->nfuncs; /* in source order */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (lu->funcs[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lu->nfuncs && lu->funcs[lo].start == at ? &lu->funcs[lo]
                                                        : NULL;
}

/* The coroutine f(...) calls, or NULL: its function is an identifier that
 * names a coroutine and no local variable. */
static const ac_lfunc *called_coro(const ac_unit *u, const ac_lunit *lu,
                                   TSNode call, const ancestors *a,
                                   const ac_lfunc *in)
{
    if (!ac_ts_is(call, "call_expression"))
        return NULL;
    TSNode fn = ac_ts_field(call, "function");
    if (!ac_ts_is(fn, "identifier"))
        return NULL;
    size_t len;
    const char *name = ac_node_text(u, fn, &len);
    const ac_lfunc *f = ac_lunit_find(lu, name, len);
    if (!f || f->kind != AC_FN_CORO)
        return NULL;
    uint32_t at = ts_node_start_byte(fn);
    if (declared_locally(u, a, ts_node_start_byte(call), name, len))
        return NULL;
    if (in && ac_lfunc_ref(in, at) >= 0)
        return NULL; /* a local of that name */
    return f;
}

/* The task constructors, and which of their arguments is the coroutine
 * they take over. */
static const struct {
    const char *name;
    uint32_t arg;
} task_makers[] = {{"ac_create_task", 0},
                   {"ac_loop_create_task", 1},
                   {"ac_task_group_create_task", 1}};

/* Whether call, a coroutine call, is the coroutine argument of a task
 * constructor: its frame is then made with room for the task behind it
 * (one allocation for both; ac__set_task_origin). */
static bool task_argument(const ac_unit *u, TSNode call, const ancestors *up)
{
    if (!up || !up->up || !ac_ts_is(up->n, "argument_list") ||
        !ac_ts_is(up->up->n, "call_expression"))
        return false;
    TSNode fn = ac_ts_field(up->up->n, "function");
    if (!ac_ts_is(fn, "identifier"))
        return false;
    size_t len;
    const char *name = ac_node_text(u, fn, &len);
    for (size_t i = 0; i < sizeof task_makers / sizeof *task_makers; i++)
        if (strlen(task_makers[i].name) == len &&
            memcmp(task_makers[i].name, name, len) == 0)
            return task_makers[i].arg < ts_node_named_child_count(up->n) &&
                   ts_node_eq(ts_node_named_child(up->n, task_makers[i].arg),
                              call);
    return false;
}

typedef struct sites {
    ac_site *v;
    size_t n, cap;
} sites;

static void collect(const ac_unit *u, const ac_lunit *lu, TSNode n, sites *s,
                    const ancestors *up, const ac_lfunc *in)
{
    if (ac_ts_is(n, "function_definition"))
        in = modelled(lu, n);
    if (called_coro(u, lu, n, up, in)) {
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 16;
            s->v = realloc(s->v, s->cap * sizeof *s->v);
            if (!s->v)
                abort();
        }
        uint32_t at = ts_node_start_byte(n);
        s->v[s->n++] = (ac_site){at, ts_node_end_byte(n), ac_line_of(u, at),
                                 task_argument(u, n, up)};
    }
    ancestors here = {n, up};
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        collect(u, lu, ts_node_named_child(n, i), s, &here, in);
}

static const ac_site *sort_sites;

static int by_start(const void *a, const void *b)
{
    const ac_site *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end; /* outermost first */
}

static int by_end(const void *a, const void *b)
{
    const ac_site *x = &sort_sites[*(const size_t *)a],
                  *y = &sort_sites[*(const size_t *)b];
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->start > y->start ? -1 : x->start < y->start; /* innermost */
}

void ac_origin_sites(ac_out *o)
{
    sites s = {0};
    collect(o->u, o->lu, o->u->root, &s, NULL, NULL);
    if (s.n == 0)
        return;
    qsort(s.v, s.n, sizeof *s.v, by_start);
    /* A coroutine made while the arguments are evaluated would take the
     * room meant for the task's: none then. */
    for (size_t i = 0; i + 1 < s.n; i++)
        if (s.v[i + 1].start < s.v[i].end)
            s.v[i].task = false;
    o->sites = s.v;
    o->nsites = s.n;
    o->site_ends = ac_xcalloc(s.n, sizeof *o->site_ends);
    o->site_open = ac_xcalloc(s.n, sizeof *o->site_open);
    for (size_t i = 0; i < s.n; i++)
        o->site_ends[i] = i;
    sort_sites = s.v;
    qsort(o->site_ends, s.n, sizeof *o->site_ends, by_end);
}

/* A declaration's type that no coroutine handle can be stored in (a
 * builtin arithmetic type; a typedef may name a pointer). */
static bool scalar_type(TSNode type)
{
    return ac_ts_is(type, "primitive_type") ||
           ac_ts_is(type, "sized_type_specifier");
}

static void check(const ac_unit *u, const ac_lunit *lu, TSNode n,
                  ac_diag *d, const ancestors *up, const ac_lfunc *in)
{
    if (ac_ts_is(n, "function_definition"))
        in = modelled(lu, n);
    ancestors here = {n, up};
    if (ac_ts_is(n, "expression_statement") &&
        ts_node_named_child_count(n) > 0) {
        TSNode x = ts_node_named_child(n, 0);
        const ac_lfunc *f = called_coro(u, lu, x, &here, in);
        if (f)
            ac_diag_warning(d, u->src, ts_node_start_byte(x),
                            "coroutine '%s' is never awaited: result dropped",
                            f->name);
    }
    if (ac_ts_is(n, "init_declarator") && up) {
        TSNode decl = up->n;
        TSNode value = ac_ts_field(n, "value");
        while (ac_ts_is(value, "parenthesized_expression"))
            value = ts_node_named_child(value, 0);
        const ac_lfunc *f = called_coro(u, lu, value, &here, in);
        if (f && ac_ts_is(ac_ts_field(n, "declarator"), "identifier") &&
            scalar_type(ac_ts_field(decl, "type")))
            ac_diag_error(d, u->src, ts_node_start_byte(value),
                          "coroutine '%s' returns a coroutine (ac_coro *), "
                          "not its result: did you mean 'await %s(...)'?",
                          f->name, f->name);
    }
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        check(u, lu, ts_node_named_child(n, i), d, &here, in);
}

int ac_origin_check(const ac_unit *u, const ac_lunit *lu, ac_diag *d)
{
    int errors = d->errors;
    check(u, lu, u->root, d, NULL, NULL);
    return d->errors > errors ? -1 : 0;
}
