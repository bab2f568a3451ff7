# oracle for x_rec_await_fib.ac
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

for i in range(0, 16, 3):
    print("fib(%d) = %d" % (i, fib(i)))
