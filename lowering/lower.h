/* lower.h - the lowering's model of a unit: its resumable functions, their
 * locals (frame or C), suspension points (states), try regions and the
 * translator's frame slots, and every `for ... in` loop.
 *
 * The model refers to the source by byte offsets (of tree-sitter nodes of
 * the masked text, which equal the original's); codegen/ walks the tree
 * and asks the model what each node becomes.  Nothing here is C text for
 * the output except the type spellings copied from the source. */
#ifndef AC_LOWER_H
#define AC_LOWER_H

#include <stdbool.h>
#include <stdint.h>

#include "frontend/unit.h"

typedef enum ac_fn_kind {
    AC_FN_PLAIN = 0, /* a C function (only its for-in loops are lowered) */
    AC_FN_GEN = 1,
    AC_FN_CORO = 2,
    AC_FN_AGEN = 3,
} ac_fn_kind;

/* A local or parameter of a resumable function. */
typedef struct ac_lvar {
    char *name;      /* as in the source */
    char *cname;     /* in the output: frame field or C local name */
    char *decl;      /* the declaration with cname: "long i", "int b[3]" */
    char *type_name; /* the declaration without a name: "int[3]" */
    char *tmp_decl;  /* the declaration named ac_tmp (brace initializers) */
    char *ptr_type;  /* a pointer to its type: "int (*)[3]" */
    uint32_t at;     /* offset of the declaring identifier */
    int line;
    bool in_frame;
    bool is_param;
    bool is_array;
    bool is_catch; /* a catch clause's name: cname is the slot */
    bool is_literal; /* a compound literal that lives in the frame (at:
                        the literal) */
    bool is_alias; /* declared again in another #if branch of the same
                      scope: shares the first one's frame field */
    int scope;     /* index of the declaring scope */
} ac_lvar;

/* What suspends at a state. */
typedef enum ac_susp {
    AC_SUSP_YIELD,
    AC_SUSP_YIELD_FROM,
    AC_SUSP_AWAIT,
    AC_SUSP_ASYNC_FOR, /* awaiting ac_anext */
    AC_SUSP_AENTER,    /* async with: awaiting aenter */
    AC_SUSP_AEXIT,     /* async with: awaiting aexit */
} ac_susp;

/* Where a suspension sits in its statement. */
typedef enum ac_form {
    AC_FORM_STMT,   /* `yield E;` `await E;` */
    AC_FORM_ASSIGN, /* `x = yield E;` (any assignment operator) */
    AC_FORM_INIT,   /* `T x = yield E;` */
    AC_FORM_RETURN, /* `return await E;` */
    AC_FORM_EXPR,   /* elsewhere: hoisted before its statement */
    AC_FORM_LOOP,   /* async for / async with: the statement itself */
} ac_form;

typedef struct ac_lstate {
    int id; /* 1.. */
    ac_susp what;
    ac_form form;
    int temp_slot; /* AC_FORM_EXPR: the slot holding the value, or -1 */
    char *guard;   /* the #if condition under which it exists, or NULL */
    int slot;      /* yield from: the sub-generator; await: the awaitable */
    char *type;    /* await / yield from: the known result type ("void"
                      when known to be none), NULL when generic */
    uint32_t at;   /* the keyword's offset */
    /* yield / yield from: the node `yield E` spans (its extent, see
     * ac_ts_yield_extent) runs from at to extent_end and has this symbol */
    uint32_t extent_end;
    TSSymbol extent_sym;
    int line, col;
    int loop_depth; /* number of enclosing loops (for the DOT graph) */
    int loop_first; /* id of the first state of the innermost loop */
} ac_lstate;

/* A slot: a frame field the translator adds. */
typedef enum ac_slot_kind {
    AC_SLOT_ITER,    /* for-in: the generator (ac_gen *) */
    AC_SLOT_SUB,     /* yield from: the sub-generator (ac_gen *) */
    AC_SLOT_AWAIT,   /* await: the awaitable (void *) */
    AC_SLOT_EXC,     /* catch: the caught exception (ac_exc *) */
    AC_SLOT_PENDING, /* finally: the pending exception (ac_exc *) */
    AC_SLOT_WHY,     /* finally: how it was entered (int) */
    AC_SLOT_TEMP,    /* a hoisted value */
    AC_SLOT_ACM,     /* async with: the context manager (void *) */
} ac_slot_kind;

