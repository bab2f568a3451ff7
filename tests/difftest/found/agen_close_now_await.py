# Twin of agen_close_now_await.ac (difftest explore seed 301).
import asyncio


class Res:
    async def __aenter__(self):
        await asyncio.sleep(0)
        print("enter")
        return 7

    async def __aexit__(self, t, exc, tb):
        await asyncio.sleep(0)
        print("exit with", type(exc).__name__ if exc else "nothing")
        return True


async def ag():
    for i in range(3):
        async with Res():
            yield i


async def amain():
    g = ag()
    v = await g.__anext__()
    print("yielded", v)
    try:
        await g.aclose()
        print("closed")
    except RuntimeError as e:
        print("aclose raised", e)
    del g
    print("dropped")
    return 0


asyncio.run(amain())
