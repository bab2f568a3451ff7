# async with on a runtime handle that is no async context manager (a
# future): TypeError where the block is entered, the block not run.
import asyncio


async def amain():
    fut = asyncio.get_running_loop().create_future()
    try:
        async with fut:
            print("body ran")
    except TypeError:
        print("TypeError")
    return 0


asyncio.run(amain())
