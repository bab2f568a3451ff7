# Exception context as CPython's exc_info stack gives it, for generators:
# an exception raised in a generator gets as context the exception handled
# by whatever runs it (a `for … in` loop, next(), yield from), even when
# the generator catches it itself; a generator suspended inside a handler
# takes its exception with it and brings it back when resumed.


def r(e):
    return f"{type(e).__name__}({e.args[0]!r})" if e.args else f"{type(e).__name__}()"


def show(where, e):
    line = f"{where}: {r(e)}"
    c = e.__context__
    while c is not None:
        line += f" <- {r(c)}"
        c = c.__context__
    print(line)


def catcher(tag):
    try:
        raise KeyError(tag)
    except KeyError as e:
        show("catcher", e)
    yield 1


def plain_raiser():
    yield 1
    raise KeyError("plain")


def plain_outer():
    for x in catcher("via plain"):
        yield x


def suspender():
    try:
        raise KeyError("susp")
    except KeyError:
        yield 1
        try:
            raise IndexError("after resume")
        except IndexError as e:
            show("suspender", e)
        for x in catcher("suspender inner"):
            pass
    yield 2


def waiter():
    try:
        yield 1
    except IndexError as e:
        show("thrown, no handler", e)
    try:
        raise KeyError("own")
    except KeyError:
        try:
            yield 2
        except IndexError as e:
            show("thrown, own handler", e)
    yield 3


def closer():
    try:
        raise KeyError("closer")
    except KeyError:
        try:
            yield 1
        finally:
            try:
                raise IndexError("in close")
            except IndexError as e:
                show("close", e)


def plain_sub():
    yield 1
    yield 2


def handling_delegator():
    try:
        raise KeyError("delegating")
    except KeyError:
        try:
            yield from plain_sub()
        except IndexError as e:
            show("thrown through yield from", e)
    yield 3


def delegator():
    try:
        raise ValueError("delegator")
    except ValueError:
        yield from catcher("yield from")


def leaver():
    for i in range(3):
        try:
            raise ValueError(f"loop {i}")
        except ValueError:
            if i == 0:
                continue
            if i == 1:
                break
    for x in catcher("after break"):
        pass
    try:
        try:
            raise ValueError("returning")
        except ValueError:
            return
    finally:
        for x in catcher("finally after return"):
            pass
    yield 0


def driver():
    try:
        raise ValueError("caller")
    except ValueError:
        for x in catcher("for in"):
            pass
        it = catcher("next")
        next(it)
    for x in catcher("outside"):
        pass
    try:
        raise ValueError("outer")
    except ValueError:
        try:
            raise TypeError("inner")
        except TypeError:
            for x in catcher("nested inner"):
                pass
        for x in catcher("nested outer"):
            pass
    try:
        try:
            raise ValueError("pending")
        finally:
            for x in catcher("finally pending"):
                pass
    except ValueError:
        pass
    try:
        raise ValueError("h")
    except ValueError:
        try:
            for x in plain_raiser():
                pass
        except KeyError as e:
            show("plain raiser", e)
        for x in plain_outer():
            pass
    for x in delegator():
        pass
    for x in leaver():
        pass
    it = suspender()
    next(it)
    try:
        raise TypeError("between")
    except TypeError as e:
        show("between", e)
    try:
        raise ValueError("resumer")
    except ValueError:
        next(it)
    it = waiter()
    next(it)
    try:
        raise ValueError("thrower")
    except ValueError:
        it.throw(IndexError("t1"))
        it.throw(IndexError("t2"))
    it = handling_delegator()
    next(it)
    it.throw(IndexError("t3"))
    it = closer()
    next(it)
    it.close()
    yield 0


for x in driver():
    pass
