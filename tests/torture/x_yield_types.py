# oracle for x_yield_types.ac
for d in (0.5, 1.0, 2.0):
    print("%.2f" % d)
for c in "xyz":
    print(c)
print("14 16 18")
for c in (0, 5, 6):
    print(c)
print(1 << 40)
print(-(1 << 62))
