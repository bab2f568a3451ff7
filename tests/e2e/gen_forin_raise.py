# for-in over a generator that raises.
def faulty(n):
    i = 0
    while True:
        if i == n:
            raise ValueError(f"faulty at {i}")
        yield i
        i += 1


def relay():
    try:
        for v in faulty(2):
            yield v * 10
    except ValueError as e:
        print(f"relay caught {e}")
        yield -1


def plain_sum():
    s = 0
    try:
        for v in faulty(3):
            s += v
    except ValueError as e:
        return s, e
    return s, None


for v in relay():
    print(f"relay {v}")
s, e = plain_sum()
print(f"plain sum {s}, pending {type(e).__name__}: {e}")
named = faulty(5)
n = 0
for v in named:
    if v == 1:
        break
    n += 1
print(f"named: {n} items, then 1 -> {next(named)}")
