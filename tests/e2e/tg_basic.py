# TaskGroup: all children succeed; one fails (the others are cancelled,
# their finally blocks run, the body is cancelled too); two fail; the
# body raises; the group message and items.
import asyncio

finished = []


async def child(name, delay, fail):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise ValueError(f"{name} failed")
        print(f"{name} done")
        return 1
    finally:
        finished.append(name)


def show(eg):
    print(f"{type(eg).__name__}: {eg}")
    for i, e in enumerate(eg.exceptions):
        print(f"  [{i}] {type(e).__name__}: {e}")


async def all_succeed():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(child("a", 0.02, False))
        tg.create_task(child("b", 0.01, False), name="bee")
        print(f"names {t1.get_name() != ''} {tg.create_task(child('c', 0, False), name='cee').get_name()}")
        print("body end")
    print(f"after group: {t1.done()} {t1.result()}")


async def one_fails():
    finished.clear()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("slow1", 1, False))
            tg.create_task(child("bad", 0.01, True))
            tg.create_task(child("slow2", 1, False))
            try:
                await asyncio.sleep(1)
                print("body not cancelled")
            except asyncio.CancelledError:
                print("body cancelled")
                raise
    except ExceptionGroup as eg:
        show(eg)
    print(f"finished {sorted(finished)}")


async def two_fail():
    finished.clear()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("x", 0, True))
            tg.create_task(child("y", 0, True))
            tg.create_task(child("z", 1, False))
    except ExceptionGroup as eg:
        show(eg)
    print(f"finished {sorted(finished)}")


async def body_raises():
    finished.clear()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("p", 1, False))
            tg.create_task(child("q", 1, False))
            await asyncio.sleep(0.01)
            raise IndexError("body")
    except ExceptionGroup as eg:
        show(eg)
    print(f"finished {sorted(finished)}")


async def child_and_body_fail():
    finished.clear()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("r", 0, True))
            await asyncio.sleep(0.01)  # cancelled by the failing child
    except ExceptionGroup as eg:
        show(eg)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("s", 0.01, True))
            raise RuntimeError("body first")
    except ExceptionGroup as eg:
        show(eg)
    print(f"finished {sorted(finished)}")


async def empty_group():
    async with asyncio.TaskGroup():
        pass
    print("empty ok")


async def main():
    await all_succeed()
    await one_fails()
    await two_fail()
    await body_raises()
    await child_and_body_fail()
    await empty_group()


asyncio.run(main())
