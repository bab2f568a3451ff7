# C's scopes in a generator (see gen_shadow_order.ac): Python has no
# block scope, so each C scope's x is a name of its own here.


def order():
    x = 1
    yield x
    yield x
    y = x + 10
    x_inner = y * 2
    yield x_inner
    x_inner += 1
    yield x_inner + y
    yield x
    yield x * 100
    yield 7
    for i in range(2):
        yield x + i
        yield 50 + i
    for x_loop in range(30, 32):
        yield x_loop
    yield x


def names():
    RED, GREEN = 5, 6
    p_a = 3
    yield RED + p_a
    yield RED
    red_local = 40
    yield red_local + GREEN
    yield 1 + 2
    yield 9
    yield RED
    yield 2  # sizeof(short)
    yield p_a + 1


for v in order():
    print("order", v)
for v in names():
    print("names", v)