typedef struct ac_lslot {
    ac_slot_kind kind;
    char *name;
    char *type; /* "ac_gen *" */
    int line;
    bool is_handle; /* released by the drop function */
} ac_lslot;

/* try / catch / finally. */
/* Indexes into an array ordered by a key (NULL: not built). */
typedef struct ac_lorder {
    int *index;
    int n; /* the array's length when it was built */
} ac_lorder;

typedef struct ac_ltry {
    int id;
    uint32_t at;   /* the `try` keyword */
    uint32_t body; /* offset of the try block (a compound_statement) */
    int line, end_line;
    int ncatch; /* as many as the source has (allocated, no limit) */
    uint32_t *catch_body; /* offset of each catch block */
    const ac_kw **catch_kw;
    int *catch_var; /* index into vars, or -1 */
    bool has_finally;
    uint32_t finally_body;
    int exc_slot, pend_slot, why_slot; /* indexes into slots, -1 if none */
    int nsiblings; /* compound statements after the try block */
} ac_ltry;

/* for (T v in E) / async for. */
typedef struct ac_lforin {
    uint32_t at;   /* the for_statement */
    int var;       /* index into vars (resumable) or -1 */
    int iter_slot; /* resumable functions: index into slots */
    int id;
    bool is_async;
    bool borrowed; /* E is a name: incref'd */
    int inline_fn; /* E calls a generator defined earlier: its index */
    int state;     /* async for: the state awaiting anext */
    /* E calls a (async) generator whose signature is known: its Y (and R)
     * convert to the loop variable as C converts, whatever their sizes */
    const struct ac_lfunc *source;
} ac_lforin;

/* async with (E) S / async with (T v = E) S */
typedef struct ac_lwith {
    int id;
    uint32_t at; /* the statement (the `async` keyword) */
    int var;     /* the bound variable, or -1 */
    int acm_slot, aw_slot, pend_slot, why_slot, sup_slot;
    int enter_state, exit_state; /* ids */
} ac_lwith;

/* Hoisting of awaits inside expressions: an `&&`/`||` whose right side
 * awaits (its value goes to an int slot), or a `,` whose right side awaits
 * (slot -1: its left side runs as a statement first). */
typedef struct ac_lhoist {
    uint32_t at, end; /* the binary/comma expression */
    int slot;
} ac_lhoist;

/* A resume transition: from state `from` (0: the start) the function can
 * run to state `to` (nstates + 1: the end, returned or raised). */
typedef struct ac_ledge {
    int from, to;
} ac_ledge;

typedef struct ac_lref {
    uint32_t at; /* an identifier naming var */
    int var;
} ac_lref;

/* A type declared in a resumable body (struct, union or enum with a body,
 * or a typedef), hoisted to file scope under a unique name, since the
 * frame struct at file scope may need it.  text is the definition with
 * every local name already spelled as it is at file scope. */
typedef struct ac_ltype {
    uint32_t at;
    char *text; /* "struct g__pair { int a, b; };" */
} ac_ltype;

/* A span of the body the output spells differently: a local type's name
 * or tag (`g__pair`), a type definition now hoisted (`struct g__pair`),
 * a declaration that only defined a type (`;`), an enumerator. */
typedef struct ac_lrename {
    uint32_t at, end;
    char *to;
} ac_lrename;

