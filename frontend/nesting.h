/* nesting.h - the translator's limit on how deeply a source nests.
 *
 * The lowering and the back end walk the syntax tree recursively, so a
 * tree deeper than the C stack allows (20,000 nested blocks or
 * parentheses) would crash them.  Like GCC's and Clang's limits on
 * nesting, the translator refuses such a file up front, with an error
 * naming the limit, after one iterative pass over the tree. */
#ifndef AC_NESTING_H
#define AC_NESTING_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "frontend/source.h"

/* Levels of the syntax tree: every block, statement, parenthesis, and
 * operand of a chain of binary operators is one (a sum of 1,000 terms
 * nests 1,000 deep; each `else if` takes two).  docs/BUILDING.md documents
 * it.  The recursive walks take about 1 KB of stack a level, 4 KB under
 * AddressSanitizer (measured with ulimit -s); the asyncc command runs on
 * a stack of its own sized for this many levels (codegen/deep_stack.h). */
#define AC_MAX_NESTING 10000

/* Reports "nesting exceeds the limit" at the first node deeper than
 * AC_MAX_NESTING and returns false; true when the tree is within it. */
bool ac_check_nesting(ac_diag *d, const ac_source *src, TSNode root);

#endif
