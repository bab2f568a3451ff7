# Conformance: coroutine misuse.  A coroutine dropped without being awaited
# warns on stderr; awaiting or running a finished coroutine again is
# "cannot reuse already awaited coroutine".  The functions sit at the lines
# of their C twins in conf_coro_reuse.ac and get its name, so the warnings
# name the same place.  Warnings print as Python's formatwarning does
# (place, message, source line), without the tracemalloc hint.
import asyncio, os, sys, warnings







async def job(x):

    print(f"job {x} runs")
    return x + 1


async def twice():

    c = job(10)
    a = await c
    print(f"first await {a}")
    try:
        b = await c
        print(f"second await {b}")
    except RuntimeError as e:
        print(f"second await: {e}")


    return a


async def forgets():

    job(20)
    print("forgets goes on")
    return 0


def main():

    sys.stdout.reconfigure(line_buffering=True)
    r = 0
    job(1)
    print("after the first drop")
    r = asyncio.run(twice())
    print(f"twice {r}")
    asyncio.run(forgets())
    c = job(3)
    print(f"run {asyncio.run(c)}")
    try:
        asyncio.run(c)
    except RuntimeError as e:
        print(f"run again: {type(e).__name__}: {e}")


def show(message, category, filename, lineno, file=None, line=None):
    sys.stderr.write(warnings.formatwarning(message, category, filename,
                                            lineno, line))


AC = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                  "conf_coro_reuse.ac")
for fn in (job, twice, forgets, main):
    fn.__code__ = fn.__code__.replace(co_filename=AC)
warnings.showwarning = show
main()
