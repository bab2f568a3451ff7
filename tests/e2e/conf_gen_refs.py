# Conformance: reference counts decide when a suspended generator is
# closed.  A named generator given to for-in or yield from is borrowed and
# stays alive (and suspended) after the loop; the finally blocks run when
# the last reference goes, as with CPython's reference counting.
from inspect import getgeneratorstate


def counter(tag, n):
    try:
        for i in range(n):
            yield i
    finally:
        print(f"{tag}: finally")


def delegate_named(sub):
    yield from sub
    print("delegate_named: sub done")
    return 1


def holds_another(other):
    mine = [other]
    try:
        yield 1
    finally:
        print("holds_another: finally, dropping its reference")
        mine.pop()


def show_state(what, g):
    print(f"{what}: {getgeneratorstate(g)}")


def main():
    g = counter("named", 5)
    for v in g:
        print(f"first loop {v}")
        if v == 1:
            break
    show_state("after break", g)
    for v in g:
        print(f"second loop {v}")
    show_state("after second loop", g)
    del g

    g = counter("shared", 3)
    alias = g
    next(g)
    print("one reference dropped")
    del alias
    show_state("still alive", g)
    print("last reference dropped")
    del g

    sub = counter("sub", 2)
    d = delegate_named(sub)
    for v in d:
        print(f"delegated {v}")
    del d
    show_state("sub after delegation", sub)
    del sub

    inner = counter("inner", 3)
    next(inner)
    holder = holds_another(inner)
    next(holder)
    print("dropping inner's first reference")
    del inner
    print("dropping holder")
    del holder
    print("done")


main()
