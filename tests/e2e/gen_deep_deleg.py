# A `yield from` chain deeper than the recursion limit raises
# RecursionError (it used to overflow the C stack); shallower ones work,
# and the chain is finished afterwards.
def chain(n):
    if n == 0:
        yield 1
        yield 2
        return 0
    r = yield from chain(n - 1)
    return r + 1


def run(n):
    g = chain(n)
    try:
        total = 0
        for v in g:
            total += v
        print(f"depth {n}: sum {total}")
    except RecursionError as e:
        print(f"depth {n}: RecursionError: {e}")
    try:
        next(g)
    except StopIteration:
        print("exhausted")


run(10)
run(500)
run(50000)
run(20)
