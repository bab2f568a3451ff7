# break/continue/return/goto through for-in loops, try/finally and
# switch, in generators, coroutines and plain functions.
import asyncio


def upto(name, n):
    try:
        for i in range(n):
            yield i
    finally:
        print(f"{name} closed")


def mixed():
    for rnd in range(3):
        try:
            for v in upto("inner", 5):
                if v == 1:
                    continue
                elif v == 3:
                    if rnd != 1:
                        yield 100 + v
                else:
                    yield v
                if v == 3 and rnd == 2:
                    break
                if v == 3 and rnd == 1:
                    continue
        finally:
            print(f"round {rnd} finally")
        if rnd == 0:
            continue
        yield -rnd


def find(target):
    for a in upto("a", 4):
        for b in upto("b", 4):
            if a * b == target:
                return a * 10 + b
    return -1


def skip_out():
    seen = 0
    for a in upto("outer", 10):
        if a == 2:
            break
        seen += 1
    return seen


async def ticks(n):
    await asyncio.sleep(0)
    return n


async def loops():
    total = 0
    i = 0
    while True:
        total += i
        i += 1
        if not (await ticks(i) < 4):
            break
    j = 0
    while j < 6:
        if j != 2:
            total += j * 100
        j += await ticks(2)
    return total


for v in mixed():
    print(f"mixed {v}")
print(f"find {find(6)}")
print(f"skip_out {skip_out()}")
print(f"loops {asyncio.run(loops())}")
