# Async generators: async for, anext by hand, asend, exhaustion, ag_running.
import asyncio


async def ticker(n):
    for i in range(n):
        yield i
        await asyncio.sleep(0)


async def running_total():
    total = 0
    while True:
        x = (yield total) or 0  # anext sends None: in C a zero int
        total += x


async def main():
    async for v in ticker(3):
        print("tick", v)

    g = ticker(2)
    print("name", g.__name__)
    print("running", g.ag_running)
    while True:
        try:
            v = await g.__anext__()
        except StopAsyncIteration:
            print("StopAsyncIteration")
            break
        print("anext", v)
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration again")

    t = running_total()
    print("first", await t.__anext__())
    print("sent 5", await t.asend(5))
    print("sent 10", await t.asend(10))
    print("anext", await t.__anext__())
    await t.aclose()
    try:
        await t.asend(1)
    except StopAsyncIteration:
        print("asend after aclose: StopAsyncIteration")
    return 0


print("exit", asyncio.run(main()))
