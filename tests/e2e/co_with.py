# async with: aenter/aexit ordering, return/break/continue through the
# block, a raising aenter, a raising aexit, suppression, cancellation.
import asyncio


class Res:
    def __init__(self, name, fail_enter=0, fail_exit=0, suppress=0):
        self.name = name
        self.fail_enter = fail_enter
        self.fail_exit = fail_exit
        self.suppress = suppress

    async def __aenter__(self):
        await asyncio.sleep(0)
        print(f"enter {self.name}")
        if self.fail_enter:
            raise KeyError(f"enter {self.name}")
        return 7

    async def __aexit__(self, t, exc, tb):
        await asyncio.sleep(0)
        if exc:
            msg = exc.args[0] if exc.args else ""
            print(f"exit {self.name} with {type(exc).__name__}: {msg}")
        else:
            print(f"exit {self.name} clean")
        if self.fail_exit:
            raise RuntimeError(f"exit {self.name}")
        return bool(self.suppress)


async def early_return():
    async with Res("ret") as v:
        return v * 6
    return -1


async def loops():
    for i in range(4):
        async with Res("cont" if i == 1 else "brk" if i == 2 else "loop"):
            if i == 1:
                continue
            if i == 2:
                break
            print(f"body {i}")


async def failures():
    try:
        async with Res("bad-enter", 1):
            print("never")
    except KeyError as e:
        print(f"caught {e.args[0]}")
    try:
        async with Res("bad-exit", 0, 1):
            raise ValueError("body")
    except RuntimeError as e:
        ctx = e.__context__
        print(f"caught {e.args[0]} (context {ctx.args[0] if ctx else 'none'})")
    try:
        async with Res("quiet", 0, 0, 1):
            raise ValueError("swallowed")
        print("after quiet")
    finally:
        print("finally after quiet")


async def sleeper():
    try:
        async with Res("cancelled"):
            await asyncio.sleep(10)
    finally:
        print("sleeper finally")


async def amain():
    print(f"early {await early_return()}")
    await loops()
    await failures()
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0.01)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError as e:
        print(f"task cancelled: {type(e).__name__}")
    return 0


asyncio.run(amain())
