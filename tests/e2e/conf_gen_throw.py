# Conformance: throw at every kind of suspension point (in try, in catch,
# in finally, in yield from, outside any try), what throw() returns, and
# the context of exceptions raised while another is handled.
from inspect import getgeneratorstate


class AppError(Exception):
    pass


def show_exc(e):
    s = f"{type(e).__name__}: {e.args[0] if e.args else ''}"
    c = e.__context__
    while c is not None:
        s += f" <- {type(c).__name__}: {c.args[0] if c.args else ''}"
        c = c.__context__
    print(s)


def report(label, fn):
    try:
        v = fn()
        print(f"{label}: yielded {v}")
    except StopIteration as s:
        print(f"{label}: returned {0 if s.value is None else s.value}")
    except BaseException as e:
        print(f"{label}: raised ", end="")
        show_exc(e)


def points():
    n = 0
    try:
        n = yield 1  # point 1: in try
    except ValueError as e:
        print("caught in try: ", end="")
        show_exc(e)
        try:
            n = yield 2  # point 2: in catch
        except KeyError as e2:
            print("caught in catch: ", end="")
            show_exc(e2)
            n = yield 3
    finally:
        print(f"finally, n {n}")
        n = yield 4  # point 3: in finally
        print(f"finally resumed, n {n}")
    n = yield 5  # point 4: outside any try
    return n + 100


def sub():
    try:
        yield 10
        yield 11
    except AppError as e:
        print("sub caught: ", end="")
        show_exc(e)
        return 77
    finally:
        print("sub finally")
    return 0


def delegator():
    try:
        got = yield from sub()
        print(f"delegator got {got}")
        got = yield from sub()
        print(f"delegator got {got}")
    except ValueError as e:
        print("delegator caught: ", end="")
        show_exc(e)
        yield 99
    return -1


STATES = ["GEN_CREATED", "GEN_RUNNING", "GEN_SUSPENDED", "GEN_CLOSED"]


def drive(name, g, acts):
    r = [True]

    def first():
        try:
            return next(g)
        except BaseException:
            r[0] = False
            raise

    report(name, first)
    for i, (kind, typ, msg) in enumerate(acts):
        if not r[0]:
            break

        def act(i=i, kind=kind, typ=typ, msg=msg):
            try:
                if kind == 0:
                    return g.send(1000 + i)
                return g.throw(typ(msg))
            except BaseException:
                r[0] = False
                raise

        report(f"{name} {i}", act)
    print(f"{name} state {STATES.index(getgeneratorstate(g))}")


drive("all", points(), [(1, ValueError, "v1"), (1, KeyError, "k2"),
                        (1, AppError, "a3"), (0, None, None),
                        (1, AppError, "a5")])
drive("in_catch", points(), [(1, ValueError, "v1"), (1, AppError, "a2"),
                             (0, None, None), (0, None, None)])
drive("sends", points(), [(0, None, None)] * 3)
drive("fin", points(), [(0, None, None), (1, RuntimeError, "r")])
drive("deleg", delegator(), [(1, AppError, "to sub"), (0, None, None),
                             (1, ValueError, "through"), (0, None, None)])
