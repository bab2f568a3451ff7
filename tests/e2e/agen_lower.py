# Async generators lowered: yield and await in try/catch/finally, an
# async for over another async generator inside one, asend values,
# athrow caught inside, aclose running finally with an await.
import asyncio


async def source(n):
    try:
        for i in range(n):
            await asyncio.sleep(0)
            yield i
    finally:
        await asyncio.sleep(0)
        print("source finally")


async def doubler():
    factor = 2
    async for v in source(4):
        try:
            got = yield v * factor
            if got:
                factor = got
        except ValueError as e:
            print(f"doubler caught {e}")
            yield -1


async def amain():
    d = doubler()
    v = await d.__anext__()
    print(f"first {v}")
    v = await d.asend(3)
    print(f"after asend {v}")
    v = await d.athrow(ValueError("oops"))
    print(f"after athrow {v}")
    v = await d.__anext__()
    print(f"next {v}")
    await d.aclose()
    print("closed")
    total = 0
    async for x in source(3):
        total += x
    print(f"total {total}")
    return 0


asyncio.run(amain())
