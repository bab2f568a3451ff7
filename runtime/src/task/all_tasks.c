/* all_tasks.c - asyncio.all_tasks: the loop's tasks not yet done. */
#include "loop/future.h"

size_t ac_all_tasks(ac_loop *loop, ac_task **out, size_t cap)
{
    if (loop == NULL)
        loop = ac__running_loop();
    if (loop == NULL)
        return 0;
    size_t n = 0;
    for (uint32_t i = loop->ntasks; i-- > 0;) {
        ac_task *t = loop->tasks[i];
        if (ac_task_done(t))
            continue; /* done in this very step, not unlinked yet */
        if (n < cap && out != NULL)
            out[n] = t;
        n++;
    }
    return n;
}
