# Coroutines: await anywhere in an expression with C's sequencing, result
# types, exceptions through awaits, finally with awaits, tasks, futures,
# wait_for, deep chains.
import asyncio

calls = 0


async def twice(x):
    global calls
    calls += 1
    await asyncio.sleep(0)
    return 2 * x


async def truth(v):
    global calls
    calls += 1
    await asyncio.sleep(0)
    return v


async def half(x):
    return x / 2.0


async def fail(msg):
    await asyncio.sleep(0)
    raise ValueError(msg)


async def depth(n):
    if n == 0:
        return 0
    return await depth(n - 1) + 1


async def sequencing():
    global calls
    calls = 0
    a = await twice(1) + await twice(2) * 10
    print(f"a {a} calls {calls}")
    calls = 0
    if False and await truth(True):
        print("never")
    print(f"and-short calls {calls}")
    if True or await truth(False):
        print(f"or-short calls {calls}")
    if await truth(True) and await truth(False):
        print("never")
    else:
        print(f"and-full calls {calls}")
    calls = 0
    calls += 5
    b = await twice(calls)
    print(f"comma {b}")
    i = 0
    while await twice(i) < 6:
        i += 1
    print(f"while stopped at {i}")
    n = 0
    k = 0
    while k < await twice(3):
        if k != 2:
            n += k
        k += await twice(1)
    print(f"for sum {n}")
    h = await half(5)
    widened = await twice(21)
    print(f"half {h:.1f} widened {widened}")
    acc = 1
    acc += await twice(4)
    print(f"acc {acc}")
    print(f"depth {await depth(50)}")


async def guarded():
    r = 0
    try:
        r = await fail("boom")
        print("never")
    except ValueError as e:
        print(f"caught {e}")
        await asyncio.sleep(0)
        r = -1
    finally:
        await asyncio.sleep(0.001)
        print("finally ran")
    return r


async def worker(id, delay):
    await asyncio.sleep(delay)
    print(f"worker {id} done")
    return id * 10


async def amain():
    await sequencing()
    print(f"guarded {await guarded()}")
    t1 = asyncio.create_task(worker(1, 0.02))
    t2 = asyncio.create_task(worker(2, 0.01))
    r1 = await t1
    r2 = await t2
    print(f"tasks {r1} {r2}")
    try:
        never = await asyncio.wait_for(worker(3, 1.0), 0.01)
        print(f"never {never}")
    except asyncio.TimeoutError as e:
        print(f"timeout TimeoutError")
    f = asyncio.get_running_loop().create_future()
    f.set_result(7)
    got = await f
    print(f"future {got}")
    return await twice(50)


result = asyncio.run(amain())
print(f"run 0 result {result}")
