# An async generator abandoned by `async for ... break` whose
# finalizer-driven aclose() fails (it yields again in a finally), closed by
# the finalizer's task while main runs: asyncio reports that task as
# "Task exception was never retrieved" when the task goes.
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
