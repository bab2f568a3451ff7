# oracle for x_try_throw_in.ac
class AppError(Exception):
    pass

class DiskError(AppError):
    pass

def worker():
    handled = 0
    while True:
        try:
            yield handled
        except DiskError as e:
            print("disk: %s" % e)
            handled += 1
        except AppError as e:
            print("app: %s, rethrowing" % e)
            raise

g = worker()
v = next(g)
print("start %d" % v)
v = g.throw(DiskError("sector 7"))
print("rc 1 v %d" % v)
v = g.throw(DiskError("sector 9"))
print("rc 1 v %d" % v)
try:
    g.throw(AppError("fatal"))
except AppError as e:
    print("rc -1 %s %s" % (type(e).__name__, e))
print("closed 1")
