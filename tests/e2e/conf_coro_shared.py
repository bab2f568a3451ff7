# Conformance: one coroutine awaited from two places.  The second await
# while the first is in progress is "coroutine is being awaited already";
# once the first has finished, "cannot reuse already awaited coroutine".
import asyncio


async def slow():
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return 7


async def waiter(c, name):
    try:
        v = await c
        print(f"{name} got {v}")
    except RuntimeError as e:
        print(f"{name}: {e}")


async def amain():
    c = slow()
    await asyncio.gather(waiter(c, "first"), waiter(c, "second"))
    await waiter(c, "third")


asyncio.run(amain())
