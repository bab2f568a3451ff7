/* nesting.c - the depth of the syntax tree, measured without recursion. */
#include "frontend/nesting.h"

bool ac_check_nesting(ac_diag *d, const ac_source *src, TSNode root)
{
    if (ts_node_is_null(root))
        return true;
    TSTreeCursor c = ts_tree_cursor_new(root);
    int depth = 0;
    bool ok = true;
    for (;;) {
        if (depth > AC_MAX_NESTING) {
            TSNode n = ts_tree_cursor_current_node(&c);
            ac_diag_error(d, src, ts_node_start_byte(n),
                          "nesting exceeds the limit of %d levels (blocks, "
                          "statements, parentheses and operands each count "
                          "as one)",
                          AC_MAX_NESTING);
            ok = false;
            break;
        }
        if (ts_tree_cursor_goto_first_child(&c)) {
            depth++;
            continue;
        }
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c))
                goto done;
            depth--;
        }
    }
done:
    ts_tree_cursor_delete(&c);
    return ok;
}
