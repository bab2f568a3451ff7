# Conformance: one coroutine driven by two tasks, or by a task and an
# await.  Whichever finishes it gets its result; the other, resuming a
# finished coroutine, gets RuntimeError "cannot reuse already awaited
# coroutine" (raised in the coroutine awaiting it, if any).
import asyncio


async def slow():
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return 7


shared = None


async def awaits_shared():
    return await shared


async def show(t):
    try:
        print(t.get_name(), await t)
    except RuntimeError as e:
        print(t.get_name(), "RuntimeError:", e)


async def main():
    global shared
    c = slow()
    one = asyncio.create_task(c, name="one")
    two = asyncio.create_task(c, name="two")
    await show(one)
    await show(two)
    shared = slow()
    three = asyncio.create_task(awaits_shared(), name="three")
    await asyncio.sleep(0)
    four = asyncio.create_task(shared, name="four")
    await show(three)
    await show(four)
    c = slow()
    await c
    await show(asyncio.create_task(c, name="five"))


asyncio.run(main())
