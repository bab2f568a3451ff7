class Boom(Exception):
    pass


def counter(name, n):
    try:
        for i in range(n):
            yield i
    finally:
        print(f"{name}: finally")


def faulty(at):
    i = 0
    while True:
        if i == at:
            raise Boom(f"at {i}")
        yield i * 10
        i += 1


def first_over(limit):
    for v in counter("search", 10):
        if v > limit:
            return v
    return -1


def pairs():
    for a in counter("inner", 5):
        yield a * 2
    print("pairs: done")


def guarded():
    try:
        for v in faulty(2):
            yield v
    except Boom as e:
        print(f"guarded caught {type(e).__name__}: {e}")
        yield -1


total = 0
for v in counter("all", 4):
    total += v
print(f"sum {total}")

for v in counter("early", 10):
    if v == 2:
        break
    print(f"early {v}")
print(f"first over 3: {first_over(3)}")

p = pairs()
x = next(p)
x = next(p)
print(f"pairs gave {x}, dropping it")
del p

for v in guarded():
    print(f"guarded {v}")

n = 0
err = None
try:
    for v in faulty(3):
        n += v
except Boom as e:
    err = e
print(f"plain loop ended with {n}, {type(err).__name__}: {err}")
