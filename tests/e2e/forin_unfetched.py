# forin_unfetched.ac's oracle: Python's own unraisable hook prints each
# exception the C runtime reports as never fetched.  faulty and sum_all sit
# at their C twins' lines and carry the .ac's name, so the tracebacks show
# the .ac's lines (statements span two lines: Python prints no carets).
import os, sys, threading


def faulty(n):

    for i in range(1, n + 1):
        yield i
    raise ValueError(
        f"after {n}")

def sum_all(n):

    box[0] = 0
    for v in faulty(
            n):
        box[0] += v
    return box[0]


box = [0]


def run(n):
    """sum_all(n) and the exception it leaves, as the C caller sees them."""
    try:
        return sum_all(n), None
    except ValueError as e:
        return box[0], e.with_traceback(e.__traceback__.tb_next)


def unraisable_args_type():
    got = []
    sys.unraisablehook = got.append

    class Probe:
        def __del__(self):
            raise RuntimeError

    Probe()
    sys.unraisablehook = sys.__unraisablehook__
    return type(got[0])


class Where:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def report(e, when):
    sys.stdout.flush()
    where = Where(f"the unfetched exception {when}")
    sys.__unraisablehook__(ARGS((type(e), e, e.__traceback__, None, where)))
    sys.stderr.flush()


def thread_main():
    s, e = run(1)
    print(f"thread: sum={s}", flush=True)
    report(e, "at thread exit")


def main():
    s, e = run(2)
    print(f"fetched: sum={s} {type(e).__name__}: {e}")
    print("pending after fetch: no")
    s, e3 = run(3)
    print(f"pending: sum={s}")
    s, e4 = run(4)
    report(e3, "replaced by ValueError")
    print(f"pending: sum={s}")
    th = threading.Thread(target=thread_main)
    th.start()
    th.join()
    print("main returns")
    report(e4, "at exit")


AC = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                  "forin_unfetched.ac")
for fn in (faulty, sum_all):
    fn.__code__ = fn.__code__.replace(co_filename=AC)
ARGS = unraisable_args_type()
main()
