import asyncio


async def square(x):
    await asyncio.sleep(0)
    return x * x


async def boom(x):
    await asyncio.sleep(0)
    raise ValueError(f"boom {x}")


async def forever():
    try:
        await asyncio.sleep(3600)
    finally:
        print("forever: finally")


async def doubled(inner):
    v = await inner
    return 2 * v


MANY = 1000


async def amain():
    ts = [asyncio.create_task(square(i)) for i in range(5)]
    for t in ts:
        await t
    print(f"sum of squares {sum(t.result() for t in ts)}")

    t = asyncio.create_task(boom(7))
    try:
        await t
    except ValueError as e:
        print(f"caught {e}")
    print(f"kept {t.exception()}")

    t = asyncio.create_task(square(9))
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled before its first step")

    t = asyncio.create_task(forever())
    await asyncio.sleep(0)
    t.cancel("stop")
    try:
        await t
    except asyncio.CancelledError as e:
        print(f"cancelled: {e}")

    keep = asyncio.create_task(square(11))  # noqa: F841 (the loop's)
    await asyncio.sleep(0)
    await asyncio.sleep(0)

    made = square(4)
    t = asyncio.create_task(made)
    print(f"made before: {await t}")

    t = asyncio.create_task(doubled(square(3)))
    print(f"doubled: {await t}")

    t = asyncio.get_running_loop().create_task(square(5), name="five")
    v = await t
    print(f"{t.get_name()}: {v}")

    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(square(6))
        b = tg.create_task(square(7))
    print(f"group: {a.result() + b.result()}")

    ts = [asyncio.create_task(square(i % 10)) for i in range(MANY)]
    total = 0
    for t in ts:
        total += await t
    print(f"many: {total}")
    return 0


asyncio.run(amain())
