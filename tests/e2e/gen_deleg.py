# yield from (values, send, throw, close and the return value pass
# through), for-in loops leaving early, nested generators.
def inner(base):
    total = 0
    try:
        for i in range(3):
            got = yield base + i
            if got is None:
                got = 0
            print(f"inner got {got}")
            total += got
    except ValueError as e:
        print(f"inner caught {e}")
        total = -1
    finally:
        print(f"inner finally {base}")
    return total


def outer():
    a = yield from inner(10)
    print(f"outer: first returned {a}")
    sub = inner(20)
    b = 0
    b = yield from sub
    del sub
    print(f"outer: second returned {b}")
    return a + b


def chain3():
    x = 1 + (yield from inner(100))
    print(f"chain3 x {x}")
    x += yield from inner(200)
    print(f"chain3 x {x}")
    return (yield from inner(300))


def naturals():
    try:
        n = 1
        while True:
            yield n
            n += 1
    finally:
        print("naturals closed")


def squares(src):
    for n in src:
        yield n * n


def first_big(limit):
    nat = naturals()
    for sq in squares(nat):
        if sq > limit:
            del nat
            return sq
    return -1


def pairs():
    for x in inner(1):
        stop = False
        for y in inner(5):
            if y == 6:
                break
            yield x * 100 + y
        if x == 2:
            break
    print("pairs done")


g = outer()
k = 1
try:
    v = next(g)
    while True:
        print(f"outer yielded {v}")
        if v == 21:
            v = g.throw(ValueError("stop"))
            continue
        v = g.send(k)
        k += 1
except StopIteration as s:
    print(f"outer finished 0 value {s.value}")

print(f"first_big {first_big(50)}")

c3 = chain3()
k3 = 1
try:
    v = next(c3)
    while True:
        print(f"chain3 yielded {v}")
        v = c3.send(k3)
        k3 *= 2
except StopIteration as s:
    print(f"chain3 returned {s.value}")

for v in pairs():
    print(f"pair {v}")

g = outer()
next(g)
g.close()
print("close 0")
