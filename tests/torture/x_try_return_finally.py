# oracle for x_try_return_finally.ac
def inner(mode):
    try:
        yield 1
        if mode == 1:
            return 10
        raise ValueError("mode %d" % mode)
    finally:
        yield 2
        if mode == 2:
            return 20

def outer():
    for m in range(1, 4):
        try:
            r = yield from inner(m)
            yield 100 + r
        except ValueError as e:
            print("caught %s" % e)
            yield -m

for v in outer():
    print(v)
