# oracle for x_try_gen_finally.ac (a dropped generator is closed at once)
def g(fail):
    try:
        yield 1
        try:
            yield 2
            if fail:
                raise ValueError("inner")
            yield 3
        except ValueError as e:
            print("caught %s" % e)
            yield 4
        finally:
            print("inner finally")
        yield 6
    finally:
        print("outer finally")

for f in range(2):
    for v in g(f):
        print("%d: %d" % (f, v))
for v in g(0):
    print("early %d" % v)
    if v == 2:
        break
print("done")