typedef struct ac_lfunc {
    ac_fn_kind kind;
    char *name;
    bool has_body;
    bool is_static;
    int line, col;
    uint32_t start, end;     /* the whole definition / declaration */
    uint32_t decl_at;        /* the function_declarator */
    uint32_t body_at;        /* the body (compound_statement) if any */
    char *yield_type;        /* Y (NULL for coroutines) */
    char *send_type;         /* S or NULL for void */
    char *result_type;       /* R or NULL for void */
    char *plain_return_type; /* plain functions: the return type */
    ac_lvar *vars;
    int nvars;
    ac_lref *refs; /* sorted by at */
    int nrefs;
    ac_ltype *types; /* in the order they are emitted */
    int ntypes;
    ac_lrename *renames; /* sorted by at, the outermost first */
    int nrenames;
    ac_lstate *states;
    int nstates;
    int *state_order; /* indexes into states by (at, what): the lookups */
    ac_lslot *slots;
    int nslots;
    ac_ltry *tries;
    int ntries;
    ac_lforin *forins;
    int nforins;
    ac_lhoist *hoists;
    int nhoists;
    ac_lwith *withs;
    int nwiths;
    ac_ledge *edges; /* none until ac_lower_transitions */
    int nedges;
    /* vars, tries (by body), forins, hoists and withs as indexes sorted
     * by offset, then index: the queries below search them (built at the
     * end of ac_lower_body) */
    ac_lorder vars_by_at, tries_by_at, forins_by_at, hoists_by_at,
        withs_by_at;
} ac_lfunc;

typedef struct ac_lnamed {
    const struct ac_lfunc *f;
    size_t len;
    int rank; /* the preferred of equal names is the lowest */
} ac_lnamed;

typedef struct ac_lunit {
    const ac_unit *unit;
    ac_lfunc *funcs;
    int nfuncs;
    /* resumable prototypes seen in included .ah units (for typing) */
    ac_lfunc *extern_funcs;
    int nextern;
    bool any_lowering; /* false: the unit translates to itself */
    ac_lnamed *by_name; /* resumable functions, sorted by name */
    int nby_name;
    /* names of the objects declared at file scope (this file and its
     * .ah headers), sorted: none is a constant expression */
    char **objects;
    int nobjects;
} ac_lunit;

/* Builds the model of u.  Errors go to d; returns 0 or -1. */
int ac_lower(const ac_unit *u, ac_lunit *out, ac_diag *d);
/* Fills each resumable function's edges (after a successful ac_lower).
 * Only the DOT graph draws them, and their number can be quadratic in
 * the body (each of n sibling loops that may run zero times is reached
 * from every yield before it), so the C output does not compute them. */
void ac_lower_transitions(ac_lunit *lu);
/* Builds f's *_by_at indexes. */
void ac_lfunc_index(ac_lfunc *f);
void ac_lunit_free(ac_lunit *lu);

/* Queries for codegen. */
const ac_lfunc *ac_lunit_find(const ac_lunit *lu, const char *name, size_t len);
bool ac_lunit_is_object(const ac_lunit *lu, const char *name, size_t len);
int ac_lfunc_ref(const ac_lfunc *f, uint32_t at); /* var index or -1 */
int ac_lfunc_var_at(const ac_lfunc *f, uint32_t at);
/* The frame local holding the compound literal at `at`, or -1. */
int ac_lfunc_literal_at(const ac_lfunc *f, uint32_t at);
/* The spelling of exactly [at, end) in the output, or NULL. */
const char *ac_lfunc_rename(const ac_lfunc *f, uint32_t at, uint32_t end);
const ac_lstate *ac_lfunc_state_at(const ac_lfunc *f, uint32_t at,
                                   ac_susp what);
const ac_ltry *ac_lfunc_try_at(const ac_lfunc *f, uint32_t body);
const ac_lforin *ac_lfunc_forin_at(const ac_lfunc *f, uint32_t at);
const ac_lhoist *ac_lfunc_hoist_at(const ac_lfunc *f, uint32_t at,
                                   uint32_t end);
const ac_lwith *ac_lfunc_with_at(const ac_lfunc *f, uint32_t at);
const char *ac_susp_name(ac_susp s);
const char *ac_fn_kind_name(ac_fn_kind k);

/* Keyword lookups over the pre-pass table (sorted by start). */
const ac_kw *ac_kw_at(const ac_unit *u, uint32_t start);
const ac_kw *ac_kw_first_in(const ac_unit *u, uint32_t start, uint32_t end);
bool ac_has_suspension(const ac_unit *u, uint32_t start, uint32_t end);

#endif
