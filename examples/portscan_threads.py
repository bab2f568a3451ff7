# The seed's port scanner, 6.1: a thread pool, one connect per port.
# Changed: 127.0.0.1 only, the range from argv (default 29000-29063),
# sorted output, the timing line only when ASYNCC_SCAN_TIMING is set.
import os
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

timeout = 1.0


def check_port(host: str, port: int) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        result = sock.connect_ex((host, port))
        if result == 0:
            return port
    return None


def main():
    start = time.time()
    host = "127.0.0.1"
    first = int(sys.argv[1]) if len(sys.argv) > 2 else 29000
    end = int(sys.argv[2]) if len(sys.argv) > 2 else 29064
    open_ports = []

    with ThreadPoolExecutor(max_workers=50) as executor:
        futures = [executor.submit(check_port, host, port)
                   for port in range(first, end)]

        for future in as_completed(futures):
            port = future.result()
            if port is not None:
                open_ports.append(port)

    for port in sorted(open_ports):
        print(f"Port {port} is open")
    print(f"Scanned {end - first} ports, {len(open_ports)} open")
    if os.environ.get("ASYNCC_SCAN_TIMING"):
        print(f"Completed scan in {time.time() - start:.2f} seconds")


if __name__ == '__main__':
    main()
