# http_hello.py - the Python (asyncio) equivalent of http_hello.ac: an
# HTTP/1.1 keep-alive "Hello, World!" server on 127.0.0.1; `serve PORT`
# serves until killed (for wrk), no arguments tests itself.
import asyncio
import sys

BODY = b"Hello, World!"


def asks_close(line):
    return (line[:11].lower() == b"connection:"
            and b"close" in line[11:])


async def http(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            keep_alive = b"HTTP/1.1" in line
            while True:
                line = await reader.readline()
                if len(line) <= 2:
                    break
                if asks_close(line):
                    keep_alive = False
            head = (b"HTTP/1.1 200 OK\r\n"
                    b"Content-Type: text/plain\r\n"
                    b"Content-Length: %d\r\n"
                    b"%s\r\n" % (len(BODY),
                                 b"" if keep_alive else b"Connection: close\r\n"))
            writer.write(head)
            writer.write(BODY)
            await writer.drain()
            if not keep_alive:
                break
    except ConnectionError:
        pass  # the client went away mid-request: nothing to answer
    writer.close()


async def request(reader, writer, extra):
    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % extra)
    await writer.drain()
    line = await reader.readline()
    print(line[:-2].decode())
    length = 0
    while True:
        line = await reader.readline()
        if len(line) <= 2:
            break
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
        if line[:11].lower() == b"connection:":
            print(line[:-2].decode())
    data = await reader.readexactly(length)
    print(data.decode())


async def self_test():
    server = await asyncio.start_server(http, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in range(3):
        await request(reader, writer, b"")
    await request(reader, writer, b"Connection: close\r\n")
    rest = await reader.read(16)
    print("after Connection: close the server %s" %
          ("closed the connection" if not rest else "kept talking"))
    writer.close()
    await writer.wait_closed()
    server.close()


async def serve(port):
    server = await asyncio.start_server(http, "127.0.0.1", port)
    print(f"serving on http://127.0.0.1:{server.sockets[0].getsockname()[1]}/",
          flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "serve":
        asyncio.run(serve(int(sys.argv[2])))
    else:
        asyncio.run(self_test())
