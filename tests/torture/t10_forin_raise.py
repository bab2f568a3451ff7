# oracle for t10_forin_raise.ac: the generator raises, the loop ends, the caller sees it
def g(fail_at):
    i = 0
    while True:
        if i == fail_at:
            raise ValueError("bad item %d" % i)
        yield i
        i += 1

def sum_all(fail_at):
    s = 0
    try:
        for v in g(fail_at):
            s += v
    except ValueError as e:
        return s, e
    return s, None

s, e = sum_all(3)
print("sum=%d pending=%s" % (s, type(e).__name__ if e else "none"))
print("message: %s" % e)
print("after fetch: clear")
s, e = sum_all(4)
print("sum=%d %s" % (s, e))
