/* proc_loop.c - the processes-and-signals state of a loop: made when a
 * loop first spawns a child or handles a signal, freed with the loop
 * (loop->proc_free, called by ac_loop_free). */
#include "proc/proc.h"

#include <stdlib.h>

static void proc_loop_free(ac_loop *loop)
{
    ac__proc_loop *pl = loop->proc;
    ac__children_loop_free(pl);
    ac__signals_loop_free(pl);
    free(pl);
    loop->proc = NULL;
    loop->proc_free = NULL;
}

ac__proc_loop *ac__proc_state(ac_loop *loop)
{
    if (loop->proc != NULL)
        return loop->proc;
    if (ac__loop_check(loop) < 0)
        return NULL;
    ac__proc_loop *pl = ac__zalloc(sizeof *pl);
    if (pl == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    pl->loop = loop;
    pl->sig_rd = pl->sig_wr = -1;
    pl->chld_rd = pl->chld_wr = -1;
    pl->chld_slot = -1;
    loop->proc = pl;
    loop->proc_free = proc_loop_free;
    return pl;
}
