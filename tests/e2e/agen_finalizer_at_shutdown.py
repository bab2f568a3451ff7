# An async generator abandoned by `async for ... break` whose
# finalizer-driven aclose() fails (it yields again in a finally), just
# before main returns: the run's shutdown cancels the aclose() task before
# it starts (CancelledError goes into the generator), reports its failure
# as "unhandled exception during asyncio.run() shutdown", and never
# resumes the generator again (its outer finally does not run).
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
    print("main end")


asyncio.run(main())
