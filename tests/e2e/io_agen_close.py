# io_agen_close.py - the oracle of io_agen_close.ac.
import asyncio
import os


def open_fds():
    return len(os.listdir("/proc/self/fd")) - 1


async def quiet(reader, writer):
    while await reader.read(16):
        pass
    writer.close()


async def connections(port, count, state):
    for i in range(count):
        r, w = await asyncio.open_connection("127.0.0.1", port)
        try:
            yield i
        finally:
            w.close()
            state["closed"] += 1


async def main(state):
    srv = await asyncio.start_server(quiet, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    async for i in connections(port, 3, state):
        print(f"connection {i} open")
        if i == 1:
            break
    print(f"left the loop; closed so far: {state['closed']}")
    await asyncio.sleep(0.05)  # the finalizer's aclose runs meanwhile
    print(f"a moment later: {state['closed']}")
    srv.close()


state = {"closed": 0}
before = open_fds()
asyncio.run(main(state))
print(f"streams closed: {state['closed']}")
print(f"descriptors left open: {open_fds() - before}")
