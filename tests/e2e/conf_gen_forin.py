# Conformance: an exception thrown into (or a close of) a generator
# suspended inside a for-in loop leaves the loop: the loop's generator is
# released and closed before the enclosing finally runs, as in Python; a
# named one is only borrowed by the loop and stays suspended.
from inspect import getgeneratorstate
ST = ["GEN_CREATED", "GEN_RUNNING", "GEN_SUSPENDED", "GEN_CLOSED"]


def inner():
    try:
        yield 1
        yield 2
    finally:
        print("inner finally")


def outer():
    try:
        for v in inner():
            try:
                yield v * 10
            finally:
                print(f"loop body finally {v}")
    finally:
        print("outer finally")


def outer_named():
    it = inner()
    try:
        for v in it:
            yield v * 100
    finally:
        state = ST.index(getgeneratorstate(it))
        print(f"outer_named finally, inner state {state}")
        del it


g = outer()
next(g)
try:
    g.throw(ValueError("stop"))
except ValueError as e:
    print(f"throw -1 {type(e).__name__}")
del g
g = outer()
next(g)
g.close()
print("close 0")
del g
g = outer_named()
next(g)
g.close()
print("close 0")
del g
