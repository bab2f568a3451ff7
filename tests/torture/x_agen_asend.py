# oracle for x_agen_asend.ac
import asyncio

async def acc():
    total = 0
    try:
        while True:
            v = yield total
            await asyncio.sleep(0)
            total += v
    finally:
        print("acc finally %d" % total)

async def amain():
    g = acc()
    out = await g.__anext__()
    print("first %d" % out)
    for i in range(1, 5):
        out = await g.asend(i)
        print("sent %d got %d" % (i, out))
    await g.aclose()
    return out

print("r %d" % asyncio.run(amain()))
