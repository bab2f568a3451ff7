# difftest divergence (exception context, issue 13 item 9): an exception
# raised and caught in a coroutine awaited from an async generator's except
# handler, after the handler yielded, has the handler's exception as its
# __context__.
import asyncio


def chain(e):
    s = f"{type(e).__name__}: {e.args[0]}"
    c = e.__context__
    while c is not None:
        s += f" <- {type(c).__name__}: {c.args[0]}"
        c = c.__context__
    return s


async def c():
    try:
        raise KeyError("inner")
    except KeyError as e:
        print("caught", chain(e))


async def ag(pause):
    try:
        raise ValueError("outer")
    except ValueError:
        if pause:
            yield 1
        await c()
        yield 2


async def main():
    for pause in (0, 1):
        async for v in ag(pause):
            print("item", v)


asyncio.run(main())
