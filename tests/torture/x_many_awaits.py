# oracle for x_many_awaits.ac
acc = 0
for i in range(200):
    acc += (i * 31) % 13
    if i % 40 == 39:
        print(acc)
print("total %d" % acc)
