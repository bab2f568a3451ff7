# oracle for t5_forin_compound.ac
def rng(lo, hi):
    yield from range(lo, hi + 1)

def g():
    for v in rng(1, 3):
        yield v * 100
    for v in rng(2, 2):
        yield v

for v in rng(4, 6):
    print(v)
for v in g():
    print(v)
