# io_parallel.py - the oracle of io_parallel.ac: four threads, each running
# its own asyncio loop, take jobs from one queue and put results on another.
import asyncio
import queue
import threading

NJOBS = 100
NWORKERS = 4


async def square_jobs(index, jobs, results, done):
    while True:
        try:
            job = jobs.get_nowait()
        except queue.Empty:
            break
        results.put((job, job * job))
        done[index] += 1
        await asyncio.sleep(0)


def main():
    jobs, results = queue.Queue(), queue.Queue()
    for job in range(1, NJOBS + 1):
        jobs.put(job)
    done = [0] * NWORKERS
    threads = [threading.Thread(
        target=lambda i=i: asyncio.run(square_jobs(i, jobs, results, done)))
        for i in range(NWORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    squares = {}
    while not results.empty():
        job, sq = results.get()
        squares[job] = sq
    print(f"results: {len(squares)}, jobs done by the workers: {sum(done)}")
    print("first squares: " + " ".join(str(squares[k]) for k in range(1, 6)))
    print(f"sum of squares 1..{NJOBS}: {sum(squares.values())}")


main()
