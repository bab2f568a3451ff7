# oracle for x_agen_locals.ac
vals = [0] * 4
slot = 0
n = 0
for i in range(1, 8):
    vals[slot] = i * i
    slot = (slot + 1) % 4
    n = min(n + 1, 4)
    print(sum(vals[:n]))
