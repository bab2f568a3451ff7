# net_cancel.py - the oracle of net_cancel.ac, in asyncio.  Python 3.11's
# Server.wait_closed returns at once once the server is closed and idle,
# as the C program's last one does.
import asyncio
import os
import socket


def count_fds():
    return len(os.listdir("/proc/self/fd")) - 1


class Endpoint(asyncio.DatagramProtocol):
    def __init__(self):
        self.q = asyncio.Queue()

    def datagram_received(self, data, addr):
        self.q.put_nowait(data)


async def lookup():
    await asyncio.get_running_loop().getaddrinfo(
        "localhost", "80", type=socket.SOCK_STREAM)
    print("lookup finished?")


async def connect_by_name(port):
    await asyncio.open_connection("localhost", port)
    print("connected?")


async def receive(t):
    await t.p.q.get()
    print("received?")


async def wait_closed(srv):
    await srv.wait_closed()
    print("wait_closed returned?")


async def idle(reader, writer):
    pass


async def cancel_after(t, what, turns):
    for _ in range(turns):
        await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print(f"{what}: cancelled {int(t.cancelled())}")


async def main():
    loop = asyncio.get_running_loop()
    before = count_fds()
    for turns in range(2):
        print(f"after {turns} turns:")
        await cancel_after(asyncio.create_task(lookup()), "lookup", turns)

        srv = await asyncio.start_server(idle, "127.0.0.1", 0)
        port = srv.sockets[0].getsockname()[1]
        await cancel_after(asyncio.create_task(connect_by_name(port)),
                           "connect by name", turns)

        t, p = await loop.create_datagram_endpoint(
            Endpoint, local_addr=("127.0.0.1", 0))
        t.p = p
        await cancel_after(asyncio.create_task(receive(t)), "receive", turns)
        t.sendto(b"still", t.get_extra_info("sockname"))
        print(f"endpoint still receives: {(await p.q.get()).decode()}")
        t.close()

        await cancel_after(asyncio.create_task(wait_closed(srv)),
                           "wait_closed", turns)
        srv.close()
        await srv.wait_closed()
        print("server closed")
    for _ in range(500):  # as the C program: bounded, 5 s
        if count_fds() == before:
            break
        await asyncio.sleep(0.01)
    print(f"descriptors back: {'yes' if count_fds() == before else 'no'}")


asyncio.run(main())
