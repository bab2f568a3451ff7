# A crawler-style fan-out: one task per URL, at most three fetching at
# once (a Semaphore), each fetch given a deadline (asyncio.timeout).  The
# fetches are simulated with sleeps; two of them are too slow.  Results
# are printed in URL order once all are in, with the most fetches seen in
# flight at one time.
import asyncio

LIMIT = 3
DEADLINE = 0.1


class Page:
    def __init__(self, url, delay):
        self.url = url
        self.delay = delay  # the simulated fetch's duration
        self.status = ""
        self.size = 0


class Crawl:
    def __init__(self):
        self.sem = asyncio.Semaphore(LIMIT)
        self.in_flight = 0
        self.most = 0


async def fetch(c, p):
    c.in_flight += 1
    c.most = max(c.most, c.in_flight)
    try:
        await asyncio.sleep(p.delay)
    finally:
        c.in_flight -= 1
    return int(p.delay * 10000) + 100


async def crawl_one(c, p):
    async with c.sem:
        try:
            async with asyncio.timeout(DEADLINE):
                p.size = await fetch(c, p)
                p.status = "ok"
        except TimeoutError:
            p.status = "timed out"


async def amain():
    pages = [
        Page("https://example.org/", 0.01),
        Page("https://example.org/a", 0.02),
        Page("https://example.org/slow", 1.0),
        Page("https://example.org/b", 0.01),
        Page("https://example.org/c", 0.03),
        Page("https://example.org/stuck", 2.0),
        Page("https://example.org/d", 0.02),
        Page("https://example.org/e", 0.01),
    ]
    c = Crawl()
    async with asyncio.TaskGroup() as tg:
        for p in pages:
            tg.create_task(crawl_one(c, p))
    ok = 0
    for p in pages:
        if p.size:
            print(f"{p.url:<26} {p.status}, {p.size} bytes")
        else:
            print(f"{p.url:<26} {p.status}")
        ok += p.size > 0
    print(f"{ok} of {len(pages)} fetched, at most {c.most} at once")


asyncio.run(amain())
