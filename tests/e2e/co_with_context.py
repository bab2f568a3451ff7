# An exception raised by aexit while the `async with` is inside a catch
# handler (its body ended normally) gets that handler's exception as its
# context, as CPython's exc_info gives it.
import asyncio


class Res:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        return self

    async def __aexit__(self, t, v, tb):
        await asyncio.sleep(0)
        raise RuntimeError(f"exit {self.name}")


def show(e):
    ctx = e.__context__
    print(f"caught {e} (context {ctx if ctx is not None else 'none'})")


async def main():
    try:
        raise ValueError("outer")
    except ValueError:
        try:
            async with Res("in-handler"):
                print("body")
        except RuntimeError as e:
            show(e)
    try:
        async with Res("plain"):
            print("body")
    except RuntimeError as e:
        show(e)


asyncio.run(main())
