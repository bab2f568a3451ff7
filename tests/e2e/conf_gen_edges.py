# Conformance: edges of throw and close.  StopIteration thrown in (PEP
# 479), GeneratorExit thrown into a delegating generator (its
# sub-generator is closed first, PEP 380), a sub-generator whose close
# raises, an exception replaced in finally, return in finally swallowing a
# thrown exception, and an async generator raising StopAsyncIteration.
import asyncio


def report(label, fn):
    try:
        v = fn()
        print(f"{label}: yielded {v}")
    except StopIteration as s:
        print(f"{label}: returned {0 if s.value is None else s.value}")
    except BaseException as e:
        c = e.__cause__
        x = e.__context__
        s = f"{label}: raised {type(e).__name__}: {e.args[0] if e.args else ''}"
        if c is not None:
            s += f" (cause {type(c).__name__}: {c.args[0] if c.args else ''})"
        elif x is not None:
            s += f" (context {type(x).__name__}: {x.args[0] if x.args else ''})"
        print(s)


def simple(tag):
    try:
        yield 1
        yield 2
    finally:
        print(f"{tag} finally")
    return 3


def delegating():
    try:
        r = yield from simple("sub")
        print(f"delegating got {r}")
    except GeneratorExit:
        print("delegating caught GeneratorExit")
        raise
    return 0


def bad_close():
    try:
        yield 1
    finally:
        raise ValueError("close failed")
    return 0


def over_bad_close():
    try:
        yield from bad_close()
    except ValueError as e:
        print(f"over_bad_close caught {e}")
        raise
    return 0


def swallow():
    try:
        yield 1
    finally:
        return 42


def replace_in_finally():
    try:
        yield 1
    finally:
        raise KeyError("replacement")


async def agen_stops():
    yield 1
    raise StopAsyncIteration("too early")


async def drain_agen():
    try:
        async for v in agen_stops():
            print(f"agen yielded {v}")
    except RuntimeError as e:
        c = e.__cause__
        print(f"agen: {type(e).__name__}: {e} "
              f"(cause {type(c).__name__}: {c.args[0]})")


def main():
    g = simple("stop")
    next(g)
    report("throw StopIteration", lambda: g.throw(StopIteration("thrown in")))
    del g

    g = delegating()
    next(g)
    report("throw GeneratorExit", lambda: g.throw(GeneratorExit("thrown")))
    del g

    g = over_bad_close()
    next(g)
    report("close over_bad_close", g.close)
    del g

    g = swallow()
    next(g)
    report("throw into swallow", lambda: g.throw(ValueError("swallowed")))
    del g

    g = replace_in_finally()
    next(g)
    report("throw into replace_in_finally",
           lambda: g.throw(ValueError("first")))
    del g

    asyncio.run(drain_agen())


main()
