/* cancelling.c - Task.cancelling() / Task.uncancel(): the count of
 * cancellation requests task.c's cancel keeps. */
#include "task/cancelling.h"

unsigned ac__task_cancelling(const ac_task *t)
{
    return t->cancel_requests;
}

unsigned ac__task_uncancel(ac_task *t)
{
    if (t->cancel_requests > 0)
        t->cancel_requests--;
    return t->cancel_requests;
}
