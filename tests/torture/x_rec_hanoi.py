# oracle for x_rec_hanoi.ac
def hanoi(n, a, b, c):
    if n == 0:
        return
    yield from hanoi(n - 1, a, c, b)
    yield n * 100 + a * 10 + b
    yield from hanoi(n - 1, c, b, a)

for v in hanoi(4, 1, 3, 2):
    print(v)
