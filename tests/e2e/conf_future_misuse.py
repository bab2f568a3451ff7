# Conformance: a coroutine resumed while the future it awaits is still
# pending raises "await wasn't used with future"; see conf_future_misuse.ac.
import asyncio
async def waiter(fut):
    try:
        v = await fut
        print("got", v)
    finally:
        print("waiter finally")
loop = asyncio.new_event_loop()
fut = loop.create_future()
c = waiter(fut)
print("yielded the future:", c.send(None) is fut)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
print("future still pending:", not fut.done())
# the coroutine is finished now
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
loop.close()
