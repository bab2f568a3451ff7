# shield (the outer cancelled, the inner runs on; inner failure and
# cancellation pass through), gather(return_exceptions=True) (and
# cancelled), wait with each return_when and a timeout, wait of nothing,
# all_tasks.
import asyncio


async def job(name, seconds, fail=False):
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise
    if fail:
        raise ValueError(f"{name} failed")
    print(f"{name} done")
    return len(name)


def outcome(t):
    if not t.done():
        return "pending"
    if t.cancelled():
        return "cancelled"
    if t.exception() is not None:
        return f"{type(t.exception()).__name__}: {t.exception()}"
    return f"result {t.result()}"


async def shields():
    inner = asyncio.create_task(job("shielded", 0.2))
    waiter = asyncio.create_task(asyncio.wait_for(asyncio.shield(inner), 0.05))
    try:
        await waiter
    except TimeoutError:
        print("outer timed out")
    print(f"inner {outcome(inner)}")
    await inner
    print(f"inner {outcome(inner)}")
    print(f"shield result {await asyncio.shield(job('direct', 0))}")
    try:
        await asyncio.shield(job("bad", 0, True))
    except ValueError as e:
        print(f"shield raised {e}")
    victim = asyncio.create_task(job("victim", 1))
    s = asyncio.shield(victim)
    await asyncio.sleep(0)
    victim.cancel()
    try:
        await s
    except asyncio.CancelledError:
        print("shield of a cancelled task: cancelled")
    done = asyncio.create_task(job("early", 0))
    await done
    print(f"already done: same {asyncio.shield(done) is done}")


async def gathers():
    ts = [asyncio.create_task(job("g1", 0.05)),
          asyncio.create_task(job("g2", 0, True)),
          asyncio.create_task(job("g3", 0.15))]
    await asyncio.gather(*ts, return_exceptions=True)
    for t in ts:
        print(f"  {t.get_name() != ''} {outcome(t)}")
    ts = [asyncio.create_task(job("h1", 1)), asyncio.create_task(job("h2", 1))]
    g = asyncio.gather(*ts, return_exceptions=True)
    await asyncio.sleep(0.01)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled")
    for t in ts:
        print(f"  {outcome(t)}")
    await asyncio.gather(return_exceptions=True)
    print("empty gather ok")


async def waits():
    for label, when in (("FIRST_COMPLETED", asyncio.FIRST_COMPLETED),
                        ("FIRST_EXCEPTION", asyncio.FIRST_EXCEPTION),
                        ("ALL_COMPLETED", asyncio.ALL_COMPLETED)):
        ts = [asyncio.create_task(job("w1", 0.01)),
              asyncio.create_task(job("w2", 0.15, True)),
              asyncio.create_task(job("w3", 0.4))]
        done, pending = await asyncio.wait(ts, return_when=when)
        print(f"{label}: {len(done)} done: {[outcome(t) for t in ts]}")
        for t in ts:
            t.cancel()
        await asyncio.gather(*ts, return_exceptions=True)
    ts = [asyncio.create_task(job("slow", 5))]
    done, pending = await asyncio.wait(ts, timeout=0.01)
    print(f"timeout: {len(done)} done, {len(pending)} pending")
    ts[0].cancel()
    await asyncio.wait(ts)
    print(f"after cancel: {outcome(ts[0])}")
    try:
        await asyncio.wait([])
    except ValueError as e:
        print(f"ValueError: {e}")
    # the waiting task cancelled: the tasks run on
    t = asyncio.create_task(job("keeps", 0.2))
    w = asyncio.create_task(asyncio.wait([t]))
    await asyncio.sleep(0.05)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("wait cancelled")
    await t
    print(f"keeps: {outcome(t)}")


async def counting():
    print(f"all_tasks {len(asyncio.all_tasks())}")
    ts = [asyncio.create_task(job(f"c{i}", 0.01)) for i in range(3)]
    print(f"all_tasks {len(asyncio.all_tasks())}")
    await asyncio.gather(*ts)
    print(f"all_tasks {len(asyncio.all_tasks())}")


async def main():
    await shields()
    await gathers()
    await waits()
    await counting()


asyncio.run(main())
