# exception context (issue 13 item 9, found by tests/difftest): wait_for
# timing out inside an except.  asyncio's TimeoutError has the CancelledError
# as its context, which has the exception being handled as its own.
import asyncio


def chain(e):
    s = f"{type(e).__name__}: {e.args[0] if e.args else ''}"
    c = e.__context__
    while c is not None:
        s += f" <- {type(c).__name__}: {c.args[0] if c.args else ''}"
        c = c.__context__
    return s


async def work():
    await asyncio.sleep(0)
    return 1


async def main():
    try:
        try:
            raise ZeroDivisionError("first")
        except ZeroDivisionError:
            await asyncio.wait_for(work(), 0)
    except TimeoutError as e:
        print("caught", chain(e))


asyncio.run(main())
