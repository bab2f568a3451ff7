import asyncio


def print_every_second_callback(i):
    print(f"{i} s (callback)")
    asyncio.get_running_loop().call_later(0.1, print_every_second_callback, i + 1)


async def print_every_second_coroutine(type):
    for i in range(5):
        print(f"{i} s (coroutine {type})")
        await asyncio.sleep(0.1)
    asyncio.get_running_loop().stop()


loop = asyncio.new_event_loop()
loop.call_soon(print_every_second_callback, 0)
loop.create_task(print_every_second_coroutine("A"))
loop.run_forever()
loop.close()
