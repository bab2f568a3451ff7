# as_completed: tasks come out in the order they finish (a failed one
# too), a timeout raises TimeoutError after those already done, leaving
# the iteration early, the consumer cancelled while waiting.
import asyncio


async def job(name, seconds, fail=False):
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError(f"{name} failed")
    return name


async def in_order():
    ts = [asyncio.create_task(job("slow", 0.3)),
          asyncio.create_task(job("fast", 0)),
          asyncio.create_task(job("bad", 0.1, True))]
    names = {t: n for t, n in zip(ts, ["slow", "fast", "bad"])}
    for c in asyncio.as_completed(ts):
        try:
            print(f"got {await c}")
        except ValueError as e:
            print(f"got error {e}")


async def timing_out():
    ts = [asyncio.create_task(job("quick", 0)),
          asyncio.create_task(job("late", 5))]
    try:
        for c in asyncio.as_completed(ts, timeout=0.1):
            print(f"got {await c}")
    except TimeoutError:
        print("TimeoutError")
    print(f"late done {ts[1].done()}")
    ts[1].cancel()
    await asyncio.sleep(0)


async def early_exit():
    ts = [asyncio.create_task(job("one", 0)), asyncio.create_task(job("two", 0.1))]
    for c in asyncio.as_completed(ts):
        print(f"first {await c}")
        break
    await asyncio.gather(*ts)
    print("both done")


async def consumer(ts):
    try:
        for c in asyncio.as_completed(ts):
            print(f"consumer got {await c}")
    except asyncio.CancelledError:
        print("consumer cancelled")
        raise


async def cancelled_consumer():
    ts = [asyncio.create_task(job("a", 0)), asyncio.create_task(job("b", 5))]
    t = asyncio.create_task(consumer(ts))
    await asyncio.sleep(0.1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        pass
    print(f"b still running {not ts[1].done()}")
    ts[1].cancel()
    await asyncio.sleep(0)


async def nothing():
    for c in asyncio.as_completed([]):
        print("never")
    print("empty ok")


async def main():
    await in_order()
    await timing_out()
    await early_exit()
    await cancelled_consumer()
    await nothing()


asyncio.run(main())
