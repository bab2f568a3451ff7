# server_http.py - hostile and well-behaved clients for a running
# examples/http_hello server (tests/sh/server_http.sh).  Every socket has a
# timeout, every loop a bound; 127.0.0.1 only.
#   python3 server_http.py PHASE PORT [PID]
# PHASE: behave (each defence once), soak N (N mixed clients), term (the
# graceful stop; the caller sends SIGTERM to PID when told on stdout).
import os
import socket
import struct
import sys
import threading
import time

T = 10.0  # no single wait longer than this
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr, flush=True)


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=T)
    s.settimeout(T)
    return s


def read_all(s, limit=1 << 20):
    data = b""
    while len(data) < limit:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def status_of(data):
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def exchange(port, payload):
    """Sends payload, returns everything until the server closes."""
    s = connect(port)
    try:
        s.sendall(payload)
        return read_all(s)
    finally:
        s.close()


def get_keepalive(port, n):
    s = connect(port)
    got = []
    f = s.makefile("rb")
    for _ in range(n):
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        line = f.readline()
        got.append(line.rstrip(b"\r\n").decode())
        length = 0
        while True:
            h = f.readline()
            if h in (b"\r\n", b""):
                break
            if h.lower().startswith(b"content-length:"):
                length = int(h[15:])
        f.read(length)
    f.close()
    s.close()
    return got


def reset_mid_response(port):
    """Pipelines requests, then resets without reading the answers."""
    s = connect(port)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * 50)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


GARBAGE = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n"
BAD_VERSION = b"GET / HTTP/9.9\r\n\r\n"
BAD_HEADER = b"GET / HTTP/1.1\r\nno colon here\r\n\r\n"
MANY = (b"GET / HTTP/1.1\r\n"
        + b"".join(b"X-%d: y\r\n" % i for i in range(101)) + b"\r\n")
LONG_LINE = b"GET / HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n"
BIG_HEAD = (b"GET / HTTP/1.1\r\n"
            + b"".join(b"X-%d: %s\r\n" % (i, b"b" * 400) for i in range(50))
            + b"\r\n")
HUGE = b"GET / HTTP/1.1\r\nX: " + b"c" * (1 << 20)  # a megabyte, no newline


def behave(port):
    check(get_keepalive(port, 3) == ["HTTP/1.1 200 OK"] * 3, "keep-alive 200s")
    for name, payload, want in [
            ("garbage", GARBAGE, "HTTP/1.1 400 Bad Request"),
            ("bad version", BAD_VERSION, "HTTP/1.1 400 Bad Request"),
            ("bad header", BAD_HEADER, "HTTP/1.1 400 Bad Request"),
            ("101 headers", MANY, "HTTP/1.1 431 Request Header Fields Too Large"),
            ("long line", LONG_LINE,
             "HTTP/1.1 431 Request Header Fields Too Large"),
            ("big head", BIG_HEAD,
             "HTTP/1.1 431 Request Header Fields Too Large"),
            ("huge line", HUGE, "HTTP/1.1 431 Request Header Fields Too Large")]:
        got = status_of(exchange(port, payload))
        check(got == want, f"{name}: got {got!r}, want {want!r}")

    # Slow headers (slowloris): a byte every 0.1 s never finishes the head.
    s = connect(port)
    start = time.monotonic()
    s.sendall(b"GET / HTTP/1.1\r\n")
    data = b""
    for i in range(100):
        try:
            s.sendall(b"X-%d: y\r\n" % i if i % 2 else b"X")
        except OSError:
            break
        s.settimeout(0.1)
        try:
            data = s.recv(4096)
            break
        except socket.timeout:
            pass
    s.settimeout(T)
    data += read_all(s)
    s.close()
    took = time.monotonic() - start
    check(status_of(data) == "HTTP/1.1 408 Request Timeout",
          f"slow head: got {status_of(data)!r} after {took:.1f} s")

    # Idle keep-alive: closed without a response.
    s = connect(port)
    start = time.monotonic()
    data = read_all(s)
    s.close()
    check(data == b"", f"idle: got {data[:40]!r}")
    check(time.monotonic() - start < T, "idle: not closed")

    for _ in range(20):
        reset_mid_response(port)
    # Still serving.
    check(get_keepalive(port, 2) == ["HTTP/1.1 200 OK"] * 2,
          "200 after resets")


def soak(port, n):
    """n clients, 8 at a time: keep-alive, hostile and resets mixed."""
    kinds = [lambda: get_keepalive(port, 5),
             lambda: exchange(port, GARBAGE),
             lambda: exchange(port, MANY),
             lambda: exchange(port, LONG_LINE),
             lambda: reset_mid_response(port)]
    errors = []

    def worker(k):
        for i in range(k, n, 8):
            try:
                kinds[i % len(kinds)]()
            except OSError as e:
                errors.append(repr(e))
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    check(not errors, f"soak client errors: {errors[:3]}")


def term(port):
    """An idle connection and one in flight, then SIGTERM."""
    idle = connect(port)
    check(get_keepalive(port, 1) == ["HTTP/1.1 200 OK"], "before SIGTERM")
    busy = connect(port)
    busy.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # head not finished
    time.sleep(0.3)
    print("send SIGTERM", flush=True)
    sys.stdin.readline()  # the caller has sent it
    time.sleep(0.5)
    busy.sendall(b"\r\n")
    data = read_all(busy)
    busy.close()
    check(status_of(data) == "HTTP/1.1 200 OK",
          f"in flight at SIGTERM: got {data[:60]!r}")
    check(b"Connection: close\r\n" in data,
          "in flight at SIGTERM: no Connection: close")
    check(data.endswith(b"Hello, World!"), "in flight at SIGTERM: no body")
    check(read_all(idle) == b"", "idle connection at SIGTERM not closed")
    idle.close()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=T)
        s.close()
        check(False, "still accepting after SIGTERM")
    except ConnectionRefusedError:
        pass


if __name__ == "__main__":
    phase, port = sys.argv[1], int(sys.argv[2])
    if phase == "behave":
        behave(port)
    elif phase == "soak":
        soak(port, int(sys.argv[3]))
    elif phase == "term":
        term(port)
    sys.exit(1 if failures else 0)
