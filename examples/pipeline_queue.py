# A producer/consumer pipeline: a producer feeds jobs into a bounded
# queue (it waits while the queue is full), two workers take them, work
# on each (a few steps, each giving the loop to others) and put results
# into a second queue, which a collector drains.  A TaskGroup runs the
# four and waits for all; a sentinel job per worker ends the workers.
import asyncio
from dataclasses import dataclass

JOBS = 8
WORKERS = 2


@dataclass
class Job:
    id: int
    cost: int  # steps of work; -1: no more jobs


@dataclass
class Result:
    id: int
    value: int
    worker: int


async def produce(jobs):
    for i in range(JOBS):
        await jobs.put(Job(i, 1 + i % 3))
        print(f"produced job {i} (queue {jobs.qsize()}/2)")
    for w in range(WORKERS):
        await jobs.put(Job(-1, -1))


async def work(me, jobs, results):
    while True:
        j = await jobs.get()
        if j.cost < 0:
            jobs.task_done()
            print(f"worker {me} stops")
            return
        print(f"worker {me} takes job {j.id}")
        for step in range(j.cost):
            await asyncio.sleep(0)
        await results.put(Result(j.id, j.id * j.id, me))
        jobs.task_done()


async def collect(results, total):
    for i in range(JOBS):
        r = await results.get()
        print(f"result of job {r.id}: {r.value} (worker {r.worker})")
        total[0] += r.value


async def amain():
    jobs = asyncio.Queue(2)
    results = asyncio.Queue(0)
    total = [0]
    async with asyncio.TaskGroup() as tg:
        tg.create_task(produce(jobs))
        for w in range(WORKERS):
            tg.create_task(work(w, jobs, results))
        tg.create_task(collect(results, total))
    await jobs.join()
    print(f"total {total[0]}, {jobs.qsize() + results.qsize()} left")


asyncio.run(amain())
