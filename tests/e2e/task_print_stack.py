# task_print_stack.ac's oracle: asyncio's Task.print_stack, with leaf,
# mid, waiter and bad at their C twins' lines and the .ac's name.  For a
# pending task asyncc goes on down the await chain (Python stops at the
# task's own coroutine, whose f_back is None while suspended): print_stack
# below does the same walk through cr_await with Python's own printing.
import asyncio, os, sys, traceback
async def leaf():

    await asyncio.sleep(10)


async def mid():

    await leaf()


async def waiter(t):

    await t


async def bad():

    raise ValueError(
        "boom")


def print_stack(task):
    if task.done():
        task.print_stack(file=sys.stdout)
        return
    frames = []
    c = task.get_coro()
    # asyncio.sleep is a coroutine; asyncc's ac_sleep is a future
    while getattr(c, "cr_frame", None) is not None and \
            c.cr_frame.f_code.co_filename == AC:
        frames.append(c.cr_frame)
        c = c.cr_await
    print(f"Stack for {task!r} (most recent call last):")
    traceback.print_list([(f.f_code.co_filename, f.f_lineno,
                           f.f_code.co_name, None) for f in frames],
                         file=sys.stdout)


async def amain():
    t1 = asyncio.create_task(mid(), name="mid")
    t2 = asyncio.create_task(waiter(t1), name="w")
    t3 = asyncio.create_task(bad(), name="bad")
    t4 = asyncio.create_task(leaf(), name="notyet")
    print_stack(t4)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print_stack(t1)
    print_stack(t2)
    print_stack(t3)
    t1.cancel()
    await asyncio.sleep(0)
    print_stack(t1)
    print(f"t3 raised {type(t3.exception()).__name__}")
    t4.cancel()


AC = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                  "task_print_stack.ac")
for fn in (leaf, mid, waiter, bad):
    fn.__code__ = fn.__code__.replace(co_filename=AC)
asyncio.run(amain())
