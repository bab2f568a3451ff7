# Generators driven from C: next, send, return values, throw and close.
def averager(limit):
    total = 0
    count = 0
    avg = 0
    while count < limit:
        x = yield avg
        total += x
        count += 1
        avg = total / count
    return count


def echo():
    got = 0
    while True:
        try:
            got = yield got * 10
            print(f"echo got {got}")
        except ValueError as e:
            print(f"echo caught {type(e).__name__}: {e}")
            got = -1
        finally:
            print("echo finally")


def bare():
    yield None
    yield 7


def inline_yields():
    total = 0
    print(f"got {(yield 1)}")
    if (yield 2) > 5:
        print("big")
    total += yield 3
    total = total * 2 + (yield 4)
    print(f"total {total}")
    if total > 1000 and (yield 5) > 0:
        print("never")
    if total < 1000 or (yield 6):
        print("short")
    if total > 0 and (yield 7) == 3:
        print("sent three")


iy = inline_yields()
sends = [7, 9, 10, 1, 3]
try:
    y = next(iy)
    i = 0
    while True:
        print(f"inline yielded {y}")
        y = iy.send(sends[i])
        i += 1
except StopIteration:
    pass

g = averager(3)
out = next(g)
print(f"first 1 {out:.2f}")
for x in [10, 20, 60]:
    try:
        print(f"avg {g.send(x):.2f}")
    except StopIteration as s:
        print(f"returned 0 count {s.value}")
try:
    next(g)
except StopIteration:
    print("again 0")

e = echo()
next(e)
print(f"yielded {e.send(1)}")
print(f"yielded {e.send(2)}")
v = e.throw(ValueError("bad 3"))
print(f"after throw 1 {v}")
e.close()
print("closed 0 state 3")

b = bare()
v = next(b)
print(f"bare 1 {0 if v is None else v}")
print(f"bare 1 {next(b)}")
try:
    next(b)
except StopIteration:
    print("bare 0")
