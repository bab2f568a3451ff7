# asyncio.Lock: FIFO fairness (a woken waiter is not overtaken), release
# of an unlocked lock, async with, and cancellation of a waiter while it
# waits and after it was woken but before it ran (the next one gets the
# lock).
import asyncio


def report(what, f):
    try:
        f()
        print(f"{what}: ok")
    except Exception as e:
        print(f"{what}: {type(e).__name__}: {e}")


async def holder(lock, id, rounds):
    async with lock:
        print(f"task {id} holds the lock")
        for i in range(rounds):
            await asyncio.sleep(0)
        print(f"task {id} releases")


async def waiter(lock, id):
    try:
        ok = await lock.acquire()
        print(f"task {id} acquired: {int(ok)}")
        await asyncio.sleep(0)
        report("release", lock.release)
    except asyncio.CancelledError:
        print(f"task {id} cancelled, locked={int(lock.locked())}")
        raise


async def settle(n):
    for i in range(n):
        await asyncio.sleep(0)


async def fairness():
    print("-- fairness")
    lock = asyncio.Lock()
    t = [asyncio.create_task(holder(lock, i, 2 - i % 3)) for i in range(5)]
    for x in t:
        await x
    print(f"locked={int(lock.locked())}")


async def no_barging():
    print("-- no barging")
    lock = asyncio.Lock()
    await lock.acquire()
    w = asyncio.create_task(waiter(lock, 1))
    await settle(2)
    lock.release()
    print(f"released, locked={int(lock.locked())}")
    await lock.acquire()
    print("main re-acquired")
    lock.release()
    await w


async def errors():
    print("-- errors")
    lock = asyncio.Lock()
    report("release unlocked", lock.release)
    await lock.acquire()
    report("release", lock.release)
    report("release again", lock.release)
    try:
        async with lock:
            print(f"in block, locked={int(lock.locked())}")
            raise ValueError("boom")
    except ValueError as e:
        print(f"caught {e}, locked={int(lock.locked())}")


async def cancel_case(which, woken):
    print(f"-- cancel waiter {which} {'after wake-up' if woken else 'while waiting'}")
    lock = asyncio.Lock()
    await lock.acquire()
    t = [asyncio.create_task(waiter(lock, i)) for i in range(3)]
    await settle(2)
    if woken:
        lock.release()
        t[which].cancel()
    else:
        t[which].cancel()
        await settle(1)
        lock.release()
    for i in range(3):
        try:
            await t[i]
        except asyncio.CancelledError:
            print(f"task {i} ended cancelled")
    print(f"locked={int(lock.locked())}")


async def cancel_last():
    print("-- cancel the only waiter")
    lock = asyncio.Lock()
    await lock.acquire()
    t = asyncio.create_task(waiter(lock, 9))
    await settle(1)
    lock.release()
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled")
    await lock.acquire()
    print(f"acquired at once, locked={int(lock.locked())}")
    lock.release()


async def amain():
    await fairness()
    await no_barging()
    await errors()
    for which in range(3):
        for woken in range(2):
            await cancel_case(which, woken)
    await cancel_last()
    return 0


asyncio.run(amain())
