# names.py - the oracle of names.ac, in asyncio (same namespace, same
# /etc/hosts).
import asyncio
import socket


class Endpoint(asyncio.DatagramProtocol):
    pass


def print_exc(e, port):
    msg = str(e)
    if port:
        msg = msg.replace(str(port), "PORT")
    print(f"{type(e).__name__}: {msg}")


async def quiet(reader, writer):
    writer.write(b"hello\n")
    await writer.drain()
    writer.close()


async def connect_by_name(name, port):
    try:
        r, w = await asyncio.open_connection(name, port)
        print(f"{name}: connected, read {(await r.readline()).decode()}",
              end="")
        w.close()
        await w.wait_closed()
    except OSError as e:
        print_exc(e, port)


async def main():
    loop = asyncio.get_running_loop()
    srv = await asyncio.start_server(quiet, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    await connect_by_name("twoaddrs", port)
    await connect_by_name("localhost", port)
    srv.close()
    await srv.wait_closed()
    await connect_by_name("twoaddrs", port)
    await connect_by_name("nosuchhost.invalid", port)

    t, _ = await loop.create_datagram_endpoint(
        Endpoint, remote_addr=("twoaddrs", 9))
    try:
        t.sendto(b"x", ("::1", 9))
    except ValueError as e:
        print_exc(e, 0)
    t.close()
    try:
        await loop.create_datagram_endpoint(
            Endpoint, local_addr=("nosuchhost.invalid", 0))
    except socket.gaierror as e:
        print_exc(e, 0)


asyncio.run(main())
