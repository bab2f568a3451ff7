# for ... in over a new generator of this file in a plain function: its
# frame is finished exactly once however the loop is left.


def upto(name, n):
    try:
        for i in range(n):
            yield i
    finally:
        print(f"{name} finally")


def faulty(name, n):
    try:
        i = 0
        while True:
            if i == n:
                raise ValueError(f"{name} at {i}")
            yield i
            i += 1
    finally:
        print(f"{name} finally")


def relay(name, n):
    try:
        yield from upto(name, n)
    except ValueError as e:
        print(f"relay caught {e}")
    finally:
        print(f"relay {name} finally")


pending = None


def run_to_end():
    s = 0
    for v in upto("end", 4):
        s += v
    print("after end")
    return s


def run_break():
    s = 0
    for v in upto("break", 10):
        if v == 3:
            break
        s += v
    print("after break")
    return s


def run_continue():
    s = 0
    for v in upto("continue", 6):
        if v % 2:
            continue
        s += v
    return s


def run_return(target):
    for a in upto("ret-a", 4):
        for b in upto("ret-b", 4):
            if a * b == target:
                return a * 10 + b
    return -1


def run_void_return():
    for v in upto("void-ret", 5):
        if v == 2:
            print(f"void return at {v}")
            return
    print("not reached")


def run_goto():
    seen = 0
    for a in upto("goto", 10):
        if a == 2:
            break
        seen += 1
    return seen


def run_raise():
    # a plain C function's loop ends with the exception pending
    global pending
    s = 0
    try:
        for v in faulty("raise", 3):
            s += v
    except ValueError as e:
        pending = e
    return s


def run_relay_break():
    s = 0
    for v in relay("relay", 10):
        if v == 2:
            break
        s += v
    return s


def run_nested():
    s = 0
    for rnd in range(3):
        for v in upto("nested", rnd + 1):
            s += v * 10 + rnd
            if rnd == 2 and v == 1:
                break
    return s


def run_unused():
    n = 0
    for v in upto("unused", 3):
        n += 1
    return n


def report(what, value):
    global pending
    e, pending = pending, None
    if e is None:
        print(f"{what} {value}, pending none")
    else:
        print(f"{what} {value}, pending {type(e).__name__}: {e}")


report("end", run_to_end())
report("break", run_break())
report("continue", run_continue())
report("return", run_return(6))
run_void_return()
report("void return", 0)
report("goto", run_goto())
report("raise", run_raise())
report("relay break", run_relay_break())
report("nested", run_nested())
report("unused", run_unused())
report("big", sum(range(3)) + sum(range(3)))
