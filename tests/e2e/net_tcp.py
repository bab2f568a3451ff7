# net_tcp.py - the oracle of net_tcp.ac, in asyncio.
import asyncio
import os
import socket


def count_fds():
    return len(os.listdir("/proc/self/fd")) - 1


def print_exc(e, port):
    msg, num = str(e), str(port)
    if port and num in msg:
        msg = msg.replace(num, "PORT")
    print(f"{type(e).__name__}: {msg} (errno {e.errno or 0})")


async def show(host, port, family, type_):
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port, family=family, type=type_)
        for fam, typ, proto, _, addr in infos:
            print(f"  family {int(fam)} type {int(typ)} proto {proto}: "
                  f"{addr[0]} {addr[1]}")
    except socket.gaierror as e:
        print_exc(e, 0)


async def hello(reader, writer):
    line = await reader.readline()
    writer.write(b"hi " + line)
    await writer.drain()
    writer.close()


async def talk(listen_on, connect_to):
    srv = await asyncio.start_server(hello, listen_on, 0)
    port = srv.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection(connect_to, port)
    w.write(b"there\n")
    print(f"{connect_to}: {(await r.readline()).decode()}", end="")
    w.close()
    await w.wait_closed()
    srv.close()
    await srv.wait_closed()
    try:
        await asyncio.open_connection(connect_to, port)
    except OSError as e:
        print_exc(e, port)


async def main():
    before = count_fds()
    print("localhost, IPv4 stream:")
    await show("localhost", "80", socket.AF_INET, socket.SOCK_STREAM)
    print("127.0.0.1, any type:")
    await show("127.0.0.1", "7", 0, 0)
    print("no host, no port:")
    await show(None, None, 0, 0)
    print("unknown service:")
    await show("localhost", "no-such-service", 0, socket.SOCK_STREAM)
    await talk("127.0.0.1", "localhost")
    srv = await asyncio.start_server(hello, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    srv.close()
    for host in (None, ""):
        try:
            await asyncio.open_connection(host, port)
        except OSError as e:
            print_exc(e, port)
    try:
        probe = await asyncio.start_server(hello, "::1", 0)
        probe.close()
        await talk("::1", "::1")
    except OSError:
        print("no IPv6 loopback here: the ::1 round skipped")
    await asyncio.sleep(0)
    print(f"descriptors back: {'yes' if count_fds() == before else 'no'}")


asyncio.run(main())
