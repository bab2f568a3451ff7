# athrow: an exception thrown in at the yield, caught there (the next value
# is athrow's result) or not (it propagates out of the await); the
# generator's own awaits while it handles the exception; aclose() of a
# generator that yields again in finally; StopAsyncIteration after that.
import asyncio


async def resilient():
    n = 0
    while True:
        try:
            yield n
        except ValueError as e:
            print("resilient caught", e)
            await asyncio.sleep(0)
            n += 100
        n += 1


async def stubborn():
    try:
        yield 1
    finally:
        print("stubborn finally")
        yield 2
        print("stubborn resumed")


async def main():
    r = resilient()
    print("anext", await r.__anext__())
    print("athrow", await r.athrow(ValueError("first")))
    print("anext", await r.__anext__())
    try:
        await r.athrow(IndexError("fatal"))
    except IndexError as e:
        print("propagated IndexError", e)
    try:
        await r.__anext__()
    except StopAsyncIteration:
        print("after it: StopAsyncIteration")

    s = stubborn()
    print("anext", await s.__anext__())
    try:
        await s.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        await s.aclose()
    except StopAsyncIteration:
        print("aclose again: StopAsyncIteration")
    try:
        await s.__anext__()
    except GeneratorExit:
        print("anext: the pending GeneratorExit")
    return 0


print("exit", asyncio.run(main()))
