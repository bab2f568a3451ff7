# The seed's port scanner, 6.3: an async generator yielding open ports,
# stopping after `max` of them.  Changed: 127.0.0.1 only, the range and the
# maximum from argv (default 29000-29063, 3), the timing line only when
# ASYNCC_SCAN_TIMING is set.
import asyncio
import os
import sys
import time

timeout = 1.0


async def check_ports(host: str, start: int, end: int, max=10):
    found = 0
    for port in range(start, end):
        try:
            future = asyncio.open_connection(host=host, port=port)
            r, w = await asyncio.wait_for(future, timeout=timeout)
            try:
                yield port
                found += 1
            finally:  # changed: closed also when the consumer stops early
                w.close()
            if found >= max:
                return
        except OSError:
            pass
        except asyncio.TimeoutError:
            pass  # closed


async def scan(start, end, host, max):
    results = []
    async for port in check_ports(host, start, end, max=max):
        results.append(port)
    return results


if __name__ == '__main__':
    start = time.time()
    host = "127.0.0.1"
    first = int(sys.argv[1]) if len(sys.argv) > 2 else 29000
    end = int(sys.argv[2]) if len(sys.argv) > 2 else 29064
    most = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    results = asyncio.run(scan(first, end, host, most))
    for result in results:
        print("Port {0} is open".format(result))
    print("Found {0} open ports (at most {1})".format(len(results), most))
    if os.environ.get("ASYNCC_SCAN_TIMING"):
        print("Completed scan in {0:.2f} seconds".format(time.time() - start))
