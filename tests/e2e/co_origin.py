# cr_origin-like check: where a coroutine was created.
import asyncio


async def job(x):
    return x + 1


async def amain():
    inner = job(1)
    r = await inner
    return 100 + r


c = job(41)
print("origin ok")
print(f"job {asyncio.run(c)}")
print(f"amain {asyncio.run(amain())}")
