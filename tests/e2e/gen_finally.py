# try/catch/finally in generators: ordering, yields inside every part,
# return/break/continue through finally, re-raise, context chains.
class AppError(Exception):
    pass


def show(where, e):
    ctx = e.__context__
    s = f"{where} {type(e).__name__}: {e.args[0] if e.args else ''}"
    if ctx:
        s += f" (context {type(ctx).__name__}: {ctx.args[0] if ctx.args else ''})"
    print(s)


def parts():
    try:
        yield 1
        raise ValueError("in try")
    except (KeyError, ValueError) as e:
        show("caught", e)
        yield 2
    finally:
        print("finally 1")
        yield 3
    yield 4


def early(n):
    try:
        for i in range(10):
            try:
                if i == 1:
                    continue
                if i == n:
                    return i * 100
                if i == 4:
                    break
                yield i
            finally:
                print(f"inner finally {i}")
        print("after loop")
    finally:
        print("outer finally")
    return -1


def finally_wins():
    try:
        yield 1
        raise AppError("lost")
    finally:
        return 42


def chain():
    try:
        try:
            raise KeyError("k")
        except KeyError as e:
            show("inner", e)
            raise AppError("from handler")
    except AppError as e2:
        show("outer", e2)
        yield 1
        try:
            raise
        except Exception as e3:
            show("rethrown", e3)
    try:
        yield 2
    except ValueError as e:
        show("never", e)
    try:
        raise KeyError("first")
    except KeyError as e:
        try:
            yield 3
        finally:
            try:
                raise ValueError("in finally")
            except ValueError as v:
                show("finally", v)


def drain(name, g):
    try:
        while True:
            print(f"{name} yielded {next(g)}")
    except StopIteration as s:
        if s.value is not None:
            print(f"{name} returned {s.value}")
        else:
            print(f"{name} returned 0")
    except BaseException as e:
        show("raised", e)


drain("parts", parts())
drain("early2", early(2))
drain("early7", early(7))
drain("wins", finally_wins())
drain("chain", chain())
g = parts()
next(g)
next(g)
v = next(g)
print(f"at {v}, closing")
g.close()
print("close 0")
