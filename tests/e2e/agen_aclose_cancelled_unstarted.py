# An aclose()/athrow() task cancelled before its first step: CancelledError
# goes into the generator; the awaitable stays in its initial state
# (CPython 3.11), so at its next step aclose() throws GeneratorExit where
# the generator awaits; cancelled again while the generator awaits,
# CancelledError goes in there.
import asyncio


async def ag():
    try:
        yield 1
    finally:
        print("finally start")
        try:
            await asyncio.sleep(0)
            print("finally after sleep")
        except BaseException as e:
            print("finally got", type(e).__name__)
            raise


async def ag2():
    try:
        yield 1
    except ValueError:
        print("caught ValueError")
        await asyncio.sleep(0)
        print("after sleep")
        yield 2


async def main():
    g = ag()
    print("first", await g.__anext__())
    t = asyncio.create_task(g.aclose())
    t.cancel()
    try:
        await t
        print("aclose done", t.cancelled())
    except asyncio.CancelledError:
        print("aclose cancelled")
    g2 = ag2()
    print("first", await g2.__anext__())
    t2 = asyncio.create_task(g2.athrow(ValueError()))
    t2.cancel()
    try:
        print("athrow gave", await t2)
    except BaseException as e:
        print("athrow raised", type(e).__name__)
    g3 = ag()
    print("first", await g3.__anext__())
    t3 = asyncio.create_task(g3.aclose())
    t3.cancel()
    await asyncio.sleep(0)
    t3.cancel()
    try:
        await t3
        print("aclose3 done")
    except asyncio.CancelledError:
        print("aclose3 cancelled")


asyncio.run(main())
