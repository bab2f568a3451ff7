# An async generator abandoned by `async for ... break` inside an
# `async with` just before main returns: the run's shutdown cancels the
# finalizer's aclose() task before it starts, so the exit sees
# CancelledError; CPython 3.11's aclose() is left in its initial state by
# that throw, so the next step throws GeneratorExit into the exit's own
# await ("exit end" never prints).
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
