# oracle for x_nested_forin.ac
def evens(n):
    yield from range(0, n, 2)

def squares(n):
    for v in evens(n):
        yield v * v

for a in squares(7):
    for b in evens(4 if a > 10 else 2):
        print(a * 100 + b)
