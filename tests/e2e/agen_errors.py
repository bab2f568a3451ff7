# Async generator errors, with CPython's types and messages.
import asyncio


async def slow():
    yield 1
    await asyncio.sleep(0.01)
    yield 2


async def stubborn():
    try:
        yield 1
    finally:
        yield 2  # ignores GeneratorExit


async def leaks_stop():
    yield 1
    raise StopAsyncIteration


async def plain():
    print("plain body runs")
    yield 1


def report(e):
    print(type(e).__name__ + ":", e)


async def main():
    # While one anext is in progress (suspended inside the generator's
    # await), every other call fails.
    g = slow()
    print(await g.__anext__())
    t = asyncio.ensure_future(g.__anext__())
    await asyncio.sleep(0)
    print("running", g.ag_running)
    for make in (g.__anext__, lambda: g.asend(None),
                 lambda: g.athrow(ValueError("x")), g.aclose):
        try:
            await make()
        except RuntimeError as e:
            report(e)
    print("task got", await t)
    await g.aclose()

    s = stubborn()
    print(await s.__anext__())
    try:
        await s.aclose()
    except RuntimeError as e:
        report(e)

    k = leaks_stop()
    print(await k.__anext__())
    try:
        await k.__anext__()
    except RuntimeError as e:
        report(e)
        print("cause", type(e.__cause__).__name__)
    try:
        await k.__anext__()
    except StopAsyncIteration:
        print("then StopAsyncIteration")

    p = plain()
    try:
        await p.asend(7)
    except TypeError as e:
        report(e)
    await plain().aclose()
    print("aclose unstarted: done")
    try:
        await p.athrow(KeyError("k"))
    except KeyError:
        print("athrow unstarted: KeyError")
    await p.athrow(ValueError("v"))
    print("athrow finished: done")
    try:
        await p.__anext__()
    except StopAsyncIteration:
        print("anext finished: StopAsyncIteration")
    return 0


print("exit", asyncio.run(main()))
