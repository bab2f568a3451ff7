# difftest divergence where CPython 3.11 is the odd one (gh-86296, fixed in
# 3.12 by wait_for's rewrite on asyncio.timeout): a task cancelled while in
# wait_for, whose inner task is scheduled but has not run yet.  3.11 lets the
# inner task run and returns its outcome (the cancellation is swallowed);
# 3.12, like asyncc, cancels the inner task before it starts.
import asyncio


async def inner():
    try:
        raise ValueError("inner ran")
    finally:
        print("inner finally")


async def outer():
    return await asyncio.wait_for(inner(), 100)


async def main():
    t = asyncio.create_task(outer())
    await asyncio.sleep(0)
    print("cancel", t.cancel())
    try:
        print("result", await t)
    except BaseException as e:
        print("raised", type(e).__name__)
    print("cancelled", t.cancelled())


asyncio.run(main())
