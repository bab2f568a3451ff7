# sigint_cancel.ac's oracle: asyncio.Runner's SIGINT handling.
import asyncio, signal


async def amain():
    try:
        await asyncio.sleep(0.01)
        signal.raise_signal(signal.SIGINT)
        print("amain: still running")
        await asyncio.sleep(0.05)
        print("amain: slept")
    finally:
        print("amain: finally")


def run():
    try:
        asyncio.run(amain())
        return 0, "none"
    except BaseException as e:
        return -1, type(e).__name__


rc, name = run()
print(f"ac_run: {rc} {name}")
default = signal.getsignal(signal.SIGINT) is signal.default_int_handler
print(f"SIGINT: {'default' if default else 'other'}")
signal.signal(signal.SIGINT, signal.SIG_IGN)
rc, name = run()
print(f"ignored: ac_run: {rc} {name}")
