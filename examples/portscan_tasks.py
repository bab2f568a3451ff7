# The seed's port scanner, 6.2: one task per port, gather, wait_for(1.0).
# Changed: 127.0.0.1 only, the range from argv (default 29000-29063),
# sorted output, the timing line only when ASYNCC_SCAN_TIMING is set, and a
# connect that fails for want of descriptors (EMFILE) is tried again.
import asyncio
import errno
import os
import sys
import time

timeout = 1.0


async def check_port(host: str, port: int, results: list):
    while True:
        try:
            future = asyncio.open_connection(host=host, port=port)
            r, w = await asyncio.wait_for(future, timeout=timeout)
            results.append(port)
            w.close()
            await w.wait_closed()
            return
        except OSError as e:  # do not throw an exception when port is not open
            if e.errno not in (errno.EMFILE, errno.EADDRNOTAVAIL):  # changed: retry
                return
        except asyncio.TimeoutError:
            return  # closed
        await asyncio.sleep(0.01)


async def scan(start, end, host):
    tasks = []
    results = []
    for port in range(start, end):
        tasks.append(check_port(host, port, results))
    await asyncio.gather(*tasks)
    return results


if __name__ == '__main__':
    start = time.time()
    host = "127.0.0.1"
    first = int(sys.argv[1]) if len(sys.argv) > 2 else 29000
    end = int(sys.argv[2]) if len(sys.argv) > 2 else 29064
    results = asyncio.run(scan(first, end, host))
    for result in sorted(results):
        print("Port {0} is open".format(result))
    print("Scanned {0} ports, {1} open".format(end - first, len(results)))
    if os.environ.get("ASYNCC_SCAN_TIMING"):
        print("Completed scan in {0:.2f} seconds".format(time.time() - start))
