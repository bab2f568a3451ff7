# Exception context as CPython's exc_info stack gives it, for coroutines:
# the awaiting coroutines' handlers count (an awaited coroutine, an async
# generator's consumer, aexit run for a body that raised), a coroutine
# suspended inside a handler keeps it to itself, and each task sees only
# its own frames' handlers.
import asyncio


def r(e):
    return f"{type(e).__name__}({e.args[0]!r})" if e.args else f"{type(e).__name__}()"


def show(where, e):
    line = f"{where}: {r(e)}"
    c = e.__context__
    while c is not None:
        line += f" <- {r(c)}"
        c = c.__context__
    print(line)


async def catcher(tag):
    await asyncio.sleep(0)
    try:
        raise KeyError(tag)
    except KeyError as e:
        show("catcher", e)


async def raiser(tag):
    await asyncio.sleep(0)
    raise KeyError(tag)


async def chained_raiser():
    try:
        raise IndexError("inside task")
    except IndexError:
        raise KeyError("chained")


async def middle(tag):
    await catcher(tag)


async def await_task(t):
    try:
        await t
    except KeyError as e:
        show("task awaited below a handler", e)


async def agen(tag):
    try:
        raise KeyError(tag)
    except KeyError as e:
        show("agen", e)
    yield 1


class Res:
    def __init__(self, tag):
        self.tag = tag

    async def __aenter__(self):
        return self

    async def __aexit__(self, t, v, tb):
        await asyncio.sleep(0)
        try:
            raise KeyError(self.tag)
        except KeyError as e:
            show("aexit", e)
        return True


async def suspender():
    try:
        raise KeyError("susp")
    except KeyError:
        await asyncio.sleep(0.01)
        try:
            raise IndexError("after resume")
        except IndexError as e:
            show("suspender", e)


async def other():
    await asyncio.sleep(0)
    try:
        raise TypeError("other task")
    except TypeError as e:
        show("other", e)


async def sleeper():
    await asyncio.sleep(10)


async def cancelled_in_handler(deep):
    try:
        raise ValueError("cancel handler")
    except ValueError:
        try:
            if deep:
                await sleeper()
            else:
                await asyncio.sleep(10)
        except asyncio.CancelledError as e:
            where = "in a chain" if deep else "direct"
            print(f"cancelled {where}: context {r(e.__context__)}")


async def main():
    try:
        raise ValueError("caller")
    except ValueError:
        await catcher("awaited")
        await middle("two deep")
        try:
            await raiser("escaping")
        except KeyError as e:
            show("escaping", e)
        async for x in agen("async for"):
            pass
        t = asyncio.create_task(catcher("task from handler"))
    await t
    await catcher("outside")

    t = asyncio.create_task(raiser("task"))
    await asyncio.sleep(0.01)
    try:
        raise ValueError("h2")
    except ValueError:
        try:
            await t
        except KeyError as e:
            show("task awaited in handler", e)
    t = asyncio.create_task(chained_raiser())
    await asyncio.sleep(0.01)
    try:
        raise ValueError("h5")
    except ValueError:
        try:
            await t
        except KeyError as e:
            show("task with a context awaited in handler", e)
    try:
        raise ValueError("h6")
    except ValueError:
        try:
            await chained_raiser()
        except KeyError as e:
            show("coroutine with a context awaited in handler", e)
    t = asyncio.create_task(raiser("task 3"))
    await asyncio.sleep(0.01)
    try:
        raise ValueError("h3")
    except ValueError:
        await await_task(t)
    fut = asyncio.get_running_loop().create_future()
    fut.set_exception(KeyError("future"))
    try:
        raise ValueError("h4")
    except ValueError:
        try:
            await fut
        except KeyError as e:
            show("future awaited in handler", e)

    try:
        raise ValueError("around with")
    except ValueError:
        async with Res("aexit, nothing pending"):
            pass
        async with Res("aexit, body raised"):
            raise IndexError("body")

    await asyncio.gather(suspender(), other())

    for deep in (True, False):
        t = asyncio.create_task(cancelled_in_handler(deep))
        await asyncio.sleep(0)
        t.cancel()
        await t


asyncio.run(main())
