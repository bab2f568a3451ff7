# asyncio.Condition: wait and notify without the lock, notify(n) and
# notify_all in FIFO order, wait_for with a predicate, a condition on a
# given lock, a lone waiter cancelled while waiting and while
# re-acquiring the lock (it holds the lock again when CancelledError
# reaches it).
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


async def waiter(cond, id):
    async with cond:
        try:
            ok = await cond.wait()
            print(f"waiter {id} notified: {int(ok)}, locked={int(cond.locked())}")
        except asyncio.CancelledError:
            print(f"waiter {id} cancelled, locked={int(cond.locked())}")
            raise


async def errors():
    print("-- errors")
    cond = asyncio.Condition()
    try:
        await cond.wait()
    except RuntimeError as e:
        print(f"wait: {e}")
    report("notify", lambda: cond.notify(1))
    report("notify_all", cond.notify_all)
    async with cond:
        report("notify held", lambda: cond.notify(1))
        report("notify_all held", cond.notify_all)


async def notify_counts():
    print("-- notify(1), notify(2), notify_all")
    cond = asyncio.Condition()
    t = [asyncio.create_task(waiter(cond, i)) for i in range(5)]
    await settle(1)
    async with cond:
        report("notify 1", lambda: cond.notify(1))
    await settle(3)
    print("after notify(1)")
    async with cond:
        report("notify 2", lambda: cond.notify(2))
        report("notify 0", lambda: cond.notify(0))
    await settle(3)
    print("after notify(2)")
    async with cond:
        report("notify_all", cond.notify_all)
    for x in t:
        await x


class Counter:
    def __init__(self, value, goal):
        self.value = value
        self.goal = goal


def reached(c):
    print(f"  predicate: {c.value} >= {c.goal}")
    return c.value >= c.goal


async def wait_for_goal(cond, c):
    async with cond:
        r = await cond.wait_for(lambda: reached(c))
        print(f"wait_for returned {int(r)} at {c.value}")


async def wait_for_case():
    print("-- wait_for")
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    c = Counter(0, 3)
    t = asyncio.create_task(wait_for_goal(cond, c))
    await settle(1)
    for i in range(4):
        async with lock:
            c.value += 1
            print(f"value {c.value}")
            cond.notify_all()
        await settle(2)
    await t
    async with cond:
        print(f"own lock shared: {int(lock.locked())}")
        r = await cond.wait_for(lambda: reached(c))
        print(f"already true: {int(r)}")


async def cancel_waiting():
    print("-- cancelled while waiting")
    cond = asyncio.Condition()
    t = asyncio.create_task(waiter(cond, 0))
    await settle(2)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print(f"ended cancelled, locked={int(cond.locked())}")


async def cancel_reacquiring():
    print("-- cancelled while re-acquiring")
    cond = asyncio.Condition()
    t = asyncio.create_task(waiter(cond, 0))
    await settle(2)
    async with cond:
        cond.notify(1)
        await settle(2)
        print("cancel while it waits for the lock")
        t.cancel()
        await settle(2)
        print("releasing")
    try:
        await t
    except asyncio.CancelledError:
        print(f"ended cancelled, locked={int(cond.locked())}")


def never():
    print("  predicate: no")
    return False


async def wait_for_never(cond):
    async with cond:
        try:
            await cond.wait_for(never)
        except asyncio.CancelledError:
            print(f"wait_for cancelled, locked={int(cond.locked())}")
            raise


async def cancel_wait_for():
    print("-- wait_for cancelled")
    cond = asyncio.Condition()
    t = asyncio.create_task(wait_for_never(cond))
    await settle(2)
    async with cond:
        cond.notify_all()
    await settle(3)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print(f"ended cancelled, locked={int(cond.locked())}")


async def amain():
    await errors()
    await notify_counts()
    await wait_for_case()
    await cancel_waiting()
    await cancel_reacquiring()
    await cancel_wait_for()


asyncio.run(amain())
