# Locals in generators: shadowing, arrays, structs, pointers to locals,
# compound literals, switch with yields, every loop form, static locals.
calls = 0


def shapes(n):
    global calls
    x = n
    arr = [1, 2, 3, 4]
    auto_sized = [5, 6, 7]
    name = "abc"
    greeting = "hello"
    p = [3, 4]
    yield x
    x2 = 100
    yield x2 + arr[2]
    x3 = 200
    p[0] += 1
    yield x3 + p[0]
    yield x2
    yield x + auto_sized[2] + len(name) + len(greeting) + 1
    p = [7, 8]
    yield p[0] * 10 + p[1]
    tmp = 5
    sq = tmp * tmp
    x += sq
    calls += 1
    yield x + calls


def loops(n):
    i = 0
    while i < n:
        yield i
        i += 1
    while True:
        yield -i
        i -= 1
        if not (i > n - 2):
            break
    j, k = 0, 10
    while j < 2:
        if j != 1:
            yield j + k
        j += 1
        k -= 1
    if n == 3:
        yield 300
        yield 400
    elif n == 4:
        yield 400
    else:
        yield 999
    yield 1000
    picked = 7
    yield picked
    yield picked * 2


def wide():
    yield 5000000000
    yield 42
    return 'x'


def twice_int(x):
    return 2 * x


def fnptr():
    fp = twice_int
    table = [twice_int, twice_int]
    yield fp(3)
    yield table[1](fp(5))


def anon():
    s = {"a": 1, "b": 2, "tag": "ok"}
    many = [10, 20, 30]
    yield s["a"] * 100 + s["b"]
    yield many[2] + len(many)
    yield int(s["tag"] == "ok")


n = 0
for ignored in fnptr():
    n += 1
print(f"count {n}")
for v in anon():
    print(f"anon {v}")


for v in fnptr():
    print(f"fnptr {v}")
for d in wide():
    print(f"double {d}")
for c in wide():
    if c == 42:
        print(f"char {c}")
for v in shapes(1):
    print(v)
for v in shapes(1):
    print(f"again {v}")
for v in loops(3):
    print(f"loop {v}")
