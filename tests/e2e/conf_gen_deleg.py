# Conformance: yield from passes send, throw and close through (PEP 380),
# gives the sub-generator's return value, and PEP 479 turns a
# StopIteration escaping a generator into RuntimeError (its cause).
from inspect import getgeneratorstate

STATES = ["GEN_CREATED", "GEN_RUNNING", "GEN_SUSPENDED", "GEN_CLOSED"]


def report(label, fn):
    try:
        v = fn()
        print(f"{label}: yielded {v}")
    except StopIteration as s:
        print(f"{label}: returned {0 if s.value is None else s.value}")
    except BaseException as e:
        c = e.__cause__
        s = f"{label}: raised {type(e).__name__}: {e.args[0] if e.args else ''}"
        if c:
            s += f" (cause {type(c).__name__}: {c.args[0] if c.args else ''})"
        print(s)


def leaf(base):
    total = 0
    try:
        for i in range(3):
            got = (yield base + i) or 0  # next() sends None: 0 in C
            print(f"leaf {base} got {got}")
            total += got
    except KeyError as e:
        print(f"leaf {base} caught {e.args[0]}")
        total = -total
    finally:
        print(f"leaf {base} finally")
    return total


def middle(base):
    a = yield from leaf(base)
    print(f"middle {base}: leaf returned {a}")
    return a * 10


def top():
    x = yield from middle(100)
    print(f"top: middle returned {x}")
    done = leaf(7)
    n = 0
    for _ in done:
        n += 1
    y = yield from done
    y = 0 if y is None else y
    print(f"top: exhausted gave {y} after {n}")
    return x + y


def stops():
    yield 1
    raise StopIteration("early")


def over_stops():
    try:
        yield from stops()
    except RuntimeError as e:
        print(f"over_stops caught {type(e).__name__}: {e}")
        raise


def sub_ignores():
    try:
        yield 1
    except GeneratorExit:
        print("sub_ignores caught GeneratorExit")
    yield 2


def over_ignorer():
    try:
        yield from sub_ignores()
    finally:
        print("over_ignorer finally")
    return 0


def main():
    g = top()
    report("next", lambda: next(g))
    for k in range(1, 4):
        report("send", lambda: g.send(k))
    report("throw KeyError", lambda: g.throw(KeyError("stop it")))
    del g

    g = top()
    next(g)
    g.close()
    print("close through: 0")
    del g

    g = top()
    next(g)
    report("throw ValueError", lambda: g.throw(ValueError("not caught")))
    print(f"state {STATES.index(getgeneratorstate(g))}")
    del g

    g = over_stops()
    report("over_stops", lambda: next(g))
    report("over_stops", lambda: next(g))
    del g

    g = over_ignorer()
    next(g)
    report("close over ignorer", g.close)
    print(f"state {STATES.index(getgeneratorstate(g))}")
    del g


main()
