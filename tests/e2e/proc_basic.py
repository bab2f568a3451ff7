# proc_basic.py - subprocesses as asyncio runs them: output read to its
# end, stdin written and closed, return codes, signals, programs that
# cannot start, stderr, sort fed data, a wait that times out, a process
# dropped while its child runs; no descriptor and no child left behind.
import asyncio
import os
import signal
import sys

PIPE = asyncio.subprocess.PIPE


async def read_all(stream):
    data = b""
    while True:
        chunk = await stream.read(7)
        if not chunk:
            return data.decode()
        data += chunk


async def echo():
    p = await asyncio.create_subprocess_exec("/bin/echo", "hello", "world", stdout=PIPE)
    print("pid positive:", int(p.pid > 0), "stdin piped:", int(p.stdin is not None))
    out = await read_all(p.stdout)
    print("echo said:", repr(out))
    print("echo exited:", await p.wait())


async def cat():
    p = await asyncio.create_subprocess_exec("cat", stdin=PIPE, stdout=PIPE)
    p.stdin.write(b"one\n")
    p.stdin.write(b"two\n")
    await p.stdin.drain()
    p.stdin.write_eof()
    while True:
        line = await p.stdout.readline()
        if not line:
            break
        print("cat line:", repr(line.decode()))
    print("cat exited:", await p.wait())


async def exit3():
    p = await asyncio.create_subprocess_exec("sh", "-c", "exit 3")
    print("running:", int(p.returncode is None))
    rc = await p.wait()
    print("exit 3:", rc, p.returncode, await p.wait())


async def signals():
    p = await asyncio.create_subprocess_exec("sleep", "10")
    p.terminate()
    print("terminated:", await p.wait())
    p = await asyncio.create_subprocess_exec("sleep", "10")
    p.kill()
    print("killed:", await p.wait())
    p = await asyncio.create_subprocess_exec("sleep", "10")
    p.send_signal(signal.SIGUSR1)
    print("SIGUSR1:", await p.wait())


async def cannot_start():
    for prog in ("no-such-program-asyncc", "/etc/passwd", "/no/such/dir/prog"):
        try:
            await asyncio.create_subprocess_exec(prog, "x")
            print("started?")
        except OSError as e:
            print(type(e).__name__ + ":", str(e))


async def with_stderr():
    p = await asyncio.create_subprocess_exec(
        "sh", "-c", "echo out; echo err >&2; exit 1", stdout=PIPE, stderr=PIPE)
    print("stdout:", repr(await read_all(p.stdout)))
    print("stderr:", repr(await read_all(p.stderr)))
    print("sh exited:", await p.wait())


async def sort():
    p = await asyncio.create_subprocess_exec("sort", stdin=PIPE, stdout=PIPE)
    for word in ("pear", "apple", "fig", "banana"):
        p.stdin.write((word + "\n").encode())
    await p.stdin.drain()
    p.stdin.write_eof()
    print("sorted:", repr(await read_all(p.stdout)))
    print("sort exited:", await p.wait())


async def inherited():
    sys.stdout.flush()
    p = await asyncio.create_subprocess_exec("sh", "-c", "echo inherited stdout")
    print("inherited exited:", await p.wait())


async def wait_timeout():
    p = await asyncio.create_subprocess_exec("sleep", "10")
    try:
        await asyncio.wait_for(p.wait(), 0.05)
    except asyncio.TimeoutError:
        print("wait timed out, running:", int(p.returncode is None))
    p.kill()
    print("then killed:", await p.wait())


async def dropped():
    p = await asyncio.create_subprocess_exec("sh", "-c", "sleep 0.05")
    del p
    await asyncio.sleep(0.3)
    print("dropped process: slept")


async def amain():
    await echo()
    await cat()
    await exit3()
    await signals()
    await cannot_start()
    await with_stderr()
    await sort()
    await inherited()
    await wait_timeout()
    await dropped()
    return 0


def fd_count():
    return len(os.listdir("/proc/self/fd"))


before = fd_count()
rc = asyncio.run(amain())
print("descriptors as before:", int(fd_count() == before))
try:
    os.waitpid(-1, os.WNOHANG)
    print("a child is left")
except ChildProcessError:
    print("no child left")
sys.exit(rc)
