# Queue waiters cancelled: a getter or putter cancelled while it waits,
# and one cancelled after a put or get woke it but before it ran (the
# wake-up goes on to the next waiter, no item is lost or stuck).
import asyncio


async def settle(n):
    for i in range(n):
        await asyncio.sleep(0)


async def getter(q, id):
    try:
        v = await q.get()
        print(f"getter {id} got {v}")
    except asyncio.CancelledError:
        print(f"getter {id} cancelled, qsize={q.qsize()}")
        raise


async def putter(q, id):
    v = 100 + id
    try:
        await q.put(v)
        print(f"putter {id} put {v}")
    except asyncio.CancelledError:
        print(f"putter {id} cancelled, qsize={q.qsize()}")
        raise


async def finish(t):
    for i in range(len(t)):
        try:
            await t[i]
        except asyncio.CancelledError:
            print(f"task {i} ended cancelled")


async def getters(which, woken):
    print(f"-- getter {which} cancelled {'after wake-up' if woken else 'while waiting'}")
    q = asyncio.Queue(0)
    t = [asyncio.create_task(getter(q, i)) for i in range(3)]
    await settle(1)
    if woken:
        q.put_nowait(1)
        t[which].cancel()
    else:
        t[which].cancel()
        await settle(1)
        q.put_nowait(1)
    await settle(2)
    q.put_nowait(2)
    await finish(t)
    print(f"qsize={q.qsize()}")


async def putters(which, woken):
    print(f"-- putter {which} cancelled {'after wake-up' if woken else 'while waiting'}")
    q = asyncio.Queue(1)
    q.put_nowait(0)
    t = [asyncio.create_task(putter(q, i)) for i in range(3)]
    await settle(1)
    if woken:
        print(f"main got {q.get_nowait()}")
        t[which].cancel()
    else:
        t[which].cancel()
        await settle(1)
        print(f"main got {q.get_nowait()}")
    await settle(2)
    while not (t[0].done() and t[1].done() and t[2].done()):
        v = await q.get()
        print(f"main got {v}")
        await settle(2)
    await finish(t)
    while not q.empty():
        print(f"left {q.get_nowait()}")


async def joiner(q, id):
    try:
        await q.join()
        print(f"joiner {id} joined")
    except asyncio.CancelledError:
        print(f"joiner {id} cancelled")
        raise


async def joiners():
    print("-- a joiner cancelled")
    q = asyncio.Queue(0)
    q.put_nowait(5)
    t = [asyncio.create_task(joiner(q, i)) for i in range(2)]
    await settle(2)
    t[0].cancel()
    await settle(1)
    q.get_nowait()
    q.task_done()
    await finish(t)


async def amain():
    for which in range(3):
        for woken in range(2):
            await getters(which, woken)
    for which in range(3):
        for woken in range(2):
            await putters(which, woken)
    await joiners()


asyncio.run(amain())
