# http_hello.py - the Python (asyncio) equivalent of http_hello.ac: an
# HTTP/1.1 keep-alive "Hello, World!" server on 127.0.0.1 with header and
# idle timeouts (408 / quiet close), head limits (431), 400 for a malformed
# head, one log line per misbehaving client and a graceful stop on
# SIGTERM; `serve PORT [HEADER IDLE]` serves until SIGTERM (for wrk), no
# arguments tests itself.
import asyncio
import signal
import sys

BODY = b"Hello, World!"
HEAD_LINE_MAX = 8192  # one line of the head, with its line end
HEAD_MAX = 16384      # the request line and the header lines
HEADERS_MAX = 100     # header lines
LINGER = 1.0          # seconds to drop input after an error response
GRACE = 10.0          # seconds for requests in flight at SIGTERM


class Config:
    def __init__(self, header_timeout, idle_timeout):
        self.header_timeout = header_timeout
        self.idle_timeout = idle_timeout


class Conn:
    def __init__(self, task):
        self.task = task
        self.idle = True


class State:
    conns = set()
    stopping = False
    drained = None


state = State()


def log_client(what):
    sys.stdout.flush()
    print(f"http_hello: {what}", file=sys.stderr, flush=True)


def asks_close(line):
    return (line[:11].lower() == b"connection:"
            and b"close" in line[11:])


def content(line):
    if not line.endswith(b"\n"):
        return None
    return line[:-2] if line.endswith(b"\r\n") else line[:-1]


def request_line_ok(line):
    """(ok, keep_alive) for "METHOD SP TARGET SP HTTP/1.x"."""
    text = content(line)
    if text is None:
        return False, False
    i = 0
    while i < len(text) and 65 <= text[i] <= 90:
        i += 1
    if i == 0 or i > 20 or i >= len(text) or text[i] != 32:
        return False, False
    i += 1
    j = i
    while i < len(text) and 32 < text[i] < 0x7f:
        i += 1
    if i == j or i >= len(text) or text[i] != 32:
        return False, False
    version = text[i + 1:]
    if version not in (b"HTTP/1.0", b"HTTP/1.1"):
        return False, False
    return True, version == b"HTTP/1.1"


def header_line_ok(line):
    text = content(line)
    if text is None:
        return False
    i = 0
    while i < len(text) and 32 < text[i] < 0x7f and text[i] != 58:
        i += 1
    if i == 0 or i >= len(text) or text[i] != 58:
        return False
    return all(c >= 32 and c != 0x7f or c == 9 for c in text[i + 1:])


async def read_head(reader, line):
    """(0, keep_alive) if the head is well formed, else (status, False)."""
    ok, keep_alive = request_line_ok(line)
    if not ok:
        return 400, False
    total = len(line)
    count = 0
    while True:
        line = await reader.readline()
        if line in (b"\n", b"\r\n"):
            return 0, keep_alive
        total += len(line)
        count += 1
        if count > HEADERS_MAX or total > HEAD_MAX:
            return 431, False
        if not header_line_ok(line):
            return 400, False
        if asks_close(line):
            keep_alive = False


async def discard(reader):
    while await reader.read(4096):
        pass


async def refuse(reader, writer, status):
    reason = {400: b"Bad Request", 408: b"Request Timeout"}.get(
        status, b"Request Header Fields Too Large")
    writer.write(b"HTTP/1.1 %d %s\r\n"
                 b"Content-Length: 0\r\n"
                 b"Connection: close\r\n\r\n" % (status, reason))
    try:
        writer.write_eof()
        await asyncio.wait_for(discard(reader), LINGER)
    except (asyncio.TimeoutError, ConnectionError):
        pass


def conn_leave(c):
    state.conns.discard(c)
    if (state.stopping and not state.conns and state.drained is not None
            and not state.drained.done()):
        state.drained.set_result(None)


