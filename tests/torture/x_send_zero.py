# oracle for x_send_zero.ac: next() sends C's zero struct {0, 0.0}
def g2():
    for i in range(3):
        m = yield i
        kind, weight = m if m is not None else (0, 0.0)
        yield kind * 100 + int(weight * 10)

for v in g2():
    print(v)
