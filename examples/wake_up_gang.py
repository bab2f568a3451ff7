import asyncio


async def sleepy_alarm(person, time):
    await asyncio.sleep(time)
    print(f"{person} -- wake up! ({asyncio.current_task().get_name()})")


async def wake_up_gang():
    tasks = [
        asyncio.create_task(sleepy_alarm("Bob", 0.3), name="wake up Bob"),
        asyncio.create_task(sleepy_alarm("Andy", 0.4), name="wake up Andy"),
        asyncio.create_task(sleepy_alarm("Sam", 0.2), name="wake up Sam"),
    ]
    await asyncio.gather(*tasks)


asyncio.run(wake_up_gang())
