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
 * nests 1,000 deep).  docs/BUILDING.md documents it; the default 8 MB
 * stack holds 8 times what it takes (1 MB), twice under AddressSanitizer
 * (3 to 4 MB, measured with ulimit -s). */
#define AC_MAX_NESTING 1000

/* Reports "nesting exceeds the limit" at the first node deeper than
 * AC_MAX_NESTING and returns false; true when the tree is within it. */
bool ac_check_nesting(ac_diag *d, const ac_source *src, TSNode root);

#endif
