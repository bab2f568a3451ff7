# Conformance: the generator protocol driven from C, against Python 3.11:
# getstate transitions, the value of yield, errors of send/next/throw on
# created, running and finished generators (CPython's gen_send_ex).
from inspect import getgeneratorstate as state_name


def report(label, fn):
    try:
        v = fn()
        print(f"{label}: yielded {0 if v is None else v}")
    except StopIteration as s:
        print(f"{label}: returned {0 if s.value is None else s.value}")
    except BaseException as e:
        print(f"{label}: raised {type(e).__name__}: {e}")


me = None


def watcher(start):
    print(f"watcher starts, state {state_name(me)}")
    report("next from inside", lambda: next(me))
    got = yield start
    print(f"got {got}, state {state_name(me)}")
    got = yield got + 1
    print(f"got {got}")
    yield
    return got * 2


def two():
    print("two runs")
    yield 1
    yield 2


me = watcher(5)
print(f"state {state_name(me)}")
report("send to created", lambda: me.send(7))
print(f"state {state_name(me)}")
report("first next", lambda: next(me))
print(f"state {state_name(me)}")
report("send 7", lambda: me.send(7))
report("send 8", lambda: me.send(8))
report("next", lambda: next(me))
print(f"state {state_name(me)}")
report("next on exhausted", lambda: next(me))
report("send on exhausted", lambda: me.send(7))
report("throw on exhausted", lambda: me.throw(ValueError("late")))
me.close()
print("close on exhausted 0")

g = two()
report("throw into created", lambda: g.throw(KeyboardInterrupt("before start")))
print(f"state {state_name(g)}")
report("next after", lambda: next(g))

g = two()
g.close()
print(f"close created 0, state {state_name(g)}")
report("next after close", lambda: next(g))

g = two()
report("next", lambda: next(g))
g.close()
print(f"close suspended 0, state {state_name(g)}")
g.close()
print("close again 0")
