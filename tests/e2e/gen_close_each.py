# Closing a generator at each of its suspension points, and throwing into
# each: every finally runs once, in order.
def nested():
    try:
        yield 1
        try:
            yield 2
            for i in range(2):
                try:
                    yield 10 + i
                finally:
                    print(f"  loop finally {i}")
        except ValueError as e:
            print(f"  caught {e}")
            yield 3
        finally:
            print("  inner finally")
            yield 4
        yield 5
    finally:
        print("  outer finally")


def report(what, fn):
    try:
        r = fn()
        print(f"  {what} -> 0")
    except BaseException as e:
        print(f"  {what} raised {type(e).__name__}: {e}")


for k in range(9):
    print(f"close after {k}")
    g = nested()
    done = False
    for i in range(k):
        try:
            print(f"  yielded {next(g)}")
        except StopIteration:
            done = True
            break
    report("close", g.close)
    del g

for k in range(1, 8):
    print(f"throw after {k}")
    g = nested()
    done = False
    for i in range(k):
        try:
            print(f"  yielded {next(g)}")
        except StopIteration:
            done = True
            break
    if not done:
        try:
            v = g.throw(ValueError(f"t{k}"))
            print(f"  throw yielded {v}")
            for v in g:
                print(f"  then {v}")
        except StopIteration:
            print("  throw -> 0")
        except BaseException as e:
            print(f"  throw raised {type(e).__name__}: {e}")
    del g