async def http(reader, writer, cfg):
    c = Conn(asyncio.current_task())
    state.conns.add(c)
    try:
        while not state.stopping:
            # One timeout per request: the idle deadline until its first
            # line arrives, then the head's.
            status, keep_alive = 0, False
            c.idle = True
            async with asyncio.timeout(cfg.idle_timeout) as t:
                line = await reader.readline()
                c.idle = False
                if line:
                    t.reschedule(asyncio.get_running_loop().time()
                                 + cfg.header_timeout)
                    status, keep_alive = await read_head(reader, line)
            if not line:
                break  # the client is done
            if status:
                log_client("400: malformed request head" if status == 400
                           else "431: too many header lines or bytes")
                await refuse(reader, writer, status)
                break
            if state.stopping:
                keep_alive = False
            head = (b"HTTP/1.1 200 OK\r\n"
                    b"Content-Type: text/plain\r\n"
                    b"Content-Length: %d\r\n"
                    b"%s\r\n" % (len(BODY),
                                 b"" if keep_alive else b"Connection: close\r\n"))
            writer.write(head)
            writer.write(BODY)
            await writer.drain()
            if not keep_alive:
                break
    except asyncio.TimeoutError:
        if not c.idle:  # idle keep-alive connections just close
            log_client("408: request head too slow")
            await refuse(reader, writer, 408)
    except ValueError:
        log_client("431: header line too long")
        await refuse(reader, writer, 431)
    except ConnectionError as e:
        log_client(f"connection lost ({type(e).__name__})")
    except asyncio.CancelledError:
        pass  # closed at SIGTERM while idle: the handler just ends
    finally:
        conn_leave(c)
        writer.close()


async def request(reader, writer, extra):
    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % extra)
    await writer.drain()
    line = await reader.readline()
    print(line[:-2].decode())
    length = 0
    while True:
        line = await reader.readline()
        if len(line) <= 2:
            break
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
        if line[:11].lower() == b"connection:":
            print(line[:-2].decode())
    data = await reader.readexactly(length)
    print(data.decode())


async def hostile(port, what, data):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    line = await reader.readline()
    if not line:
        print(f"{what}: closed without a response")
    else:
        print(f"{what}: {line[:-2].decode()}")
    while await reader.read(256):
        pass
    writer.close()
    await writer.wait_closed()


def start(cfg, port):
    return asyncio.start_server(lambda r, w: http(r, w, cfg), "127.0.0.1",
                                port, limit=HEAD_LINE_MAX)


async def self_test():
    server = await start(Config(10.0, 30.0), 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in range(3):
        await request(reader, writer, b"")
    await request(reader, writer, b"Connection: close\r\n")
    rest = await reader.read(16)
    print("after Connection: close the server %s" %
          ("closed the connection" if not rest else "kept talking"))
    writer.close()
    await writer.wait_closed()

    # A server with short timeouts for the misbehaving clients.
    strict = await start(Config(0.5, 1.0), 0)
    port = strict.sockets[0].getsockname()[1]
    await hostile(port, "garbage", b"\x16\x03\x01 hello?\r\n\r\n")
    await hostile(port, "bad header", b"GET / HTTP/1.1\r\nno colon\r\n\r\n")
    await hostile(port, "101 headers",
                  b"GET / HTTP/1.1\r\n"
                  + b"".join(b"X-%d: y\r\n" % i
                             for i in range(HEADERS_MAX + 1)) + b"\r\n")
    await hostile(port, "long header",
                  b"GET / HTTP/1.1\r\nX: " + b"a" * HEAD_LINE_MAX + b"\r\n\r\n")
    await hostile(port, "slow head",
                  b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    await hostile(port, "idle", b"")
    strict.close()
    server.close()


async def serve(port, cfg):
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    state.drained = loop.create_future()
    server = await start(cfg, port)
    print(f"serving on http://127.0.0.1:{server.sockets[0].getsockname()[1]}/",
          flush=True)
    await stop.wait()
    # Stop accepting; close idle connections; wait for the others.
    server.close()
    state.stopping = True
    print(f"SIGTERM: closing, {len(state.conns)} connections open", flush=True)
    for c in list(state.conns):
        if c.idle:
            c.task.cancel()
    if not state.conns:
        state.drained.set_result(None)
    try:
        await asyncio.wait_for(state.drained, GRACE)
    except asyncio.TimeoutError:
        for c in list(state.conns):
            c.task.cancel()
        await asyncio.sleep(0)
    print("stopped")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "serve":
        cfg = Config(10.0, 30.0)
        if len(sys.argv) > 4:
            cfg = Config(float(sys.argv[3]), float(sys.argv[4]))
        asyncio.run(serve(int(sys.argv[2]), cfg))
    else:
        asyncio.run(self_test())
