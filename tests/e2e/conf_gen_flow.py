# Conformance: control flow through try/catch/finally around yields:
# return from a catch through a finally that yields, a yield inside a
# catch inside a finally, continue and break leaving handlers, yield from
# inside a try in a for-in loop, yields in a switch inside try, nested
# catch names and a re-raise from the outer handler.
class AppError(Exception):
    pass


def ret_through():
    try:
        try:
            yield 1
            raise AppError("a")
        except AppError as e:
            print(f"caught {e}, returning")
            return 10
        finally:
            print("finally yields")
            got = yield 2
            print(f"finally got {got}")
    finally:
        print("outer finally")
    return -1


def catch_in_finally(n):
    for i in range(n):
        try:
            if i % 2:
                raise ValueError(f"odd {i}")
            yield i
        finally:
            try:
                yield 100 + i
                raise KeyError(f"cleanup {i}")
            except KeyError as e:
                print(f"cleanup caught {e.args[0]}")
                yield 200 + i
                if i == 1:
                    continue  # drops the pending ValueError
            print(f"after cleanup {i}")
        print(f"end of iteration {i}")


def sub(base):
    try:
        yield base
        yield base + 1
    finally:
        print(f"sub {base} finally")
    return base * 10


def deleg_loop():
    total = 0
    for k in sub(1):
        try:
            total += yield from sub(k * 100)
            if k == 2:
                break
        finally:
            print(f"deleg_loop finally k={k} total={total}")
    return total


def switcher(mode):
    try:
        if mode in (0, 1):
            if mode == 0:
                yield 10
            yield 11
        else:
            yield 12
            raise ValueError(f"mode {mode}")
        yield 13
    except ValueError as e:
        print(f"switcher caught {e}")
        yield 14


def names():
    try:
        try:
            raise KeyError("inner")
        except KeyError as e:
            yield 1
            try:
                raise ValueError("innermost")
            except ValueError as e2:
                print(f"innermost {e2}")
                yield 2
            print(f"back to {e.args[0]}")
            raise
    except LookupError as e:
        print(f"outer caught {type(e).__name__}: {e.args[0]}")
        yield 3


def drain(name, g):
    sent = None
    try:
        while True:
            v = g.send(sent)
            print(f"{name} yielded {v}")
            sent = v + 1000
    except StopIteration as s:
        print(f"{name} returned {0 if s.value is None else s.value}")
    except BaseException as e:
        print(f"{name} raised {type(e).__name__}: {e.args[0]}")


drain("ret_through", ret_through())
drain("catch_in_finally", catch_in_finally(3))
drain("deleg_loop", deleg_loop())
drain("switcher0", switcher(0))
drain("switcher1", switcher(1))
drain("switcher2", switcher(2))
drain("names", names())
