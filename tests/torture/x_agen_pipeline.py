# oracle for x_agen_pipeline.ac
import asyncio

async def ticks(n):
    for i in range(1, n + 1):
        await asyncio.sleep(0)
        yield i

async def doubled(n):
    async for v in ticks(n):
        if v == 3:
            continue
        yield v * 2

async def amain():
    total = 0
    async for v in doubled(6):
        print(v)
        total += v
    return total

print("total %d" % asyncio.run(amain()))
