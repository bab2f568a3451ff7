# Cancelling a task at each of its await points.
import asyncio


class Guard:
    async def __aenter__(self):
        await asyncio.sleep(0)
        print("  guard enter")
        return 0

    async def __aexit__(self, t, exc, tb):
        print(f"  guard exit {type(exc).__name__ if exc else 'clean'}")
        return False


async def step(what):
    print(f"  {what}")
    await asyncio.sleep(0)


async def worker():
    g = Guard()
    try:
        await step("a")
        async with g:
            await step("b")
            try:
                await step("c")
            finally:
                print("  inner finally")
            await step("d")
        await step("e")
    finally:
        print("  outer finally")


async def amain():
    for k in range(8):
        print(f"cancel after {k}")
        t = asyncio.create_task(worker())
        for i in range(k):
            await asyncio.sleep(0)
        t.cancel()
        try:
            await t
            print("  finished")
        except asyncio.CancelledError:
            print("  cancelled")
    return 0


asyncio.run(amain())
