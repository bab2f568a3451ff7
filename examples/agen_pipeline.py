# A pipeline of async generators: a producer that waits between items, a
# filter that consumes one async generator and yields from another loop, a
# consumer that stops early (the filter's and the producer's finally blocks
# run, innermost last, once the loop's finalizer closes them).
import asyncio


async def produce(n):
    try:
        for i in range(1, n + 1):
            await asyncio.sleep(0.001)
            print("produced", i)
            yield i
    finally:
        print("producer finally")


async def keep_odd(source):
    try:
        async for v in source:
            if v % 2:
                yield v * 10
    finally:
        print("filter finally")


async def consume():
    total = 0
    async for v in keep_odd(produce(9)):
        print("consumed", v)
        total += v
        if total > 60:
            break
    print("total", total)
    await asyncio.sleep(0.01)
    return total


print("exit", asyncio.run(consume()))
