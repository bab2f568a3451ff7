# sync.py - bench/sync.ac in asyncio (or uvloop with --uvloop first):
# `queue N` ping-pong of N items between two tasks through two queues,
# `lock T R` T tasks each taking a lock R times across one sleep(0).
# Prints "OPS SECONDS".
import asyncio
import sys
import time


async def ping(out, inq, n):
    for i in range(n):
        await out.put(i)
        await inq.get()


async def pong(inq, out, n):
    for i in range(n):
        v = await inq.get()
        await out.put(v)


async def queue_bench(n):
    a = asyncio.Queue(1)
    b = asyncio.Queue(1)
    p = asyncio.create_task(ping(a, b, n))
    q = asyncio.create_task(pong(a, b, n))
    await p
    await q
    return 2 * n


async def locker(lock, rounds):
    for i in range(rounds):
        async with lock:
            await asyncio.sleep(0)


async def lock_bench(tasks, rounds):
    lock = asyncio.Lock()
    t = [asyncio.create_task(locker(lock, rounds)) for _ in range(tasks)]
    for x in t:
        await x
    return tasks * rounds


def main():
    args = sys.argv[1:]
    if args[0] == "--uvloop":
        import uvloop
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        args = args[1:]
    start = time.monotonic()
    if args[0] == "queue":
        ops = asyncio.run(queue_bench(int(args[1])))
    else:
        ops = asyncio.run(lock_bench(int(args[1]), int(args[2]) if len(args) > 2 else 10))
    print(ops, f"{time.monotonic() - start:.4f}")


main()
