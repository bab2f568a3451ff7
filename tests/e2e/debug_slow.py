# debug_slow.ac's oracle: asyncio.run(debug=True) logs the slow step, and
# the exception asyncio.run raises is printed as the C program's ac_run
# prints it (frames of this file only); slow and amain sit at their C
# twins' lines under the .ac's name.  Python's debug mode also shows where
# each future was created; asyncc does not record that, so it is cut.
import asyncio, io, os, re, sys, time, traceback


# lines 11 to 19: now() in the C






def now():
    return time.monotonic()


async def slow():

    end = now() + 0.2
    while now() < end:
        pass
    await asyncio.sleep(0.01)


async def amain():

    t = asyncio.create_task(slow(), name="slow")
    await t

    raise ValueError(
                     "returned")


def ours(tb):
    """The traceback's entries from the .ac's functions only."""
    while tb is not None and tb.tb_frame.f_code.co_filename != AC:
        tb = tb.tb_next
    return tb


def main():
    err = io.StringIO()
    sys.stderr = err
    rc, name = 0, "none"
    try:
        asyncio.run(amain(), debug=True)
    except ValueError as e:
        traceback.print_exception(e.with_traceback(ours(e.__traceback__)))
        rc, name = -1, type(e).__name__
    sys.stderr = sys.__stderr__
    for line in err.getvalue().splitlines(True):
        line = re.sub(r"took \d+\.\d{3} seconds", "took N seconds", line)
        # where each future was created: asyncc records no such thing
        print(re.sub(r" created at [^ >]*:\d+", "", line), end="")
    print(f"ac_run: {rc} {name}")


AC = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                  "debug_slow.ac")
for fn in (slow, amain):
    fn.__code__ = fn.__code__.replace(co_filename=AC)
main()
