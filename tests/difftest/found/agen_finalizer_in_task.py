# difftest divergence (closed by the finalizer task while main runs): an async generator abandoned by `async for ... break`
# whose finalizer-driven aclose() fails (it yields again in a finally).
import asyncio


async def ag():
    try:
        yield 1
    finally:
        print("finally 1")
        try:
            yield 2
        finally:
            print("finally 2")


async def main():
    async for v in ag():
        print("item", v)
        break
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main end")


asyncio.run(main())
