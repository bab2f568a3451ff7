# oracle for x_rec_perms.ac: the swap-based recursive permutation order
def perms(a, k, n):
    if k == n:
        code = 0
        for i in range(n):
            code = code * 10 + a[i]
        yield code
        return
    for i in range(k, n):
        a[k], a[i] = a[i], a[k]
        yield from perms(a, k + 1, n)
        a[k], a[i] = a[i], a[k]

for v in perms([1, 2, 3, 4], 0, 4):
    print(v)
