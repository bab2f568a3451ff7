/* cancelling.c - Task.cancelling() / Task.uncancel(): the count of
 * cancellation requests task.c's cancel keeps. */
#include "task/cancelling.h"

unsigned ac__task_cancelling(const ac_task *t)
{
    return t->fut.u.cancel_requests;
}

unsigned ac__task_uncancel(ac_task *t)
{
    if (t->fut.u.cancel_requests > 0)
        t->fut.u.cancel_requests--;
    return t->fut.u.cancel_requests;
}
