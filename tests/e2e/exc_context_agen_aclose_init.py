# An aclose() task cancelled before its first step throws CancelledError
# into the generator, which awaits in its handler (an async with's exit, an
# except block); GeneratorExit is thrown in there at the next step and what
# comes back out of the awaited coroutine is chained to the CancelledError
# the generator handles (gen_send_ex), replacing GeneratorExit.
import asyncio


def r(e):
    return f"{type(e).__name__}({str(e)!r})" if str(e) else f"{type(e).__name__}()"


def show(where, e):
    out = [r(e)]
    c = e.__context__
    while c is not None:
        out.append(r(c))
        c = c.__context__
    print(f"{where}: " + " <- ".join(out))


class Res:
    async def __aenter__(self):
        return 7

    async def __aexit__(self, t, exc, tb):
        try:
            await asyncio.sleep(0)
        finally:
            raise ZeroDivisionError("exit")


async def ag_with():
    async with Res():
        yield 1


async def helper():
    try:
        await asyncio.sleep(0)
    finally:
        raise IndexError("helper")


async def middle():
    await helper()


async def ag_except():
    try:
        yield 1
    except asyncio.CancelledError:
        await middle()


async def ag_caught():
    try:
        yield 1
    except asyncio.CancelledError:
        try:
            await helper()
        except IndexError as e:
            show("in generator", e)
            raise ValueError("again")


async def close_cancelled(name, gen):
    v = await gen.__anext__()
    print(name, "first", v)
    t = asyncio.create_task(gen.aclose())
    t.cancel()
    try:
        await t
        print(name, "closed")
    except BaseException as e:
        show(name, e)


async def main():
    await close_cancelled("async with", ag_with())
    await close_cancelled("except", ag_except())
    await close_cancelled("caught", ag_caught())


asyncio.run(main())
