/* ts_util.c - tree-sitter helpers and keyword lookups. */
#include "lowering/ts_util.h"

#include "frontend/buf.h"
#include "lowering/lower.h"

char *ac_ts_text(const ac_unit *u, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    return ac_xstrndup(u->src->text + s, e - s);
}

int ac_line_of(const ac_unit *u, uint32_t at)
{
    int line, col;
    ac_source_position(u->src, at, &line, &col);
    return line;
}

int ac_col_of(const ac_unit *u, uint32_t at)
{
    int line, col;
    ac_source_position(u->src, at, &line, &col);
    return col;
}

TSNode ac_ts_declarator_name(TSNode d)
{
    while (!ts_node_is_null(d) && !ac_ts_is(d, "identifier")) {
        TSNode next = ac_ts_field(d, "declarator");
        if (ts_node_is_null(next)) {
            if (ts_node_named_child_count(d) == 0)
                return next;
            next = ts_node_named_child(d, 0);
        }
        d = next;
    }
    return d;
}

TSNode ac_ts_kw_operand(TSNode n, const ac_kw *kw)
{
    while (!ts_node_is_null(n) && ts_node_start_byte(n) < kw->end) {
        if (ts_node_named_child_count(n) == 0)
            return n;
        TSNode arg = ac_ts_field(n, "argument");
        n = ts_node_is_null(arg) ? ts_node_named_child(n, 0) : arg;
    }
    return n;
}

TSNode ac_ts_yield_extent(const ac_parents *m, TSNode n)
{
    static const char *const binds[] = {
        "binary_expression", "conditional_expression", "subscript_expression",
        "field_expression",  "update_expression",      "call_expression"};
    uint32_t at = ts_node_start_byte(n);
    for (;;) {
        TSNode p = ac_parent(m, n);
        if (ts_node_is_null(p) || ts_node_start_byte(p) != at)
            return n;
        bool ok = false;
        for (size_t i = 0; i < sizeof binds / sizeof *binds; i++)
            ok |= ac_ts_is(p, binds[i]);
        if (!ok)
            return n;
        n = p;
    }
}

TSNode ac_ts_yield_unary(TSNode n, const ac_kw *kw)
{
    while (!ts_node_is_null(n) && !ac_ts_is(n, "unary_expression") &&
           ts_node_start_byte(n) == kw->start && ts_node_named_child_count(n))
        n = ts_node_named_child(n, 0);
    return n;
}

bool ac_ts_names_object(const ac_unit *u, TSNode e)
{
    for (;;) {
        if (ac_ts_is(e, "parenthesized_expression"))
            e = ts_node_named_child(e, 0);
        else if (ac_ts_is(e, "cast_expression"))
            e = ac_ts_field(e, "value");
        else
            break;
    }
    if (ac_ts_is(e, "pointer_expression"))
        return u->src->text[ts_node_start_byte(e)] == '*';
    return ac_ts_is(e, "identifier") || ac_ts_is(e, "field_expression") ||
           ac_ts_is(e, "subscript_expression");
}

TSNode ac_ts_node_starting(TSNode n, uint32_t at)
{
    while (ts_node_start_byte(n) != at || ts_node_end_byte(n) <= at) {
        TSNode c = ts_node_first_child_for_byte(n, at);
        if (ts_node_is_null(c) || ts_node_start_byte(c) > at)
            return c;
        n = c;
    }
    return n;
}

/* ---- keywords ------------------------------------------------------ */

static size_t kw_lower_bound(const ac_unit *u, uint32_t start)
{
    size_t lo = 0, hi = u->pp.nkws;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (u->pp.kws[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const ac_kw *ac_kw_at(const ac_unit *u, uint32_t start)
{
    size_t i = kw_lower_bound(u, start);
    return i < u->pp.nkws && u->pp.kws[i].start == start ? &u->pp.kws[i] : NULL;
}

const ac_kw *ac_kw_first_in(const ac_unit *u, uint32_t start, uint32_t end)
{
    size_t i = kw_lower_bound(u, start);
    return i < u->pp.nkws && u->pp.kws[i].start < end ? &u->pp.kws[i] : NULL;
}

static bool kw_suspends(ac_kw_kind k)
{
    return k == AC_KW_YIELD || k == AC_KW_YIELD_FROM || k == AC_KW_AWAIT ||
           k == AC_KW_ASYNC_FOR || k == AC_KW_ASYNC_WITH;
}

bool ac_has_suspension(const ac_unit *u, uint32_t start, uint32_t end)
{
    for (size_t i = kw_lower_bound(u, start);
         i < u->pp.nkws && u->pp.kws[i].start < end; i++)
        if (kw_suspends(u->pp.kws[i].kind))
            return true;
    return false;
}
