# asyncio.Queue, LifoQueue, PriorityQueue: typed items (a struct comes
# out as it went in), nowait errors, qsize/empty/full, maxsize 0, put
# blocking while full and get while empty, task_done/join, LIFO and
# heap order (equal keys in heapq's order).
import asyncio


def report(what, f):
    try:
        f()
        print(f"{what}: ok")
    except Exception as e:
        print(f"{what}: {type(e).__name__}: '{e}'")


async def settle(n):
    for i in range(n):
        await asyncio.sleep(0)


async def typed():
    print("-- typed items")
    q = asyncio.Queue(0)
    job = [1, "alpha", 0.5]
    await q.put(tuple(job))
    job = [2, "beta", 1.25]
    q.put_nowait(tuple(job))
    j = await q.get()
    print(f"got {j[0]} {j[1]} {j[2]:.2f}")
    out = []
    report("get_nowait", lambda: out.append(q.get_nowait()))
    j = out[0]
    print(f"got {j[0]} {j[1]} {j[2]:.2f}")


def sizes(q):
    print(f"qsize={q.qsize()} empty={int(q.empty())} full={int(q.full())}")


async def errors():
    print("-- errors")
    q = asyncio.Queue(2)
    sizes(q)
    report("get_nowait", q.get_nowait)
    for i in range(1, 4):
        report("put_nowait", lambda: q.put_nowait(i))
        sizes(q)
    report("task_done", q.task_done)
    report("task_done", q.task_done)
    report("task_done", q.task_done)
    try:
        for i in range(2):
            q.put_nowait(0)
        await q.join()
    except asyncio.QueueFull as e:
        print(f"QueueFull caught as {type(e).__name__}")
    u = asyncio.Queue(0)
    for i in range(1000):
        await u.put(i)
    s = 0
    while not u.empty():
        s += await u.get()
    print(f"unbounded: full={int(u.full())} sum={s}")


async def producer(q, n):
    for i in range(n):
        print(f"put {i} (qsize {q.qsize()})")
        await q.put(i)
    print("producer done")


async def consumer(q, n, pause):
    for i in range(n):
        v = await q.get()
        print(f"got {v}")
        await settle(pause)
        q.task_done()


async def blocking():
    print("-- put blocks while full, get while empty")
    q = asyncio.Queue(2)
    c = asyncio.create_task(consumer(q, 6, 2))
    p = asyncio.create_task(producer(q, 6))
    await settle(1)
    await q.join()
    print(f"joined, unfinished none: qsize={q.qsize()}")
    await p
    await c
    await q.join()
    print("join again returns at once")


async def lifo():
    print("-- LIFO")
    q = asyncio.LifoQueue(0)
    for i in range(5):
        q.put_nowait(i)
    while not q.empty():
        print(f"{await q.get()} ", end="")
    print()


class Item:
    def __init__(self, prio, seq):
        self.prio = prio
        self.seq = seq

    def __lt__(self, other):
        return self.prio < other.prio


async def priority():
    print("-- priority")
    q = asyncio.PriorityQueue(0)
    prios = [5, 1, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 0, 3, 1]
    for i in range(16):
        q.put_nowait(Item(prios[i], i))
        if i == 9:
            for k in range(3):
                o = await q.get()
                print(f"({o.prio},{o.seq}) ", end="")
    while not q.empty():
        o = await q.get()
        print(f"({o.prio},{o.seq}) ", end="")
    print()


async def amain():
    await typed()
    await errors()
    await blocking()
    await lifo()
    await priority()


asyncio.run(amain())
