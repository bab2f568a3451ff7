# oracle for x_rec_depth.ac
def down(depth):
    if depth == 0:
        yield 0
        return 1
    yield depth
    below = yield from down(depth - 1)
    yield -depth
    return below + 1

def g():
    levels = yield from down(60)
    yield levels * 1000

for v in g():
    print(v)
