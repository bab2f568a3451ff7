# asyncio.Condition as 3.12 fixed it (gh-112202): a waiter that fails
# once its wait began, cancelled after notify() picked it say, notifies
# another waiter in its place (a spurious wake-up at worst), so no
# notification is lost.  The Python twin runs 3.11 with that wait().
import asyncio


class Condition(asyncio.Condition):
    async def wait(self):
        if not self.locked():
            raise RuntimeError("cannot wait on un-acquired lock")
        self.release()
        try:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                try:
                    await fut
                finally:
                    self._waiters.remove(fut)
            finally:
                last_cancel = None
                while True:  # the lock comes back whatever happened
                    try:
                        await self.acquire()
                        break
                    except asyncio.CancelledError as e:
                        last_cancel = e
                if last_cancel is not None:
                    raise last_cancel
            return True
        except BaseException:
            woken = [f for f in self._waiters if not f.done()][:1]
            for f in woken:
                f.set_result(False)
            raise


async def settle(n):
    for i in range(n):
        await asyncio.sleep(0)


async def waiter(cond, id):
    async with cond:
        try:
            await cond.wait()
            print(f"waiter {id} notified")
        except asyncio.CancelledError:
            print(f"waiter {id} cancelled")
            raise


async def run_case(notify_first):
    print(f"-- cancel waiter 0 {'after notify(1)' if notify_first else 'while waiting'}")
    cond = Condition()
    t = [asyncio.create_task(waiter(cond, i)) for i in range(3)]
    await settle(1)
    async with cond:
        if notify_first:
            cond.notify(1)
        t[0].cancel()
    await settle(4)
    print(f"pending: {int(not t[1].done())} {int(not t[2].done())}")
    async with cond:
        cond.notify_all()
    for i in range(3):
        try:
            await t[i]
        except asyncio.CancelledError:
            print(f"waiter {i} ended cancelled")


async def amain():
    await run_case(1)
    await run_case(0)


asyncio.run(amain())
