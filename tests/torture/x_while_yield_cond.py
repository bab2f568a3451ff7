# oracle for x_while_yield_cond.ac (None stands for C's zero sent by next)
def counter():
    n = 0
    while ((yield n) or 0) == 0:
        n += 1
    if ((yield -n) or 0) == 0:
        yield 1000

c = counter()
print(c.send(None))
for i in range(3):
    print(c.send(0))
print(c.send(1))
print(1 * 10 + c.send(0))
