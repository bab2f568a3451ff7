# Conformance: close() and the last reference: finally blocks run in
# order, GeneratorExit ignored, replaced or swallowed by a return in
# finally, break/continue in finally, for-in leaving early.
from inspect import getgeneratorstate

STATES = ["GEN_CREATED", "GEN_RUNNING", "GEN_SUSPENDED", "GEN_CLOSED"]


def st(g):
    return STATES.index(getgeneratorstate(g))


def report_close(label, g):
    try:
        g.close()
        print(f"{label}: closed, state {st(g)}")
    except BaseException as e:
        c = e.__context__
        print(f"{label}: close raised {type(e).__name__}: {e} "
              f"(context {type(c).__name__ if c else 'none'}), state {st(g)}")


def nested(tag):
    try:
        try:
            yield 1
        finally:
            print(f"{tag}: inner finally")
    finally:
        print(f"{tag}: outer finally")


def ignorer():
    for i in range(3):
        try:
            yield i
        except GeneratorExit as e:
            print(f"ignorer caught {type(e).__name__}")


def yields_in_finally():
    try:
        yield 1
    finally:
        print("finally yields")
        yield 2
        print("finally resumed")


def replaces():
    try:
        yield 1
    finally:
        raise ValueError("from finally")


def returns_in_finally():
    try:
        yield 1
    finally:
        print("return in finally")
        return 5


def catches_exit():
    try:
        yield 1
    except GeneratorExit:
        print("caught exit, returning")
        return 9
    return 0


def loop_control():
    for i in range(4):
        try:
            try:
                yield i
                if i == 1:
                    raise ValueError("lost by continue")
                if i == 2:
                    raise ValueError("lost by break")
            finally:
                print(f"loop finally {i}")
                if i == 1:
                    continue
                if i == 2:
                    break
        finally:
            print(f"outer finally {i}")
        print(f"after try {i}")
    print("loop done")


def sum_until(limit):
    total = 0
    for v in nested("for-break"):
        total += v
        if total >= limit:
            break
    print("after break")
    for v in nested("for-return"):
        if v == 1:
            return total + 100
    return total


def gen_leaves():
    for v in nested("gen-throw"):
        if v == 1:
            raise KeyError("left")
    yield 0


def main():
    g = nested("close")
    next(g)
    report_close("nested", g)
    report_close("nested again", g)
    del g

    g = nested("drop")
    next(g)
    print("dropping")
    del g
    print("dropped")

    g = nested("unstarted")
    del g
    print("dropped unstarted")

    g = ignorer()
    next(g)
    report_close("ignorer", g)
    for v in g:
        print(f"ignorer yielded {v}")
    del g

    g = yields_in_finally()
    next(g)
    report_close("yields_in_finally", g)
    try:
        next(g)
        print("after ignored close: 1")
    except StopIteration:
        print("after ignored close: 0")
    except BaseException as e:
        print(f"after ignored close: -1 {type(e).__name__}")
    del g

    g = replaces()
    next(g)
    report_close("replaces", g)
    del g

    g = returns_in_finally()
    next(g)
    report_close("returns_in_finally", g)
    del g

    g = catches_exit()
    next(g)
    report_close("catches_exit", g)
    del g

    g = loop_control()
    for v in g:
        print(f"loop yielded {v}")
    del g

    print(f"sum_until {sum_until(1)}")
    g = gen_leaves()
    try:
        next(g)
    except KeyError as e:
        print(f"gen_leaves -1 KeyError: {e.args[0]}")
    del g


main()
