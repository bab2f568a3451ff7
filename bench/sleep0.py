# sleep0.py - bench/sleep0.ac in asyncio (uvloop when argv[2] is "uvloop"):
# one coroutine awaiting asyncio.sleep(0) N times.  Prints "N SECONDS".
import asyncio
import sys
import time


async def spin(n):
    for _ in range(n):
        await asyncio.sleep(0)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    if len(sys.argv) > 2 and sys.argv[2] == "uvloop":
        import uvloop
        uvloop.install()
    start = time.monotonic()
    asyncio.run(spin(n))
    print(n, f"{time.monotonic() - start:.4f}")


main()
