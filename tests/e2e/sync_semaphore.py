# asyncio.Semaphore and BoundedSemaphore: at most `value` holders, FIFO;
# a negative value; over-release of a bounded one; locked(); a waiter
# cancelled while waiting and one cancelled after release woke it (its
# unit goes to the next waiter).
import asyncio


def report(what, f):
    try:
        f()
        print(f"{what}: ok")
    except Exception as e:
        print(f"{what}: {type(e).__name__}: {e}")


async def settle(n):
    for i in range(n):
        await asyncio.sleep(0)


async def worker(sem, id, rounds):
    async with sem:
        print(f"worker {id} in")
        await settle(rounds)
        print(f"worker {id} out")


async def waiter(sem, id):
    try:
        ok = await sem.acquire()
        print(f"waiter {id} acquired: {int(ok)}")
    except asyncio.CancelledError:
        print(f"waiter {id} cancelled, locked={int(sem.locked())}")
        raise


async def limit():
    print("-- at most two")
    sem = asyncio.Semaphore(2)
    t = [asyncio.create_task(worker(sem, i, 1 + i % 3)) for i in range(6)]
    for x in t:
        await x
    print(f"locked={int(sem.locked())}")


async def errors():
    print("-- errors")
    report("Semaphore(-1)", lambda: asyncio.Semaphore(-1))
    report("BoundedSemaphore(-1)", lambda: asyncio.BoundedSemaphore(-1))
    b = asyncio.BoundedSemaphore(1)
    report("bounded release", b.release)
    await b.acquire()
    print(f"locked={int(b.locked())}")
    report("bounded release", b.release)
    report("bounded release again", b.release)
    s = asyncio.Semaphore(0)
    print(f"zero locked={int(s.locked())}")
    report("plain release", s.release)
    report("plain release", s.release)
    await s.acquire()
    await s.acquire()
    print(f"acquired twice, locked={int(s.locked())}")


async def cancel_case(which, woken):
    print(f"-- cancel waiter {which} {'after wake-up' if woken else 'while waiting'}")
    sem = asyncio.Semaphore(0)
    t = [asyncio.create_task(waiter(sem, i)) for i in range(3)]
    await settle(1)
    if woken:
        sem.release()
        t[which].cancel()
    else:
        t[which].cancel()
        await settle(1)
        sem.release()
    await settle(3)
    print(f"locked={int(sem.locked())}")
    sem.release()
    sem.release()
    for i in range(3):
        try:
            await t[i]
        except asyncio.CancelledError:
            print(f"waiter {i} ended cancelled")
    print(f"locked={int(sem.locked())}")


async def two_releases():
    print("-- two releases")
    sem = asyncio.Semaphore(0)
    t = [asyncio.create_task(waiter(sem, i)) for i in range(3)]
    await settle(1)
    sem.release()
    sem.release()
    await settle(2)
    print(f"done: {int(t[0].done())} {int(t[1].done())} {int(t[2].done())}")
    t[2].cancel()
    for i in range(3):
        try:
            await t[i]
        except asyncio.CancelledError:
            print(f"waiter {i} ended cancelled")


async def amain():
    await limit()
    await errors()
    for which in range(3):
        for woken in range(2):
            await cancel_case(which, woken)
    await two_releases()


asyncio.run(amain())
