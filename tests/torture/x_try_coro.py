# oracle for x_try_coro.ac
ok = bad = 0
for i in range(1, 8):
    try:
        if i % 3 == 0:
            raise ValueError("multiple of three: %d" % i)
        ok += i * 2
    except ValueError as e:
        bad += 1
        print(e)
    finally:
        print("after %d" % i)
print("ok %d bad %d" % (ok, bad))
raise SystemExit(0 if ok == 38 else 2)
