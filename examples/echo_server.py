# echo_server.py - the Python (asyncio) equivalent of echo_server.ac: a
# line echo server on 127.0.0.1; `serve PORT` serves until killed, no
# arguments tests itself with 3 transcribed clients, then 1,000 at once.
import asyncio
import sys

LINES = 3


async def echo(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    writer.close()


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


async def self_test(nmany):
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
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
    server.close()


async def serve(port):
    server = await asyncio.start_server(echo, "127.0.0.1", port)
    print(f"serving on 127.0.0.1:{server.sockets[0].getsockname()[1]}",
          flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "serve":
        asyncio.run(serve(int(sys.argv[2])))
    else:
        asyncio.run(self_test(1000))
