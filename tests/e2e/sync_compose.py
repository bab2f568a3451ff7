# The primitives' awaitables are coroutines: a queue get run as a task
# gives its item through the task, wait_for times out an acquire and a
# get (the waiter leaves the queue of waiters), gather runs several.
import asyncio


async def amain():
    q = asyncio.Queue(0)
    t = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(42)
    print(f"task got {await t}")

    try:
        await asyncio.wait_for(q.get(), 0.01)
    except asyncio.TimeoutError:
        print("get timed out")
    q.put_nowait(7)
    got = await asyncio.wait_for(q.get(), None)
    print(f"then got {got}, qsize={q.qsize()}")

    lock = asyncio.Lock()
    await lock.acquire()
    try:
        await asyncio.wait_for(lock.acquire(), 0.01)
    except asyncio.TimeoutError:
        print(f"acquire timed out, locked={int(lock.locked())}")
    lock.release()
    ok = await asyncio.wait_for(lock.acquire(), 0.01)
    print(f"acquired after release: {int(ok)}")
    lock.release()

    ev = asyncio.Event()
    ev.set()
    q.task_done()
    q.task_done()
    await asyncio.gather(ev.wait(), lock.acquire(), q.join())
    print(f"gathered, locked={int(lock.locked())}")
    lock.release()


asyncio.run(amain())
