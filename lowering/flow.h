/* flow.h - the transitions of a resumable function's state machine. */
#ifndef AC_FLOW_H
#define AC_FLOW_H

#include "lowering/lower.h"

/* Fills f->edges from f's states and body (after ac_lower_body). */
void ac_lower_flow(const ac_unit *u, ac_lfunc *f, TSNode body);

#endif
