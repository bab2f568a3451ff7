# net_unix.py - the oracle of net_unix.ac, in asyncio.  Python 3.11 leaves
# the socket file behind when a Unix server closes; 3.13's
# cleanup_socket=True (the default) removes it, as asyncc does: this twin
# does what 3.13 does.
import asyncio
import os
import sys
import tempfile

DIR = tempfile.mkdtemp(prefix="net_unix.")


def count_fds():
    return len(os.listdir("/proc/self/fd")) - 1  # listdir's own


def print_exc(e):
    print(f"{type(e).__name__}: {str(e).replace(DIR, 'DIR')}")


def close_server(srv, path):
    srv.close()
    if sys.version_info < (3, 13) and os.path.exists(path):
        os.unlink(path)


async def echo(reader, writer, handled):
    while line := await reader.readline():
        writer.write(line.upper())
    await asyncio.sleep(0.05)
    writer.write(b"bye\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    handled[0] += 1


async def waiter(srv, handled):
    await srv.wait_closed()
    print(f"wait_closed returned, handlers done: {handled[0]}")


async def echo_round(path):
    handled = [0]
    srv = await asyncio.start_unix_server(
        lambda r, w: echo(r, w, handled), path)
    print(f"socket file after start: {int(os.path.exists(path))}")
    w = asyncio.create_task(waiter(srv, handled), name="waiter")
    r, wr = await asyncio.open_unix_connection(path)
    for line in (b"hello\n", b"unix sockets\n"):
        wr.write(line)
        print(f"reply: {(await r.readline()).decode()}", end="")
    wr.write_eof()
    close_server(srv, path)
    print(f"socket file after close: {int(os.path.exists(path))}")
    await asyncio.sleep(0.01)
    print(f"waiter done while the handler runs: {int(w.done())}")
    print(f"after write_eof: {(await r.readline()).decode()}", end="")
    print(f"then end of stream: {len(await r.read(64))}")
    wr.close()
    await wr.wait_closed()
    await w
    await srv.wait_closed()
    print("wait_closed again returned")


async def errors(path):
    try:
        await asyncio.open_unix_connection(path)
    except OSError as e:
        print_exc(e)
    handled = [0]
    srv = await asyncio.start_unix_server(
        lambda r, w: echo(r, w, handled), path)
    close_server(srv, path)
    open(path, "w").close()
    try:
        await asyncio.start_unix_server(lambda r, w: echo(r, w, handled), path)
    except OSError as e:
        print_exc(e)
    os.unlink(path)
    longpath = "x" * 199
    try:
        await asyncio.open_unix_connection(longpath)
    except OSError as e:
        print_exc(e)
    try:
        await asyncio.start_unix_server(
            lambda r, w: echo(r, w, handled), longpath)
    except OSError as e:
        print_exc(e)


async def main():
    path = f"{DIR}/echo.sock"
    before = count_fds()
    await echo_round(path)
    await errors(path)
    await asyncio.sleep(0)
    print(f"descriptors back: {'yes' if count_fds() == before else 'no'}")


try:
    asyncio.run(main())
finally:
    os.rmdir(DIR)
