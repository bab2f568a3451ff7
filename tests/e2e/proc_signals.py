# proc_signals.py - loop.add_signal_handler: a handler runs on the loop
# once per arrival, replacing and removing handlers, asyncio's errors, a
# SIGINT handler in place of the runner's (and the runner's back after
# remove), SIGCHLD beside the child watcher, a worker thread refused, and
# every handler gone with its loop.
import asyncio
import os
import signal
import threading

counts = {}


def on_signal(name):
    counts[name] = counts.get(name, 0) + 1
    print("handler", name, "on the loop:", int(asyncio.get_running_loop() is not None))


def count_only(name):
    counts[name] = counts.get(name, 0) + 1


def disposition(sig):
    return "default" if signal.getsignal(sig) == signal.SIG_DFL else "other"


async def basics(loop):
    loop.add_signal_handler(signal.SIGUSR1, on_signal, "usr1")
    os.kill(os.getpid(), signal.SIGUSR1)
    print("right after kill:", counts.get("usr1", 0))
    await asyncio.sleep(0.05)
    print("after a sleep:", counts.get("usr1", 0))
    signal.raise_signal(signal.SIGUSR1)
    signal.raise_signal(signal.SIGUSR1)
    await asyncio.sleep(0.05)
    print("after two more:", counts.get("usr1", 0))
    loop.add_signal_handler(signal.SIGUSR1, on_signal, "usr1-again")
    signal.raise_signal(signal.SIGUSR1)
    await asyncio.sleep(0.05)
    print("replaced:", counts.get("usr1", 0), counts.get("usr1-again", 0))
    print("remove:", int(loop.remove_signal_handler(signal.SIGUSR1)))
    print("remove again:", int(loop.remove_signal_handler(signal.SIGUSR1)))
    print("SIGUSR1 now:", disposition(signal.SIGUSR1))


async def errors(loop):
    for sig in (signal.SIGKILL, signal.SIGSTOP, 0, 32, 65, -3):
        try:
            loop.add_signal_handler(sig, on_signal, "bad")
            print("added?")
        except (ValueError, RuntimeError) as e:
            print("add", sig, type(e).__name__ + ":", e)
    for sig in (signal.SIGKILL, 0, 65):
        try:
            print("remove", sig, int(loop.remove_signal_handler(sig)))
        except ValueError as e:
            print("remove", sig, type(e).__name__ + ":", e)


async def sigint(loop):
    loop.add_signal_handler(signal.SIGINT, on_signal, "int")
    signal.raise_signal(signal.SIGINT)
    await asyncio.sleep(0.05)
    print("SIGINT handled, main task goes on:", counts.get("int", 0))
    print("remove SIGINT:", int(loop.remove_signal_handler(signal.SIGINT)))


async def sigchld(loop):
    loop.add_signal_handler(signal.SIGCHLD, count_only, "chld")
    p = await asyncio.create_subprocess_exec("true")
    print("child exited:", await p.wait())
    await asyncio.sleep(0.05)
    print("SIGCHLD seen:", int(counts.get("chld", 0) >= 1))
    print("remove SIGCHLD:", int(loop.remove_signal_handler(signal.SIGCHLD)))


def in_thread():
    async def worker():
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, on_signal, "thread")
            print("added in a thread?")
        except RuntimeError as e:
            print("worker thread:", type(e).__name__ + ":", e)
    asyncio.run(worker())


async def amain():
    loop = asyncio.get_running_loop()
    await basics(loop)
    await errors(loop)
    await sigint(loop)
    await sigchld(loop)
    t = threading.Thread(target=in_thread)
    t.start()
    t.join()
    loop.add_signal_handler(signal.SIGUSR2, on_signal, "usr2")
    print("SIGUSR2 while running:", disposition(signal.SIGUSR2))


async def interrupted():
    try:
        signal.raise_signal(signal.SIGINT)
        await asyncio.sleep(1)
        print("not interrupted?")
    finally:
        print("interrupted: finally")


async def interrupted_after_remove():
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, on_signal, "int")
    loop.remove_signal_handler(signal.SIGINT)
    try:
        signal.raise_signal(signal.SIGINT)
        await asyncio.sleep(1)
        print("not interrupted?")
    finally:
        print("handler removed, interrupted: finally")


def fd_count():
    return len(os.listdir("/proc/self/fd"))


before = fd_count()
asyncio.run(amain())
print("SIGUSR2 after the run:", disposition(signal.SIGUSR2))
print("descriptors as before:", int(fd_count() == before))
try:
    asyncio.run(interrupted())
except KeyboardInterrupt:
    print("second run: KeyboardInterrupt")
try:
    asyncio.run(interrupted_after_remove())
except KeyboardInterrupt:
    print("third run: KeyboardInterrupt")
