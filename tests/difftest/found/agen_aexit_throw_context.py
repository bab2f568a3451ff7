# difftest divergence (exception context; ci seed 216 with shutdown_pending):
# the exit raises after GeneratorExit was thrown at its await; CPython gives
# the error the CancelledError the generator handles as its context.
import asyncio


class Res:
    async def __aenter__(self):
        return 7

    async def __aexit__(self, t, exc, tb):
        try:
            await asyncio.sleep(0)
        finally:
            raise ZeroDivisionError("z")


async def ag():
    async with Res():
        yield 1


async def main():
    async for v in ag():
        print("item", v)
        break
    print("main end")


asyncio.run(main())
