# Oracle of exc_context_c_err.ac: an exception set by C code (c_fail stands
# for a C function calling ac_err_format) gets its context where it is set.
import asyncio

def show(where, e):
    parts = []
    c = e
    while c is not None:
        msg = str(c.args[0]) if c.args else ""
        parts.append(f"{type(c).__name__}({msg!r})" if msg else f"{type(c).__name__}()")
        c = c.__context__
    print(where + ": " + " <- ".join(parts))

def c_fail(msg):
    raise OSError(msg)

def probe(where, msg):  # a C function that sets an error and looks at it
    try:
        c_fail(msg)
    except OSError as e:
        show(where, e)

def gen():
    try:
        raise KeyError("gen")
    except KeyError:
        probe("probe in gen handler", "gen handler")
        try:
            c_fail("set in handler")
        except OSError as e:
            pending = e
    raise pending  # raised after the handler: keeps its context
    yield 1

def plain():
    yield 1
    probe("probe in plain gen", "plain gen")
    yield 2

try:
    raise ValueError("consumer")
except ValueError:
    p = plain()
    next(p)
    next(p)
    def selfstep():
        try:
            raise IndexError("self")
        except IndexError:
            next(me)
        yield 1
    me = selfstep()
    try:
        next(me)
    except ValueError as e:
        show("already executing", e)
    def waits():
        yield 1
    w = waits(); next(w)
    try:
        w.throw(KeyError("thrown"))
    except KeyError as e:
        show("thrown", e)

p = plain(); next(p); next(p)
try:
    next(gen())
except OSError as e:
    show("raised later", e)

async def co_probe():
    try:
        raise KeyError("co")
    except KeyError:
        probe("probe in co handler", "co")
        await asyncio.sleep(0)
        probe("probe after await", "co after await")

async def amain():
    await co_probe()
    try:
        raise ValueError("awaiter")
    except ValueError:
        await co_probe()
    fut = asyncio.get_running_loop().create_future()
    fut.cancel()
    try:
        raise ValueError("awaiter")
    except ValueError:
        try:
            await fut
        except asyncio.CancelledError as e:
            show("cancelled future", e)

asyncio.run(amain())
