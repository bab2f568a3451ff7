# The seed's port scanner, 6.4: subinterpreters, one per port, each sending
# its connect_ex result back over a channel.  Changed: 127.0.0.1 only, the
# range from argv (default 29000-29063), at most 64 threads at a time (the
# original starts one thread per port at once), sorted output, the timing
# line only when ASYNCC_SCAN_TIMING is set.
import os
import sys
import textwrap as tw
import time
from queue import Queue
from threading import Thread

import _xxsubinterpreters as subinterpreters

timeout = 1  # in seconds..


def run(host: str, port: int, results: Queue):
    # Create a communication channel
    channel_id = subinterpreters.channel_create()
    interpid = subinterpreters.create()
    subinterpreters.run_string(
        interpid,
        tw.dedent(
            """
    import socket; import _xxsubinterpreters as subinterpreters
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    result = sock.connect_ex((host, port))
    subinterpreters.channel_send(channel_id, result)
    sock.close()
    """),
        shared=dict(
            channel_id=channel_id,
            host=host,
            port=port,
            timeout=timeout
        ))
    output = subinterpreters.channel_recv(channel_id)
    subinterpreters.channel_release(channel_id)
    subinterpreters.destroy(interpid)
    if output == 0:
        results.put(port)


if __name__ == '__main__':
    start = time.time()
    host = "127.0.0.1"
    first = int(sys.argv[1]) if len(sys.argv) > 2 else 29000
    end = int(sys.argv[2]) if len(sys.argv) > 2 else 29064
    results = Queue()
    for batch in range(first, end, 64):
        threads = []
        for port in range(batch, min(batch + 64, end)):
            t = Thread(target=run, args=(host, port, results))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
    ports = []
    while not results.empty():
        ports.append(results.get())
    for port in sorted(ports):
        print("Port {0} is open".format(port))
    print("Scanned {0} ports, {1} open".format(end - first, len(ports)))
    if os.environ.get("ASYNCC_SCAN_TIMING"):
        print("Completed scan in {0:.2f} seconds".format(time.time() - start))
