/* typedefs.h - declarations that tree-sitter-c reads as expressions
 * (`T (x) = 6;` where T is a typedef name): see typedefs.c. */
#ifndef AC_TYPEDEFS_H
#define AC_TYPEDEFS_H

#include "frontend/unit.h"

/* Once u and its .ah headers are parsed: masks the typedef name that
 * starts each such statement in a function body and parses u again. */
void ac_typedef_declarations(ac_unit *u, TSParser *p);

#endif
