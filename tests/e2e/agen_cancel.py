# Cancelling a task while it waits inside an async generator: the
# CancelledError is raised at the generator's await, its handlers and
# finally blocks run, and the generator is finished.  An async with inside
# an async generator: its exit runs when the generator is closed, and sees
# GeneratorExit.
import asyncio


async def ticks():
    i = 0
    try:
        while True:
            yield i
            i += 1
            await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("ticks cancelled")
        raise
    finally:
        print("ticks finally")


async def consume(g):
    async for v in g:
        print("got", v)


class Resource:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print("enter", self.name)
        await asyncio.sleep(0)
        return len(self.name)

    async def __aexit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None)
        return False


async def guarded(name):
    async with Resource(name) as size:
        for i in range(size):
            yield i


async def main():
    g = ticks()
    t = asyncio.create_task(consume(g))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("running", g.ag_running)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("consumer cancelled")
    print("running", g.ag_running)
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("finished")

    async for v in guarded("abc"):
        print("guarded", v)
    r = guarded("defgh")
    print("first", await r.__anext__())
    await r.aclose()
    print("closed")
    return 0


print("exit", asyncio.run(main()))
