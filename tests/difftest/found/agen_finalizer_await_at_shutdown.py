# difftest divergence: an async generator abandoned by `async for ... break`
# just before main returns; its finalizer-driven aclose() awaits (in a
# finally) while asyncio.run is shutting down.
import asyncio


async def ag():
    try:
        yield 1
    finally:
        print("finally start")
        await asyncio.sleep(0)
        print("finally end")


async def main():
    async for v in ag():
        print("item", v)
        break
    print("main end")


asyncio.run(main())
