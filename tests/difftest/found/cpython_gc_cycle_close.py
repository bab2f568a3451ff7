# difftest divergence where CPython is the odd one (finalization by the
# cyclic GC): a generator dropped by `break` while suspended inside an
# except handler, whose close fails (it yields in a finally).  CPython keeps
# its frame alive in a reference cycle (the handled exception's traceback
# refers to the frame that holds it), so the inner generator it iterates is
# closed only when the cyclic GC runs (here at exit); asyncc closes it when
# the outer generator is released.
def inner():
    try:
        yield 1
    finally:
        print("inner finally")


def outer():
    try:
        raise RuntimeError("handled")
    except RuntimeError:
        for v in inner():
            try:
                yield v
            finally:
                yield -1


for v in outer():
    print("item", v)
    break
print("after loop")
