# close() of a generator from inside itself: ValueError "generator
# already executing", and nothing else on stderr (a GeneratorExit set
# first was reported as an unfetched exception replaced).


def g():
    try:
        me.close()
    except ValueError as e:
        print(f"{type(e).__name__}: {e}")
    yield 1


me = g()
print(next(me))
