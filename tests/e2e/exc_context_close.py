# Oracle of exc_context_close.ac: the context of the GeneratorExit that
# close()/aclose() throw, and of what the closed frame raises from it.
import asyncio

def show(where, e):
    parts = []
    c = e
    while c is not None:
        msg = str(c.args[0]) if c.args else ""
        parts.append(f"{type(c).__name__}({msg!r})" if msg else f"{type(c).__name__}()")
        c = c.__context__
    print(where + ": " + " <- ".join(parts))

def g_raises():
    try:
        yield 1
    except GeneratorExit:
        raise KeyError("from gen")

def g_finally():
    try:
        yield 1
    finally:
        raise KeyError("in finally")

def g_handles():
    try:
        raise IndexError("gen own")
    except IndexError:
        try:
            yield 1
        except GeneratorExit:
            raise KeyError("gen handles")

def g_catch_ge():
    try:
        yield 1
    except GeneratorExit as ge:
        show("ge in gen", ge)
        raise

for mk in (g_raises, g_finally, g_handles, g_catch_ge):
    gi = mk(); next(gi)
    try:
        raise ValueError("closer")
    except ValueError:
        try:
            gi.close()
            print(mk.__name__, "closed")
        except KeyError as e:
            show(mk.__name__, e)

# close outside a handler
gi = g_raises(); next(gi)
try:
    gi.close()
except KeyError as e:
    show("no handler", e)

async def ag_raises():
    try:
        yield 1
    except GeneratorExit:
        raise KeyError("from agen")

async def ag_finally():
    try:
        yield 1
    finally:
        raise KeyError("agen finally")

class Yield:
    def __await__(self):
        yield

async def co_simple():
    try:
        await Yield()
    except GeneratorExit:
        raise KeyError("from coro")

async def co_inner():
    try:
        await Yield()
    except GeneratorExit:
        raise KeyError("from inner")

async def co_outer():
    await co_inner()

async def co_outer_handling():
    try:
        raise IndexError("outer handles")
    except IndexError:
        await co_inner()

async def amain():
    for mk in (ag_raises, ag_finally):
        ag = mk(); await ag.__anext__()
        try:
            raise ValueError("acloser")
        except ValueError:
            try:
                await ag.aclose()
            except KeyError as e:
                show(mk.__name__, e)
    c = co_simple(); c.send(None)
    try:
        raise ValueError("coro closer")
    except ValueError:
        try:
            c.close()
        except KeyError as e:
            show("co_simple", e)

    c = co_outer(); c.send(None)
    try:
        raise ValueError("coro closer")
    except ValueError:
        try:
            c.close()
        except KeyError as e:
            show("co_chain", e)
    c = co_outer_handling(); c.send(None)
    try:
        raise ValueError("coro closer")
    except ValueError:
        try:
            c.close()
        except KeyError as e:
            show("co_chain_handling", e)

asyncio.run(amain())
