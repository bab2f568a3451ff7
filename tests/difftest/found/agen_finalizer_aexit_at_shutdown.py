# difftest divergence: an async generator abandoned by `async for ... break`
# inside an `async with` just before main returns; its finalizer-driven
# aclose() runs the exit, which awaits, while asyncio.run is shutting down.
import asyncio


class Res:
    async def __aenter__(self):
        return 7

    async def __aexit__(self, t, exc, tb):
        print("exit start", type(exc).__name__)
        await asyncio.sleep(0)
        print("exit end")
        return False


async def ag():
    async with Res():
        yield 1


async def main():
    async for v in ag():
        print("item", v)
        break
    print("main end")


asyncio.run(main())
