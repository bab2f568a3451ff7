# A process runner: text piped through `sort` child processes, several at
# once.  Each job feeds the child's stdin from a task while the runner
# reads its stdout (so neither side can block the other on a full pipe),
# then waits for the exit status.  A job whose command fails shows its
# return code.
import asyncio

PIPE = asyncio.subprocess.PIPE

FRUIT = "pear\napple\nfig\nbanana\ncherry\n"
NUMBERS = "10\n9\n100\n-3\n42\n"


async def feed(stdin, text):
    stdin.write(text.encode())
    await stdin.drain()
    stdin.write_eof()


async def read_all(stream):
    data = b""
    while True:
        chunk = await stream.read(4096)
        if not chunk:
            return data.decode()
        data += chunk


async def run_sort(job):
    name, args, text = job
    proc = await asyncio.create_subprocess_exec(
        "sort", *args, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    feeder = asyncio.create_task(feed(proc.stdin, text))
    out = await read_all(proc.stdout)
    err = await read_all(proc.stderr)
    await feeder
    rc = await proc.wait()
    lines = out.split()
    print(f"{name}: exit {rc}, {len(lines)} lines: {' '.join(lines)}"
          + (", complained on stderr" if err else ""))
    return rc


async def bad_job():
    proc = await asyncio.create_subprocess_exec(
        "sort", "/no/such/file", stdout=PIPE, stderr=PIPE)
    out = await read_all(proc.stdout)
    err = await read_all(proc.stderr)
    rc = await proc.wait()
    print(f"missing file: exit {rc}, output {len(out)} bytes"
          + (", complained on stderr" if err else ""))


async def main():
    jobs = [("alphabetical", [], FRUIT),
            ("reversed", ["-r"], FRUIT),
            ("numeric", ["-n"], NUMBERS)]
    for job in jobs:  # one after the other: the output order is fixed
        await run_sort(job)
    # All at once: each job prints nothing, the results come back in order.
    results = await asyncio.gather(*(quiet_sort(job) for job in jobs))
    print("concurrently:", " | ".join(results))
    await bad_job()


async def quiet_sort(job):
    name, args, text = job
    proc = await asyncio.create_subprocess_exec(
        "sort", *args, stdin=PIPE, stdout=PIPE)
    feeder = asyncio.create_task(feed(proc.stdin, text))
    out = await read_all(proc.stdout)
    await feeder
    await proc.wait()
    return " ".join(out.split())


asyncio.run(main())
