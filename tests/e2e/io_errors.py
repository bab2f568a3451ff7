# io_errors.py - the oracle of io_errors.ac, in asyncio.
import asyncio


def print_exc(e, port):
    msg = str(e)
    num = str(port)
    if port and num in msg:
        print(f"{type(e).__name__}: {msg.replace(num, 'PORT', 1)}")
    else:
        print(f"{type(e).__name__}: '{msg}'")


async def silent(reader, writer):
    while await reader.read(64):
        pass
    writer.close()


async def short_reply(reader, writer):
    writer.write(b"abc")
    await writer.drain()
    writer.close()


async def long_line(reader, writer):
    writer.write(b"0123456789abcdef\nok\n")
    await writer.drain()
    writer.close()


async def read_one(reader, flags):
    try:
        await reader.read(16)
    finally:
        flags["finally_ran"] = 1


async def refused():
    srv = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    srv.close()
    await asyncio.sleep(0.01)
    try:
        await asyncio.open_connection("127.0.0.1", port)
        print("connected?")
    except ConnectionRefusedError as e:
        print_exc(e, port)


async def timeout_and_cancel():
    srv = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("127.0.0.1", port)
    try:
        await asyncio.wait_for(r.read(16), 0.05)
        print("read something?")
    except TimeoutError as e:
        print_exc(e, 0)
    flags = {"finally_ran": 0}
    t = asyncio.create_task(read_one(r, flags), name="reader")
    await asyncio.sleep(0.02)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print(f"reader cancelled: {int(t.cancelled())}, "
              f"finally ran: {flags['finally_ran']}")
    w.close()
    await w.wait_closed()
    srv.close()


async def short_reads():
    srv = await asyncio.start_server(short_reply, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("127.0.0.1", port)
    try:
        await r.readexactly(10)
    except EOFError as e:
        print_exc(e, 0)
    print(f"read at end of stream: {len(await r.read(16))}")
    print(f"and again: {len(await r.read(16))}")
    w.close()
    srv.close()


async def limits():
    srv = await asyncio.start_server(long_line, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("127.0.0.1", port, limit=8)
    try:
        await r.readline()
    except ValueError as e:
        print_exc(e, 0)
    line = await r.readline()
    print(f"next line: {len(line)} {line.decode()}", end="")
    w.close()
    srv.close()


async def by_name():
    srv = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("localhost", port)
    print("connected to localhost")
    w.close()
    await w.wait_closed()
    srv.close()


async def main():
    await refused()
    await timeout_and_cancel()
    await short_reads()
    await limits()
    await by_name()


asyncio.run(main())
