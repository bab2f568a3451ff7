# oracle for x_try_switch_loop.ac
def g():
    for i in range(5):
        m = i % 3
        if m == 0:
            try:
                yield i
                if i == 3:
                    continue
                yield i + 100
            finally:
                yield -i
        elif m == 1:
            try:
                if i == 4:
                    raise TypeError("four")
                yield i * 10
            except (ValueError, TypeError) as e:
                yield 4000
                print(type(e).__name__)
        else:
            while True:
                try:
                    yield 222
                    break
                finally:
                    print("finally in while")

for v in g():
    print(v)
