# An async generator shared by tasks: a second anext, an athrow and an
# aclose while one is in progress raise RuntimeError with the spelling of
# each; the generator goes on for the first.
import asyncio
async def slowgen():
    for i in range(3):
        await asyncio.sleep(0.01)
        yield i
shared = None
async def consumer(tag):
    try:
        v = await shared.__anext__()
        print(f"{tag} got {v}")
    except Exception as e:
        print(f"{tag} {type(e).__name__}({e})")
async def main_co():
    global shared
    shared = slowgen()
    a = asyncio.create_task(consumer("a"))
    b = asyncio.create_task(consumer("b"))
    await asyncio.sleep(0.05)
    c = asyncio.create_task(consumer("c"))
    await asyncio.sleep(0)
    try:
        await shared.athrow(ValueError("v"))
    except Exception as e:
        print(f"athrow {type(e).__name__}({e})")
    try:
        await shared.aclose()
    except Exception as e:
        print(f"aclose {type(e).__name__}({e})")
    await c
    print(f"running {int(shared.ag_running)} closed {int(shared.ag_frame is None)}")
    await shared.aclose()
    print(f"running {int(shared.ag_running)} closed {int(shared.ag_frame is None)}")
    return 0
r = asyncio.run(main_co())
print("end", r)
