# asyncio.Event: wait on a set event returns at once, set() wakes every
# waiter, clear(), a waiter cancelled while waiting, and one cancelled
# after set() woke it.
import asyncio


async def settle(n):
    for i in range(n):
        await asyncio.sleep(0)


async def waiter(ev, id):
    try:
        ok = await ev.wait()
        print(f"waiter {id} woke: {int(ok)}")
    except asyncio.CancelledError:
        print(f"waiter {id} cancelled, set={int(ev.is_set())}")
        raise


async def run_case(cancel, after_set):
    print(f"-- cancel {cancel} {'after set' if after_set else 'before set'}")
    ev = asyncio.Event()
    t = [asyncio.create_task(waiter(ev, i)) for i in range(3)]
    await settle(1)
    if not after_set and cancel >= 0:
        t[cancel].cancel()
    ev.set()
    ev.set()
    if after_set and cancel >= 0:
        t[cancel].cancel()
    for i in range(3):
        try:
            await t[i]
        except asyncio.CancelledError:
            print(f"waiter {i} ended cancelled")


async def amain():
    ev = asyncio.Event()
    print(f"set={int(ev.is_set())}")
    ev.set()
    print(f"set={int(ev.is_set())}")
    ok = await ev.wait()
    print(f"wait on a set event: {int(ok)}")
    ev.clear()
    print(f"set={int(ev.is_set())}")
    t = asyncio.create_task(waiter(ev, 7))
    await settle(2)
    print(f"still waiting: {int(not t.done())}")
    ev.set()
    ev.clear()
    await t
    await run_case(-1, 0)
    for c in range(3):
        for after in range(2):
            await run_case(c, after)


asyncio.run(amain())
