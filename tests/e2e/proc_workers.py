# proc_workers.py - children started from loops on other threads (each
# worker thread runs its own loop): each watcher reaps its own children,
# output piped back, exit codes per worker; nothing left behind.
import asyncio
import os
import threading

PIPE = asyncio.subprocess.PIPE
results = [None] * 3


async def worker(index):
    p = await asyncio.create_subprocess_exec(
        "sh", "-c", f"echo worker {index}; exit {10 + index}", stdout=PIPE)
    out = await p.stdout.read(100)
    rc = await p.wait()
    results[index] = f"{out.decode().strip()} exited {rc}"


def run(index):
    asyncio.run(worker(index))


def fd_count():
    return len(os.listdir("/proc/self/fd"))


before = fd_count()
threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for r in results:
    print(r)
print("descriptors as before:", int(fd_count() == before))
try:
    os.waitpid(-1, os.WNOHANG)
    print("a child is left")
except ChildProcessError:
    print("no child left")
