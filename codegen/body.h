/* body.h - the state of the back end while it writes one function body:
 * the stack of regions it is inside (loops, switches, for-in loops, try
 * parts, async with blocks) and the labels used so far.  Shared by
 * emit_body.c, regions.c, emit_susp.c, emit_try.c and emit_forin.c. */
#ifndef AC_BODY_EMIT_H
#define AC_BODY_EMIT_H

#include "codegen/emit.h"

enum { WHY_NORMAL = 0, WHY_RAISE = 1, WHY_RETURN = 2, WHY_JUMP = 3 };

typedef enum rkind {
    R_LOOP,
    R_SWITCH,
    R_FORIN,
    R_TRY,
    R_CATCH,
    R_FINALLY,
    R_WITH
} rkind;

typedef struct cont {
    bool is_break;
    int target; /* region depth of the loop */
} cont;

typedef struct region {
    rkind kind;
    int id;
    uint32_t start, end, body_at; /* loops: the statement and its body */
    const ac_ltry *t;
    const ac_lforin *fi;
    const ac_lwith *w;
    bool brk_used, cnt_used;
    bool raise_used; /* a for-in: a raise went to its ac_rxN */
    bool cont_goto; /* continue must jump to ac_cntN (an increment follows) */
} region;

/* break/continue jumps that go through a try's finally, by try id: the
 * finally dispatches on WHY_JUMP + index. */
typedef struct conts {
    cont *c;
    int n, cap;
} conts;

typedef struct body {
    ac_out *o;
    const ac_lfunc *f;
    TSNode root; /* the body */
    region *stack; /* as deep as the body's tree can nest them */
    int depth, cap;
    int next_loop;
    bool unwind_used;
    bool resumable;
    bool *used;       /* label uses: try handler / finally entries by try id */
    conts *jumps;     /* by try id */
    conts *wjumps;    /* by async-with id */
    unsigned *wraise; /* async with: 1 = exception entry used, 2 = exit label */
    TSNode unwrap;    /* a keyword's unary node to emit as its operand */
    const ac_kw *unwrap_kw;
} body;

/* emit_body.c: the walk over statements */
void ac_emit_children(body *e, TSNode n);
bool ac_decl_in_frame(body *e, TSNode decl);
void ac_emit_frame_decl(body *e, TSNode decl, bool in_for);
void ac_emit_declaration(body *e, TSNode decl);
void ac_emit_return(body *e, TSNode n);
void ac_emit_loop(body *e, TSNode n, rkind kind);
void ac_emit_expression_statement(body *e, TSNode n);
void ac_emit(body *e, TSNode n);

/* regions.c: leaving regions */
const char *ac_slot_name(const body *e, int i);
region *ac_region_push(body *e, rkind k);
void ac_release_slot(body *e, const char *name);
void ac_put_handled(body *e, int from);
void ac_set_handled(body *e, int at);
void ac_state_label(body *e, const ac_lstate *s);
void ac_goto_handler(body *e, int from);
void ac_raise_site(body *e, int line);
void ac_unwind_return(body *e, int from);
void ac_unwind_jump(body *e, int from, int target, bool is_break, bool direct);
void ac_on_jump(body *e, TSNode n, bool is_break);

/* emit_susp.c: suspension points and hoisting */
const ac_kw *ac_susp_kw(body *e, TSNode n);
void ac_emit_yield(body *e, TSNode n, const ac_kw *kw);
void ac_emit_yield_from(body *e, TSNode n, const ac_kw *kw, TSNode dest,
                        const char *dest_text);
void ac_emit_await(body *e, TSNode n, const ac_kw *kw, TSNode dest,
                   const char *dest_text);
const ac_kw *ac_susp_kw_of_stmt(body *e, TSNode stmt);
bool ac_emit_susp_stmt(body *e, TSNode stmt);
bool ac_emit_hoisted_value(body *e, TSNode n);
bool ac_emit_with_hoists(body *e, TSNode n);

/* emit_try.c: try and async with */
void ac_emit_try(body *e, const ac_ltry *t);
void ac_emit_async_with(body *e, TSNode n, const ac_lwith *w);

/* emit_forin.c: for-in loops */
void ac_emit_forin(body *e, TSNode loop, const ac_lforin *fi);
/* Releases a plain function's `for … in` iterator ac_itN wherever the
 * loop is left: ac_decref, or the end of a frame the loop keeps in a C
 * local (ac__frame_end_local). */
void ac_forin_release_local(body *e, const ac_lforin *fi);

#endif
