# The seed's AsyncAdd: an asynchronous context manager whose __aenter__
# awaits, then returns a + b (bound by `as`); __aexit__ sees the exception
# leaving the block and may suppress it.
import asyncio


class AsyncAdd:
    def __init__(self, a, b, suppress=False):
        self.a = a
        self.b = b
        self.suppress = suppress

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        return self.a + self.b

    async def __aexit__(self, exc_type, exc_value, traceback):
        await asyncio.sleep(0)
        if exc_type is None:
            print("aexit: clean exit")
        else:
            print("aexit:", exc_type.__name__, exc_value)
        return self.suppress


async def main():
    async with AsyncAdd(1, 2) as result:
        print(result)

    async with AsyncAdd(10, 20, suppress=True) as result:
        print(result)
        raise ValueError("suppressed by aexit")
    print("after the suppressed error")

    try:
        async with AsyncAdd(3, 4) as result:
            print(result)
            raise ValueError("passes through")
    except ValueError as e:
        print("caught", e)

    for i in range(3):
        async with AsyncAdd(i, i) as result:
            if i == 1:
                continue
            print("loop", result)
    return 0


print("exit", asyncio.run(main()))
