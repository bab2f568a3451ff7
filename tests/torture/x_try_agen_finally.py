# oracle for x_try_agen_finally.ac
import asyncio

async def items(n):
    try:
        for i in range(n):
            try:
                yield i
            finally:
                await asyncio.sleep(0)
                print("item %d done" % i)
    finally:
        await asyncio.sleep(0)
        print("items finally")

async def amain():
    async for v in items(2):
        print("got %d" % v)
    g = items(5)
    v = await g.__anext__()
    print("first %d" % v)
    await g.aclose()
    print("closed")
    return 0

asyncio.run(amain())
