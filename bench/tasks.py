# tasks.py - bench/tasks.ac in asyncio: N tasks, each awaiting
# asyncio.sleep(0) ten times, all alive at once.
# Prints "TASKS SWITCHES SECONDS PEAK_RSS_KB BASE_RSS_KB".
import asyncio
import resource
import sys
import time

SLEEPS = 10


async def worker():
    for _ in range(SLEEPS):
        await asyncio.sleep(0)


async def spawn_all(n):
    tasks = [asyncio.create_task(worker()) for _ in range(n)]
    for t in tasks:
        await t


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    asyncio.run(spawn_all(n))
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(n, n * SLEEPS, f"{elapsed:.4f}", peak, base)


main()
