# When an async generator's finally blocks run: break out of async for
# (the loop's finalizer schedules aclose() as a task), an exception out of
# the loop body, aclose() by hand, and a generator still suspended when main
# returns, dropped or still referenced (closed by the finalizer's task or by
# shutdown_asyncgens, before asyncio.run returns).
import asyncio


async def ticker(name, n):
    try:
        for i in range(n):
            yield i
            await asyncio.sleep(0)
    finally:
        print(name, "finally")


async def cleans_up_slowly(name):
    try:
        yield 1
    finally:
        print(name, "finally starts")
        await asyncio.sleep(0)
        print(name, "finally ends")


async def main():
    async for v in ticker("broken", 5):
        print("broken", v)
        if v == 1:
            break
    print("after break")
    await asyncio.sleep(0)
    print("after one sleep")
    await asyncio.sleep(0)
    print("after two sleeps")

    try:
        async for v in ticker("raising", 5):
            print("raising", v)
            raise ValueError("from the loop body")
    except ValueError as e:
        print("caught", e)
    await asyncio.sleep(0)
    await asyncio.sleep(0)

    g = ticker("closed", 3)
    print("closed", await g.__anext__())
    await g.aclose()
    print("after aclose")

    s = cleans_up_slowly("slow")
    print("slow", await s.__anext__())
    del s
    print("dropped slow")
    for i in range(4):
        await asyncio.sleep(0)
    print("after four sleeps")

    global kept
    kept = ticker("kept", 3)
    print("kept", await kept.__anext__())
    left = ticker("left", 3)
    print("left", await left.__anext__())
    print("main returns")
    del left
    return 0


kept = None
status = asyncio.run(main())
print("run returned")
del kept
print("exit", status)
