/* cancelling.h - runtime-internal: Task.cancelling() and Task.uncancel()
 * (Python 3.11), which task groups and timeouts use to tell their own
 * cancellation of a task from one requested by somebody else. */
#ifndef AC_CANCELLING_H
#define AC_CANCELLING_H

#include "loop/future.h"

/* How many cancellations of t are pending (requested, not uncancelled). */
unsigned ac__task_cancelling(const ac_task *t);
/* One fewer (not below 0); returns how many remain. */
unsigned ac__task_uncancel(ac_task *t);

#endif
