import asyncio


async def ticker(name, n):
    for i in range(n):
        print(f"{name} {i}")
        await asyncio.sleep(0)


async def parked():
    try:
        while True:
            await asyncio.sleep(0)
    finally:
        print("parked: finally")


async def amain():
    await asyncio.gather(ticker("a", 3), ticker("b", 3))

    await asyncio.gather(asyncio.sleep(0), asyncio.sleep(0))
    print("gathered two sleep(0)")

    await asyncio.wait_for(asyncio.sleep(0), 1.0)
    print("waited for sleep(0)")

    t = asyncio.create_task(parked(), name="parked")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    t.cancel("enough")
    try:
        await t
    except asyncio.CancelledError as e:
        print(f"parked cancelled: {e}")
    return 7


r = asyncio.run(amain())
print(f"result {r}")
