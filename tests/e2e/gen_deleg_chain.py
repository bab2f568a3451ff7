# Oracle for gen_deleg_chain.ac: `yield from` chains resumed from the
# innermost generator.
victim = None


def show(where, e):
    s = "%s: %s('%s')" % (where, type(e).__name__, e.args[0] if e.args else "")
    c = e.__context__
    while c is not None:
        s += " <- %s('%s')" % (type(c).__name__, c.args[0] if c.args else "")
        c = c.__context__
    print(s)


def leaf(n):
    total = 0
    try:
        for i in range(n):
            got = yield i
            total += got
    except KeyError as e:
        print("leaf caught %s" % e.args[0])
        total = -100
    finally:
        print("leaf finally")
    return total


def level(depth, n):
    try:
        if depth == 0:
            r = yield from leaf(n)
        else:
            r = yield from level(depth - 1, n)
    finally:
        print("level %d finally" % depth)
    return r + 1


def sends():
    g = level(9, 3)
    k = 10
    try:
        v = next(g)
        while True:
            print("got %d" % v)
            v = g.send(k)
            k += 10
    except StopIteration as s:
        print("returned %d" % s.value)


def over(sub):
    r = yield from sub
    print("over: sub gave %d" % (r or 0))
    yield 99
    return r or 0


def direct():
    sub = level(4, 4)
    g = over(sub)
    print("via over %d" % next(g))
    print("direct %d" % sub.send(1))
    print("via over %d" % g.send(1))
    print("direct %d" % sub.send(1))
    try:
        sub.send(1)
    except StopIteration as s:
        print("direct finished 1 with %d" % s.value)
    print("over yielded %d (1)" % g.send(1))
    try:
        next(g)
    except StopIteration as s:
        print("over returned %d (1)" % s.value)


def leaf_poke():
    try:
        next(victim)
    except ValueError as e:
        show("next", e)
    print("state %d" % int(victim.gi_running))
    yield 1
    return 5


def poke_level(depth):
    if depth == 0:
        return (yield from leaf_poke())
    return (yield from poke_level(depth - 1))


def running():
    global victim
    for i in range(2):
        g = poke_level(9)
        if i == 0:
            victim = g
        else:
            mid = poke_level(4)
            g = over(mid)
            victim = mid
        next(g)
        try:
            next(g)
        except StopIteration:
            pass
        print("finished 1")


def leaf_poke2():
    yield 1
    try:
        next(victim)
    except ValueError as e:
        show("next again", e)
    yield 2
    return 0


def running_again():
    global victim
    inner = leaf_poke2()
    g = over(inner)
    victim = g
    next(g)
    print("value %d" % next(g))


def throw_close():
    g = level(9, 5)
    next(g)
    g.send(1)
    try:
        g.throw(KeyError("thrown"))
    except StopIteration as s:
        print("after throw 1 value %d" % s.value)
    g = level(9, 5)
    next(g)
    g.send(1)
    try:
        g.throw(ValueError("uncaught"))
    except ValueError as e:
        show("throw", e)
    g = level(9, 5)
    next(g)
    g.send(1)
    g.close()
    print("close 0")
    print("closed %d" % int(g.gi_frame is None))


def bad_leaf():
    yield 1
    raise ValueError("from the leaf")


def handling(depth):
    if depth == 5:
        try:
            raise KeyError("handled at 5")
        except KeyError:
            r = yield from handling(depth - 1)
    elif depth == 0:
        r = yield from bad_leaf()
    else:
        r = yield from handling(depth - 1)
    return r


def raising():
    g = handling(9)
    next(g)
    try:
        next(g)
    except ValueError as e:
        show("raised", e)
    print("closed %d" % int(g.gi_frame is None))


sends()
direct()
running()
running_again()
throw_close()
raising()
