# udp_echo.py - the Python original of udp_echo.ac: a UDP echo server on
# 127.0.0.1 and its clients, with asyncio's create_datagram_endpoint.
# `udp_echo.py serve PORT` serves until Ctrl-C; with no arguments it tests
# itself as the C program does.
import asyncio
import sys

TIMEOUT = 2.0
ROUNDS = 3


class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data, addr)

    def error_received(self, exc):
        print(f"sendto: {exc}", file=sys.stderr)


class Client(asyncio.DatagramProtocol):
    def __init__(self):
        self.replies = asyncio.Queue()

    def datagram_received(self, data, addr):
        self.replies.put_nowait(data)


async def ask(transport, protocol, name, text, addr=None):
    transport.sendto(text.encode(), addr)
    try:
        reply = await asyncio.wait_for(protocol.replies.get(), TIMEOUT)
        print(f"{name} sent {text}, got back {reply.decode()}")
    except TimeoutError:
        print(f"{name} sent {text}, no answer within {TIMEOUT:.0f} s")


async def client(name, port, connected):
    loop = asyncio.get_running_loop()
    if connected:
        t, p = await loop.create_datagram_endpoint(
            Client, remote_addr=("127.0.0.1", port))
        addr = None
    else:
        t, p = await loop.create_datagram_endpoint(
            Client, local_addr=("127.0.0.1", 0))
        addr = ("127.0.0.1", port)
    try:
        for i in range(1, ROUNDS + 1):
            await ask(t, p, name, f"{name}-{i}", addr)
    finally:
        t.close()


async def self_test():
    loop = asyncio.get_running_loop()
    srv, _ = await loop.create_datagram_endpoint(
        Echo, local_addr=("127.0.0.1", 0))
    port = srv.get_extra_info("sockname")[1]
    try:
        await client("alpha", port, True)
        await client("beta", port, False)
        await client("gamma", port, True)
    finally:
        srv.close()
        print("server stopped")


async def serve_forever(port):
    loop = asyncio.get_running_loop()
    srv, _ = await loop.create_datagram_endpoint(
        Echo, local_addr=("127.0.0.1", port))
    print(f"serving UDP on 127.0.0.1 port {srv.get_extra_info('sockname')[1]}",
          flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        srv.close()


if len(sys.argv) == 3 and sys.argv[1] == "serve":
    asyncio.run(serve_forever(int(sys.argv[2])))
else:
    asyncio.run(self_test())
