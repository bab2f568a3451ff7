# oracle for t5_yield_ternary.ac (None sent first is C's zero)
def g():
    got = 0
    i = yield -1
    while i < 3:
        got = (yield i * 100) if i % 2 else (yield -i)
        print("got %d" % got)
        i += 1

gen = g()
out = gen.send(None)
try:
    while True:
        print("yielded %d" % out)
        out = gen.send(out + 1)
except StopIteration:
    print("rc 0")
