import asyncio


async def sleepy_alarm(time):
    await asyncio.sleep(time)
    return "wake up!"


alarm = asyncio.run(sleepy_alarm(0.1))
print(alarm)
