# oracle for x_forin_types.ac (long -> double and long -> short as C converts, gcc wraps)
def short(v):
    v &= 0xffff
    return v - 0x10000 if v >= 0x8000 else v

big = [i * 1000000 for i in range(1, 7)]
total = 0
for d in big:
    d = float(d)
    if d > 4.5e6:
        break
    if d == 2e6:
        continue
    print(int(d / 1000))
    total += int(d)
for v in big:
    print(int(short(v) == short(1000000)))
print(total // 1000)
