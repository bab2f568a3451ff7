# Resumable functions declared in an .ah header, used before their
# definitions.
import asyncio


def twice_countdown():
    a = yield from countdown(2)
    b = yield from countdown(1)
    return a + b


async def total():
    s = 0
    for v in twice_countdown():
        s += await slow_square(v) + 1
    return s


def countdown(start):
    n = start
    while n > 0:
        yield n
        n -= 1
    return start * 100


async def slow_square(x):
    await asyncio.sleep(0)
    return x * x


print(f"total {asyncio.run(total())}")
for v in twice_countdown():
    print(f"yielded {v}")
