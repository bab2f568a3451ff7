# Cancellation a coroutine swallows: wait_for returns the value it returns
# instead (Python 3.11), or its own exception; a task that swallows it
# finishes with its result, not cancelled.  Timers with equal deadlines run
# in the order they were scheduled.
import asyncio
async def stubborn():
    try:
        await asyncio.sleep(0.05)
    except asyncio.CancelledError:
        print("stubborn swallowed cancel")
        return 7
    return 1
async def raiser_on_cancel():
    try:
        await asyncio.sleep(0.05)
    except asyncio.CancelledError:
        raise ValueError("during cancel")
    return 1
def tick(arg): print("tick", arg)
async def main_co():
    try:
        r = await asyncio.wait_for(stubborn(), 0.01)
        print("r", r)
    except TimeoutError:
        print("timeout")
    try:
        r = await asyncio.wait_for(raiser_on_cancel(), 0.01)
        print("r", r)
    except Exception as e:
        print(f"{type(e).__name__}({e})")
    loop = asyncio.get_running_loop()
    now = loop.time()
    loop.call_at(now + 0.01, tick, "1")
    loop.call_at(now + 0.01, tick, "2")
    loop.call_at(now + 0.005, tick, "0")
    loop.call_soon(tick, "soon")
    await asyncio.sleep(0.03)
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    t.cancel()
    r = await t
    print(f"task swallowed: {r} cancelled {int(t.cancelled())}")
    return 0
r = asyncio.run(main_co())
print("end", r)
