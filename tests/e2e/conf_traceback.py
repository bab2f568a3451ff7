# Conformance: tracebacks through await chains, generators and handlers.
# Each function sits at the line of its C twin in conf_traceback.ac and gets
# that file's name, so the traceback shows the .ac's lines.  A statement
# that can appear in a traceback starts at its line's indentation and spans
# two lines, so Python prints no carets (it would place them by Python's
# columns under the C text).
import asyncio, os, sys, traceback
class AppError(Exception):
    pass
async def leaf(n):

    await asyncio.sleep(0)
    if n > 0:
        raise ValueError(
            f"leaf {n}")

async def middle(n):

    await leaf(
        n)
    print("middle: not reached")

async def outer(n):

    try:
        await middle(
            n)
    finally:
        print("outer finally")


async def translates():

    try:
        await outer(
            1)
    except ValueError:
        raise AppError(
            "while handling")


async def causes():

    try:
        await outer(
            2)
    except ValueError as e:
        n = AppError("caused")
        raise n from (
            e)


async def reraises():

    try:
        await outer(
            3)
    except ValueError as e:
        print(f"reraises: {e}")
        raise


async def deep(n):

    if n == 0:
        raise KeyboardInterrupt(
            "at the bottom")
    await deep(
        n - 1)

def stops():

    yield 1
    raise StopIteration(
        "too soon")

async def consumes():

    for v in stops():
        print(f"consumed {v}")


async def amain():

    try:
        await translates(
        )
    except Exception as e:
        traceback.print_exception(e, file=sys.stdout)
    print("--")
    try:
        await causes(
        )
    except Exception as e:
        traceback.print_exception(e, file=sys.stdout)
    print("--")
    try:
        await reraises(
        )
    except Exception as e:
        traceback.print_exception(e, file=sys.stdout)
    print("--")
    try:
        await deep(
            6)
    except BaseException as e:
        traceback.print_exception(e, file=sys.stdout)
    print("--")
    try:
        await consumes(
        )
    except Exception as e:
        traceback.print_exception(e, file=sys.stdout)


def two():

    yield (
        1)
    yield 2


















async def waits(f):

    await (
        f)

async def waits_outer(f):

    await waits(
        f)

def lookup(key):

    yield 0
    raise KeyError(
        key)

def via(key):

    yield from lookup(
        key)


def missing_key(key):
    g = via(key)
    next(g)
    try:
        next(g)
    except KeyError as e:
        traceback.print_exception(e.with_traceback(e.__traceback__.tb_next),
                                  file=sys.stdout)


def throw_into_chain():
    loop = asyncio.new_event_loop()
    f = loop.create_future()
    c = waits_outer(f)
    c.send(None)
    try:
        c.throw(ValueError("thrown into a chain"))
    except ValueError as e:
        traceback.print_exception(e.with_traceback(e.__traceback__.tb_next),
                                  file=sys.stdout)
    loop.close()


def throw_into(started, exc):
    """The caller's frame, which has no C twin, is left out."""
    g = two()
    if started:
        next(g)
    try:
        g.throw(exc)
    except BaseException as e:
        traceback.print_exception(e.with_traceback(e.__traceback__.tb_next),
                                  file=sys.stdout)


def main():
    asyncio.run(amain())
    print("--")
    throw_into(False, ValueError("unstarted"))
    print("--")
    throw_into(True, ValueError("at yield"))
    print("--")
    throw_into(True, StopIteration("thrown"))
    print("--")
    throw_into_chain()
    print("--")
    missing_key("plain")
    print("--")
    missing_key("it's \"quoted\"\tand\\escaped")


AC = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                  "conf_traceback.ac")
for fn in (leaf, middle, outer, translates, causes, reraises, deep, stops,
           consumes, amain, two, waits, waits_outer, lookup, via):
    fn.__code__ = fn.__code__.replace(co_filename=AC)
main()
