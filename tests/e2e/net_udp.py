# net_udp.py - the oracle of net_udp.ac, in asyncio.  asyncio hands
# datagrams and errors to a protocol; asyncc's ac_datagram_recvfrom pulls
# them: Endpoint queues both, recvfrom() takes the next (raising an
# error), as the C program's calls do.
import asyncio
import errno
import os


class Endpoint(asyncio.DatagramProtocol):
    def __init__(self):
        self.q = asyncio.Queue()
        self.in_sendto = None

    def datagram_received(self, data, addr):
        self.q.put_nowait((data, addr))

    def error_received(self, exc):
        if self.in_sendto is not None:
            self.in_sendto.append(exc)
        else:
            self.q.put_nowait(exc)


def sendto(t, data, addr=None):
    # An error asyncio reports to error_received during the call is the
    # one ac_datagram_sendto raises.
    t.p.in_sendto = []
    try:
        t.sendto(data, addr)
    finally:
        errors, t.p.in_sendto = t.p.in_sendto, None
    if errors:
        raise errors[0]


async def endpoint(local=None, remote=None):
    loop = asyncio.get_running_loop()
    t, p = await loop.create_datagram_endpoint(
        Endpoint, local_addr=local, remote_addr=remote)
    t.p = p
    return t


async def recvfrom(t, cap):
    # asyncc's one-receiver rule, in its words.
    if getattr(t, "receiving", False):
        raise RuntimeError("recvfrom() called while another coroutine is "
                           "already waiting for a datagram")
    t.receiving = True
    try:
        item = await t.p.q.get()
    finally:
        t.receiving = False
    if isinstance(item, Exception):
        raise item
    data, addr = item
    return data[:cap], addr[0], addr[1]


def port_of(t):
    return t.get_extra_info("sockname")[1]


def count_fds():
    return len(os.listdir("/proc/self/fd")) - 1


def print_exc(e, port):
    msg, num = str(e), str(port)
    if port and num in msg:
        msg = msg.replace(num, "PORT", 1)
    print(f"{type(e).__name__}: {msg}")


async def echo(t, n):
    for _ in range(n):
        data, host, port = await recvfrom(t, 64)
        t.sendto(data.upper(), (host, port))


async def roundtrip(host):
    srv = await endpoint(local=(host, 0))
    eport = port_of(srv)
    task = asyncio.create_task(echo(srv, 4), name="echo")

    c = await endpoint(remote=(host, eport))
    c.sendto(b"ping")
    data, frm, port = await recvfrom(c, 64)
    print(f"connected got {data.decode()} from {frm} port "
          f"{'EPORT' if port == eport else '?'}")
    try:
        c.sendto(b"pong", (host, eport))
    except ValueError as e:
        print_exc(e, eport)
        c.sendto(b"pong")
    data, _, _ = await recvfrom(c, 64)
    print(f"connected got {data.decode()}")
    try:
        c.sendto(b"x", ("127.0.0.2", eport))
    except ValueError as e:
        print_exc(e, eport)
    c.close()

    u = await endpoint(local=(host, 0))
    u.sendto(b"hello", (host, eport))
    data, frm, _ = await recvfrom(u, 64)
    print(f"unconnected got {data.decode()} from {frm}")
    u.sendto(b"a longer datagram", (host, eport))
    data, _, _ = await recvfrom(u, 8)
    print(f"truncated to {len(data)}: {data.decode()}")
    u.close()

    await task
    srv.close()


async def refused():
    gone = await endpoint(local=("127.0.0.1", 0))
    port = port_of(gone)
    gone.close()
    await asyncio.sleep(0)
    c = await endpoint(remote=("127.0.0.1", port))
    c.sendto(b"anyone?")
    try:
        await recvfrom(c, 16)
        print("received?")
    except ConnectionRefusedError as e:
        print_exc(e, port)
    c.close()


async def sendto_names():
    u = await endpoint(local=("127.0.0.1", 0))
    sendto(u, b"to myself", ("localhost", port_of(u)))
    data, frm, _ = await recvfrom(u, 64)
    print(f"by name: {data.decode()} from {frm}")
    try:
        sendto(u, b"x", ("::1", 9))
    except OSError as e:
        print_exc(e, 0)
    u.close()


async def receive_one(t):
    try:
        data, _, _ = await recvfrom(t, 16)
        print(f"received {data.decode()}")
    except OSError as e:
        print_exc(e, 0)


async def timeout_and_second_receiver():
    d = await endpoint(local=("127.0.0.1", 0))
    try:
        await asyncio.wait_for(recvfrom(d, 16), 0.02)
    except TimeoutError:
        print("receive timed out")
    t = asyncio.create_task(receive_one(d), name="receiver")
    await asyncio.sleep(0.01)
    try:
        await recvfrom(d, 16)
    except RuntimeError as e:
        print_exc(e, 0)
    d.sendto(b"self", ("127.0.0.1", port_of(d)))
    await t
    d.close()


def close_waking(t):
    # asyncio has no receive call to wake: asyncc's receiver raises EBADF.
    t.close()
    t.p.q.put_nowait(OSError(errno.EBADF, os.strerror(errno.EBADF)))


async def close_while_receiving():
    d = await endpoint(local=("127.0.0.1", 0))
    t = asyncio.create_task(receive_one(d), name="receiver")
    await asyncio.sleep(0.01)
    close_waking(d)
    await t


async def create_errors():
    loop = asyncio.get_running_loop()
    try:
        await loop.create_datagram_endpoint(Endpoint)
    except ValueError as e:
        print_exc(e, 0)
    try:
        await endpoint(local=("127.0.0.1", 0), remote=("::1", 9))
    except ValueError as e:
        print_exc(e, 0)
    a = await endpoint(local=("127.0.0.1", 0))
    port = port_of(a)
    try:
        await endpoint(local=("127.0.0.1", port))
    except OSError as e:
        print_exc(e, port)
    a.close()
    try:
        await endpoint(local=("127.0.0.1", 70000))
    except OverflowError as e:
        print_exc(e, 0)


async def main():
    before = count_fds()
    await roundtrip("127.0.0.1")
    try:
        probe = await endpoint(local=("::1", 0))
        probe.close()
        await roundtrip("::1")
    except OSError:
        print("no IPv6 loopback here: the ::1 round skipped")
    await refused()
    await sendto_names()
    await timeout_and_second_receiver()
    await close_while_receiving()
    await create_errors()
    await asyncio.sleep(0)
    print(f"descriptors back: {'yes' if count_fds() == before else 'no'}")


asyncio.run(main())
