# TaskGroup under cancellation: the parent cancelled from outside during
# the body and during the exit's wait (twice), a child turning its
# cancellation into an error (errors win over the CancelledError), a
# child cancelled on its own, nested groups, and create_task refused.
import asyncio

log = []


async def sleeper(name, seconds):
    try:
        await asyncio.sleep(seconds)
        print(f"{name} woke")
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise


async def stubborn(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        await asyncio.sleep(0.01)
        log.append(f"{name} cleaned up")
        raise ValueError(f"{name} refused")


async def failing(name, seconds):
    await asyncio.sleep(seconds)
    raise ValueError(name)


def flush():
    for line in sorted(log):
        print(f"  {line}")
    log.clear()


def show(eg, indent=""):
    print(f"{indent}{type(eg).__name__}: {eg}")
    for e in eg.exceptions:
        if isinstance(e, BaseExceptionGroup):
            show(e, indent + "  ")
        else:
            print(f"{indent}  {type(e).__name__}: {e}")


async def in_body():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(sleeper("a", 1))
        tg.create_task(sleeper("b", 1))
        await asyncio.sleep(1)
        print("body not cancelled")


async def in_exit():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(sleeper("c", 1))
        tg.create_task(stubborn("d"))
    print("exit not cancelled")


async def run_and_cancel(label, coro, times):
    t = asyncio.create_task(coro)
    await asyncio.sleep(0.01)
    for _ in range(times):
        t.cancel("stop it")
        await asyncio.sleep(0)
    try:
        await t
        print(f"{label}: finished")
    except asyncio.CancelledError as e:
        print(f"{label}: CancelledError {e}")
    except ExceptionGroup as eg:
        print(f"{label}:")
        show(eg)
    flush()


async def waits_quietly():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(sleeper("e", 1))
    print("quiet exit")


async def self_cancel():
    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(sleeper("f", 1))
        tg.create_task(sleeper("g", 0.01))
        await asyncio.sleep(0)
        t.cancel()
    print(f"self cancel: group fine, f cancelled {t.cancelled()}")
    flush()


async def nested():
    try:
        async with asyncio.TaskGroup() as outer:
            outer.create_task(sleeper("outer child", 1))
            async with asyncio.TaskGroup() as inner:
                inner.create_task(failing("inner boom", 0.01))
                inner.create_task(sleeper("inner child", 1))
            print("not reached")
    except ExceptionGroup as eg:
        show(eg)
    flush()
    await asyncio.sleep(0.01)
    print("parent still runs")


async def refused():
    tg = asyncio.TaskGroup()
    coro = sleeper("x", 0)
    try:
        tg.create_task(coro)
    except RuntimeError as e:
        print(f"RuntimeError: {e}")
        coro.close()
    async with tg:
        tg.create_task(sleeper("y", 0))
    coro = sleeper("z", 0)
    try:
        tg.create_task(coro)
    except RuntimeError as e:
        print(f"RuntimeError: {e}")
        coro.close()
    try:
        async with tg:
            pass
    except RuntimeError as e:
        print(f"RuntimeError: {e}")
    try:
        async with asyncio.TaskGroup() as tg2:
            tg2.create_task(failing("first", 0))
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                coro = sleeper("late", 0)
                try:
                    tg2.create_task(coro)
                except RuntimeError as e:
                    print(f"RuntimeError: {e}")
                    coro.close()
                raise
    except ExceptionGroup as eg:
        show(eg)
    coro = sleeper("after", 0)
    try:
        tg2.create_task(coro)
    except RuntimeError as e:
        print(f"RuntimeError: {e}")
        coro.close()


async def main():
    await run_and_cancel("in body", in_body(), 1)
    await run_and_cancel("in exit", in_exit(), 1)
    await run_and_cancel("in exit twice", in_exit(), 2)
    await run_and_cancel("quiet", waits_quietly(), 1)
    await self_cancel()
    await nested()
    await refused()


asyncio.run(main())
