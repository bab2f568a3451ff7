/* body.h - models one function body: scopes, locals, references,
 * suspension points (states), try regions, for-in loops, slots. */
#ifndef AC_BODY_H
#define AC_BODY_H

#include "lowering/lower.h"

int ac_lower_body(const ac_unit *u, const ac_lunit *lu, ac_lfunc *f,
                  TSNode body, ac_diag *d);

#endif
