# Task groups and timeouts together: a timeout around a group (the
# children are cancelled, TimeoutError after the block), a timeout per
# child inside a group (one child times out and handles it), a child
# failing inside a timeout (the group's error wins, the timeout did not
# expire), and a group inside a timeout that is rescheduled.
import asyncio


async def worker(name, seconds):
    try:
        await asyncio.sleep(seconds)
        print(f"{name} done")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def with_own_timeout(name, seconds, limit):
    try:
        async with asyncio.timeout(limit):
            await worker(name, seconds)
    except TimeoutError:
        print(f"{name} gave up")


async def failing(seconds):
    await asyncio.sleep(seconds)
    raise ValueError("broken")


async def main():
    try:
        async with asyncio.timeout(0.05) as cm:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("long", 5))
                tg.create_task(worker("short", 0))
    except TimeoutError:
        print(f"group timed out, expired {cm.expired()}")

    async with asyncio.TaskGroup() as tg:
        tg.create_task(with_own_timeout("patient", 0.01, 1))
        tg.create_task(with_own_timeout("hasty", 5, 0.05))
    print("per-child timeouts done")

    try:
        async with asyncio.timeout(5) as cm:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("bystander", 5))
                tg.create_task(failing(0.01))
    except ExceptionGroup as eg:
        print(f"{eg} / {eg.exceptions[0]}, expired {cm.expired()}")

    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(5) as cm:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("slowpoke", 5))
                await asyncio.sleep(0.01)
                cm.reschedule(loop.time() + 0.02)
    except TimeoutError:
        print(f"rescheduled timeout hit, expired {cm.expired()}")
    await asyncio.sleep(0.01)
    print("all done")


asyncio.run(main())
