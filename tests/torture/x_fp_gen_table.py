# oracle for x_fp_gen_table.ac
def up(n):
    yield from range(n)

def down(n):
    while n > 0:
        yield n
        n -= 1

for m, mk in enumerate((up, down, up)):
    for v in mk(m + 2):
        print(m * 100 + v)
