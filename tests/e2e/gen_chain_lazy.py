# yield from chains stepped at the innermost generator leave the
# delegators between suspended and keep a per-thread cache of the chain
# (gen/chain.h); what that must keep as CPython has it: a delegator shared
# by two chains stepped in turn (the context an exception from below takes
# is the handler of the chain it came through), a delegator touched while
# its sub-generator's delegator finishes up after it (running, not
# resumable), throw and close into a delegator of a running chain, a chain
# iterated from the innermost generator of another, every delegator of a
# chain poking the others.
import inspect


def show(where, e):
    s = f"{where}: {type(e).__name__}('{e.args[0] if e.args else ''}')"
    c = e.__context__
    while c is not None:
        s += f" <- {type(c).__name__}('{c.args[0] if c.args else ''}')"
        c = c.__context__
    print(s)


def running(g):
    return int(inspect.getgeneratorstate(g) == "GEN_RUNNING")


def counter(n):
    for i in range(n):
        yield i
    raise RuntimeError("counter done")


def middle(sub):
    yield from sub


def top_value(mid):
    try:
        raise ValueError("top_value")
    except ValueError:
        yield from mid


def top_key(mid):
    try:
        raise KeyError("top_key")
    except KeyError:
        yield from mid


def shared(n):
    c = counter(n)
    m = middle(c)
    a, b = top_value(m), top_key(m)
    i = 0
    while True:
        g = b if i % 2 else a
        try:
            v = next(g)
        except Exception as e:
            show("shared", e)
            break
        print(f"{'a' if g is a else 'b'} {v}")
        i += 1


victim = None


def short_leaf():
    yield 1
    yield 2


def finisher():
    yield from short_leaf()
    try:
        next(victim)
    except ValueError as e:
        show("next from finisher", e)
    print(f"victim running {running(victim)}")
    try:
        victim.throw(KeyError("in"))
    except ValueError as e:
        show("throw from finisher", e)
    try:
        victim.close()
    except ValueError as e:
        show("close from finisher", e)
    yield 3


def wrap(depth, sub):
    if depth == 0:
        yield from sub
    else:
        yield from wrap(depth - 1, sub)


def finishing():
    global victim
    f = finisher()
    g = wrap(3, f)
    victim = g
    for v in g:
        print(f"finishing {v}")


def poker():
    yield 1
    print(f"victim running {running(victim)}")
    try:
        victim.throw(KeyError("in"))
    except ValueError as e:
        show("throw", e)
    try:
        victim.close()
    except ValueError as e:
        show("close", e)
    try:
        next(victim)
    except ValueError as e:
        show("next", e)
    yield 2


def middle_poked():
    global victim
    p = poker()
    inner = wrap(2, p)
    g = wrap(2, inner)
    victim = inner
    for v in g:
        print(f"poked {v}")
    print(f"inner state closed {int(inspect.getgeneratorstate(inner) == 'GEN_CLOSED')}")


outer_mid = inner_mid = None


def looker():
    for i in range(3):
        print(f"outer mid running {running(outer_mid)} "
              f"inner mid running {running(inner_mid)}")
        yield i


def iterating():
    global inner_mid
    yield -1  # what follows runs in a step through the chain driver
    l = looker()
    inner_mid = wrap(2, l)
    inner_top = wrap(2, inner_mid)
    s = 0
    for v in inner_top:
        s += v
    print(f"inner sum {s}")
    yield s
    yield s + 1


def nested():
    global outer_mid
    it = iterating()
    outer_mid = wrap(2, it)
    g = wrap(2, outer_mid)
    for v in g:
        print(f"nested {v}")


shared(5)
shared(6)
finishing()
middle_poked()
nested()
