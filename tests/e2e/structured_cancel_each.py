# Cancelling a task at each loop iteration while it goes through a task
# group, a timeout, shield, wait, gather(return_exceptions) and
# as_completed: every await inside each primitive is hit once.
import asyncio


async def tick(name, n):
    try:
        for i in range(n):
            await asyncio.sleep(0)
        return n
    except asyncio.CancelledError:
        print(f"  {name} cancelled")
        raise


async def worker():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(tick("child1", 2))
            tg.create_task(tick("child2", 3))
            await tick("body", 1)
        print("  group done")
        async with asyncio.timeout(10):
            await tick("in timeout", 2)
        print("  timeout done")
        inner = asyncio.create_task(tick("shielded", 2))
        await asyncio.shield(inner)
        print("  shield done")
        ts = [asyncio.create_task(tick("w1", 1)), asyncio.create_task(tick("w2", 2))]
        await asyncio.wait(ts)
        print("  wait done")
        ts = [asyncio.create_task(tick("g1", 1)), asyncio.create_task(tick("g2", 2))]
        await asyncio.gather(*ts, return_exceptions=True)
        print("  gather done")
        ts = [asyncio.create_task(tick("a1", 2)), asyncio.create_task(tick("a2", 1))]
        for c in asyncio.as_completed(ts):
            await c
        print("  as_completed done")
    finally:
        print("  worker finally")


async def amain():
    for k in range(30):
        print(f"cancel after {k}")
        t = asyncio.create_task(worker())
        for i in range(k):
            await asyncio.sleep(0)
        t.cancel()
        try:
            await t
            print("  finished")
        except asyncio.CancelledError:
            print("  cancelled")
        for i in range(4):  # let orphans (shielded, waited) finish quietly
            await asyncio.sleep(0)
        print(f"  tasks left {len(asyncio.all_tasks()) - 1}")


asyncio.run(amain())
