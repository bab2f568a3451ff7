# oracle for x_rec_await_deep.ac
print("climb 600")
for d in (100, 200, 300):
    print("unwinding %d" % d)
print("caught bottom")
