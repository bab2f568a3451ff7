# The async-generator hooks.  asyncio.run installs the loop's own hooks while
# the loop runs (they track live async generators and close them), and puts
# back the thread's previous ones when it stops.  So this program sets its
# hooks inside main, where they take the place of the loop's for the
# generators created from then on, and puts the loop's back afterwards.
# firstiter runs at the first anext/asend/athrow/aclose *call* (not the
# await); the finalizer current then is the one called when the generator is
# dropped unfinished.  The C version also has a yield hook (Python has none:
# here the generator calls on_yield by hand before each yield).
import asyncio
import sys


def firstiter(ag):
    print("firstiter:", ag.__name__)


closers = []


def finalizer(ag):
    print("finalizer:", ag.__name__)
    # What the loop's own finalizer does: aclose() it in a task.
    closers.append(asyncio.get_running_loop().create_task(ag.aclose()))


def on_yield(name, value):
    print("yield hook:", name, value)


async def numbers(n):
    try:
        for i in range(n):
            on_yield("numbers", i)
            yield i
            await asyncio.sleep(0)
    finally:
        print("numbers finally")


def show_hooks(when):
    hooks = sys.get_asyncgen_hooks()
    print(when + ":", "firstiter",
          "ours" if hooks.firstiter is firstiter else
          "none" if hooks.firstiter is None else "the loop's",
          "finalizer",
          "ours" if hooks.finalizer is finalizer else
          "none" if hooks.finalizer is None else "the loop's")


async def main():
    show_hooks("in main")
    saved = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter, finalizer)
    show_hooks("set in main")

    g = numbers(3)
    print("created")
    aw = g.__anext__()  # firstiter runs here
    print("anext called")
    print("got", await aw)
    print("got", await g.__anext__())
    del aw
    del g  # unfinished: our finalizer
    print("dropped")
    await closers.pop()
    print("closed by our finalizer's task")

    sys.set_asyncgen_hooks(*saved)
    show_hooks("restored in main")
    async for v in numbers(5):  # the loop's hooks: closed by its finalizer
        print("loop got", v)
        if v == 1:
            break
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return 0


show_hooks("before run")
status = asyncio.run(main())
show_hooks("after run")
sys.set_asyncgen_hooks(firstiter, finalizer)
show_hooks("set before run")
asyncio.run(main())
show_hooks("after run")
print("exit", status)
