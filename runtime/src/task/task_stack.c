/* task_stack.c - Task.print_stack: where a pending task waits (its await
 * chain, outermost first), or the traceback of the exception it ended
 * with, as asyncio's base_tasks._task_print_stack prints them. */
#include "gen/frame.h"
#include "loop/future.h"

/* Python walks a suspended coroutine's frame only (its f_back is None
 * while suspended); here the whole await chain is known, so the stack
 * goes on through each awaited coroutine to the leaf, most recent last. */
static size_t print_chain(ac_frame *top, FILE *out)
{
    size_t n = 0;
    for (ac_frame *f = top; f != NULL; f = ac__awaited_frame(f), n++) {
        ac_tb_entry e = {f->code->name, f->code->file, ac__frame_lineno(f)};
        ac__print_tb_entry(&e, out);
    }
    return n;
}

static void print_traceback(const ac_exc *e, FILE *out)
{
    for (size_t i = e->ntb; i-- > 0;)
        ac__print_tb_entry(&e->tb[i], out);
}

void ac_task_print_stack(ac_task *t, FILE *out)
{
    ac_exc *exc =
        t->fut.state == AC__FUT_FINISHED ? ac__future_exc(&t->fut) : NULL;
    bool pending = t->fut.state == AC__FUT_PENDING;
    const char *head = pending                   ? "Stack for "
                       : exc != NULL && exc->ntb ? "Traceback for "
                                                 : "No stack for ";
    fputs(head, out);
    ac__task_repr(t, out);
    if (!pending && (exc == NULL || exc->ntb == 0)) {
        fputc('\n', out);
    } else {
        fputs(" (most recent call last):\n", out);
        if (pending)
            print_chain(ac__task_coro(t), out);
        else
            print_traceback(exc, out);
    }
    if (exc != NULL)
        ac__exc_print_only(exc, out);
    fflush(out);
}
