# oracle for x_many_yields.ac
k = 1
n = 0
for i in range(300):
    print(k * (i * 7 % 101))
    n += 1
    if i % 50 == 49:
        k += 1
s = 0
for w in (3, 2, 1, 0):
    for i in range(60):
        s += w * 1000 + i
        n += 1
print("n=%d sum=%d" % (n, s))
