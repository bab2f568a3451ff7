# echo_server.py - the Python (asyncio) equivalent of echo_server.ac: a
# line echo server on 127.0.0.1 with an idle timeout, a line limit, one log
# line per misbehaving client and a graceful stop on SIGTERM; `serve PORT
# [IDLE]` serves until SIGTERM, no arguments tests itself with 3
# transcribed clients, then 1,000 at once, then a too-long line and an
# idle client.
import asyncio
import signal
import sys

LINES = 3
ECHO_LINE_MAX = 1024  # with its b"\n"
GRACE = 10.0          # seconds for lines in flight at SIGTERM


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
    print(f"echo_server: {what}", file=sys.stderr, flush=True)


def conn_leave(c):
    state.conns.discard(c)
    if (state.stopping and not state.conns and state.drained is not None
            and not state.drained.done()):
        state.drained.set_result(None)


async def discard(reader):
    while await reader.read(4096):
        pass


async def echo(reader, writer, idle_timeout):
    c = Conn(asyncio.current_task())
    state.conns.add(c)
    try:
        while not state.stopping:
            c.idle = True
            line = await asyncio.wait_for(reader.readline(), idle_timeout)
            c.idle = False
            if not line:
                break
            writer.write(line)
            await writer.drain()
    except asyncio.TimeoutError:
        pass  # idle too long: just close
    except ValueError:
        log_client("line too long")
        writer.write(b"error: line too long\n")
        # Half-close, and drop the rest for a moment, so that the client
        # reads the reply rather than a reset.
        try:
            writer.write_eof()
            await asyncio.wait_for(discard(reader), 1.0)
        except (asyncio.TimeoutError, ConnectionError):
            pass
    except ConnectionError as e:
        log_client(f"connection lost ({type(e).__name__})")
    except asyncio.CancelledError:
        pass  # closed at SIGTERM while idle: the handler just ends
    finally:
        conn_leave(c)
        writer.close()


def start(idle_timeout, port):
    return asyncio.start_server(lambda r, w: echo(r, w, idle_timeout),
                                "127.0.0.1", port, limit=ECHO_LINE_MAX)


async def client(port, id, transcript):
    good = 0
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in range(LINES):
        msg = f"client {id} line {i}\n".encode()
        writer.write(msg)
        await writer.drain()
        back = await reader.readline()
        good += back == msg
        if transcript is not None:
            transcript.append(back.decode())
    writer.close()
    await writer.wait_closed()
    return good


async def hostile(port, what, data):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    back = await reader.readline()
    print(f"{what}: {back.decode() if back else 'closed without a reply'}",
          end="" if back else "\n")
    while await reader.read(256):
        pass
    writer.close()
    await writer.wait_closed()


async def self_test(nmany):
    server = await start(300.0, 0)
    port = server.sockets[0].getsockname()[1]
    for id in range(3):
        transcript = []
        good = await client(port, id, transcript)
        print(f"client {id}: {good}/{LINES} lines echoed")
        print("".join(transcript), end="")
    tasks = [asyncio.create_task(client(port, id, None))
             for id in range(nmany)]
    await asyncio.gather(*tasks)
    good = sum(t.result() for t in tasks)
    print(f"{nmany} concurrent clients: {good}/{nmany * LINES} lines echoed")
    # A server with a short idle timeout for the misbehaving clients.
    strict = await start(1.0, 0)
    port = strict.sockets[0].getsockname()[1]
    await hostile(port, "long line", b"a" * (2 * ECHO_LINE_MAX - 1) + b"\n")
    await hostile(port, "idle", b"")
    strict.close()
    server.close()


async def serve(port, idle_timeout):
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    state.drained = loop.create_future()
    server = await start(idle_timeout, port)
    print(f"serving on 127.0.0.1:{server.sockets[0].getsockname()[1]}",
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
        idle = float(sys.argv[3]) if len(sys.argv) > 3 else 300.0
        asyncio.run(serve(int(sys.argv[2]), idle))
    else:
        asyncio.run(self_test(1000))
