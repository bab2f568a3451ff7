# Conformance: coroutines driven from C through ac_coro_send/throw/close,
# as Python's coro.send/throw/close: a chain of three coroutines suspended
# on a future, send/throw/close travelling through it, getstate, and the
# errors (reuse, just-started, already executing, ignored GeneratorExit,
# PEP 479).
import asyncio
from inspect import getcoroutinestate as state_name

current = None


def show(label, fn):
    try:
        out = fn()
        print(f"{label}: suspended on a future")
        return out
    except StopIteration as s:
        print(f"{label}: returned {0 if s.value is None else s.value}")
    except BaseException as e:
        s = f"{label}: raised {type(e).__name__}: {e.args[0] if e.args else ''}"
        if e.__cause__ is not None:
            s += f" (cause {type(e.__cause__).__name__})"
        print(s)


async def leaf(f):
    try:
        print(f"leaf state {state_name(current)}")
        v = await f
        print(f"leaf got {v}")
        return v
    except KeyError as e:
        print(f"leaf caught {e.args[0]}")
        return -1
    finally:
        print("leaf finally")


async def mid(f):
    try:
        return await leaf(f) + 1
    finally:
        print("mid finally")


async def top(f):
    r = await mid(f)
    print(f"top got {r}")
    return r * 10


async def self_send():
    show("send from inside", lambda: current.send(None))
    return 3


async def stubborn(f, g):
    try:
        await f
    except GeneratorExit:
        print("stubborn caught GeneratorExit")
        await g
    return 0


async def sync_child(x):
    return x * 2


async def cleanup_awaits(f, done):
    try:
        await f
    finally:
        v = await sync_child(21)
        w = await done
        print(f"cleanup got {v} and {w}")
    return 0


async def stops():
    raise StopIteration("in coroutine")


async def awaits_done(done):
    return await done


def main():
    global current
    loop = asyncio.new_event_loop()
    f = loop.create_future()
    current = top(f)
    print(f"state {state_name(current)}")
    show("send non-None first", lambda: current.send(1))
    out = show("first send", lambda: current.send(None))
    print(f"waits on the future: {'yes' if out is f else 'no'}")
    print(f"state {state_name(current)}")
    f.set_result(4)
    show("send after result", lambda: current.send(None))
    print(f"state {state_name(current)}")
    show("send again", lambda: current.send(None))
    show("throw after end", lambda: current.throw(ValueError("late")))
    current.close()
    print("close after end 0")

    c = awaits_done(current)
    show("await finished", lambda: c.send(None))
    del c

    f = loop.create_future()
    current = top(f)
    current.send(None)
    show("throw KeyError", lambda: current.throw(KeyError("thrown")))

    f = loop.create_future()
    current = top(f)
    current.send(None)
    show("throw ValueError", lambda: current.throw(ValueError("thrown")))
    print(f"state {state_name(current)}")

    f = loop.create_future()
    current = top(f)
    current.send(None)
    current.close()
    print("close 0")
    print(f"state {state_name(current)}")

    f = loop.create_future()
    current = top(f)
    current.send(None)
    print("dropping")
    current = None
    print("dropped")

    current = self_send()
    show("self_send", lambda: current.send(None))

    f = loop.create_future()
    g = loop.create_future()
    c = stubborn(f, g)
    c.send(None)
    show("close stubborn", c.close)
    g.cancel()
    show("stubborn after cancel", lambda: c.send(None))
    del c

    f = loop.create_future()
    g = loop.create_future()
    g.set_result(4)
    c = cleanup_awaits(f, g)
    c.send(None)
    c.close()
    print("close cleanup_awaits 0")
    del c

    c = stops()
    show("stops", lambda: c.send(None))
    del c
    loop.close()


main()
