# oracle for x_struct_yield.ac (next() sends C's zero struct)
def walk(start):
    cur = list(start)
    for i in range(4):
        delta = yield tuple(cur)
        if delta is None:
            delta = (0, 0)
        cur[0] += delta[0] + 1
        cur[1] += delta[1]
    return tuple(cur)

for p in walk((1, 2)):
    print("(%d,%d)" % p)
g = walk((0, 0))
out = next(g)
try:
    while True:
        print("got (%d,%d)" % out)
        out = g.send((out[0], 10))
except StopIteration as e:
    print("returned (%d,%d) rc=0" % e.value)
