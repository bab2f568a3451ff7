# asyncio.timeout: expiring (TimeoutError after the block, expired() true,
# the cancelled work's finally runs, chained to the CancelledError), not
# expiring, reschedule to later / earlier / None, nested timeouts,
# timeout_at, a timeout already past, and the state errors.
import asyncio
import math


async def work(label, seconds):
    try:
        await asyncio.sleep(seconds)
        print(f"{label}: work done")
    finally:
        print(f"{label}: work finally")


async def expiring():
    cm = asyncio.timeout(0.02)
    try:
        async with cm:
            await work("expiring", 1)
        print("not reached")
    except TimeoutError as e:
        ctx = e.__context__
        print(f"TimeoutError '{e}' context {type(ctx).__name__}")
    print(f"expired {cm.expired()}")


async def not_expiring():
    async with asyncio.timeout(1) as cm:
        await work("quick", 0.01)
    print(f"expired {cm.expired()} when set {cm.when() is not None}")


async def none_timeout():
    async with asyncio.timeout(None) as cm:
        await work("none", 0.01)
    print(f"when {cm.when()} expired {cm.expired()}")


async def reschedule_later():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(0.01) as cm:
        cm.reschedule(loop.time() + 1)
        await work("later", 0.03)
    print(f"later expired {cm.expired()}")


async def reschedule_earlier():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(5) as cm:
            cm.reschedule(loop.time() + 0.01)
            await work("earlier", 1)
    except TimeoutError:
        print("earlier: TimeoutError")
    print(f"earlier expired {cm.expired()}")


async def reschedule_none():
    async with asyncio.timeout(0.01) as cm:
        cm.reschedule(None)
        await work("unset", 0.03)
    print(f"unset when {cm.when()} expired {cm.expired()}")


async def nested():
    try:
        async with asyncio.timeout(1) as outer:
            try:
                async with asyncio.timeout(0.01) as inner:
                    await work("inner", 1)
            except TimeoutError:
                print("inner timed out")
            print(f"inner {inner.expired()} outer {outer.expired()}")
            async with asyncio.timeout(1) as inner2:
                await work("outer-cut", 0.02)
    except TimeoutError:
        print("outer timed out")
    try:
        async with asyncio.timeout(0.01) as outer:
            async with asyncio.timeout(1) as inner:
                await work("deep", 1)
    except TimeoutError:
        print(f"outer timed out: inner {inner.expired()} outer {outer.expired()}")


async def at_and_past():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + 0.01):
            await work("at", 1)
    except TimeoutError:
        print("at: TimeoutError")
    try:
        async with asyncio.timeout(-1) as cm:
            print("body runs")
            await work("past", 1)
    except TimeoutError:
        print(f"past: TimeoutError {cm.expired()}")
    try:
        async with asyncio.timeout(0) as cm:
            print("zero body, no await")
    except TimeoutError:
        print("zero: TimeoutError")
    print(f"zero expired {cm.expired()}")
    try:
        async with asyncio.timeout(0):
            await asyncio.sleep(0)
            print("zero: not reached")
    except TimeoutError:
        print("zero with an await: TimeoutError at the first one")


async def state_errors():
    cm = asyncio.timeout(1)
    async with cm:
        pass
    try:
        cm.reschedule(1)
    except RuntimeError as e:
        print(f"RuntimeError: {e}")
    try:
        async with asyncio.timeout(0.01) as cm:
            await asyncio.sleep(1)
    except TimeoutError:
        pass
    try:
        cm.reschedule(None)
    except RuntimeError as e:
        print(f"RuntimeError: {e}")


async def outside_cancel():
    async def victim():
        try:
            async with asyncio.timeout(1):
                await work("victim", 1)
        except TimeoutError:
            print("victim: wrong TimeoutError")
    t = asyncio.create_task(victim())
    await asyncio.sleep(0.01)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("victim cancelled, not timed out")


async def main():
    await expiring()
    await not_expiring()
    await none_timeout()
    await reschedule_later()
    await reschedule_earlier()
    await reschedule_none()
    await nested()
    await at_and_past()
    await state_errors()
    await outside_cancel()


asyncio.run(main())
