# oracle of x_limits_forin_catch.ac
def bits():
    yield 0
    yield 1

def deep():
    for a0 in bits():
        for a1 in bits():
            for a2 in bits():
                for a3 in bits():
                    for a4 in bits():
                        for a5 in bits():
                            for a6 in bits():
                                for a7 in bits():
                                    for a8 in bits():
                                        for a9 in bits():
                                            for a10 in bits():
                                                for a11 in bits():
                                                    for a12 in bits():
                                                        for a13 in bits():
                                                            for a14 in bits():
                                                                for a15 in bits():
                                                                    for a16 in bits():
                                                                        for a17 in bits():
                                                                            if a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15 + a16 + a17 == 9:
                                                                                yield a0 * 1 + a1 * 2 + a2 * 3 + a3 * 4 + a4 * 5 + a5 * 6 + a6 * 7 + a7 * 8 + a8 * 9 + a9 * 10 + a10 * 11 + a11 * 12 + a12 * 13 + a13 * 14 + a14 * 15 + a15 * 16 + a16 * 17 + a17 * 18

KINDS = [KeyError, IndexError, TypeError, OverflowError, EOFError, RuntimeError, TimeoutError, PermissionError, NotImplementedError, RecursionError, FileExistsError, IsADirectoryError, NotADirectoryError, InterruptedError, ChildProcessError, ProcessLookupError, BrokenPipeError, ConnectionAbortedError, ConnectionRefusedError, ConnectionResetError, FileNotFoundError, BlockingIOError, ValueError, ZeroDivisionError]

def raiser():
    for k in range(24):
        try:
            raise KINDS[k](f"kind {k}")
        except KeyError as e0:
            yield 100
        except IndexError as e1:
            yield 101
        except TypeError as e2:
            yield 102
        except OverflowError as e3:
            yield 103
        except EOFError as e4:
            yield 104
        except RuntimeError as e5:
            yield 105
        except TimeoutError as e6:
            yield 106
        except PermissionError as e7:
            yield 107
        except NotImplementedError as e8:
            yield 108
        except RecursionError as e9:
            yield 109
        except FileExistsError as e10:
            yield 110
        except IsADirectoryError as e11:
            yield 111
        except NotADirectoryError as e12:
            yield 112
        except InterruptedError as e13:
            yield 113
        except ChildProcessError as e14:
            yield 114
        except ProcessLookupError as e15:
            yield 115
        except BrokenPipeError as e16:
            yield 116
        except ConnectionAbortedError as e17:
            yield 117
        except ConnectionRefusedError as e18:
            yield 118
        except ConnectionResetError as e19:
            yield 119
        except FileNotFoundError as e20:
            yield 120
        except BlockingIOError as e21:
            yield 121
        except ValueError as e22:
            yield 122
        except ZeroDivisionError as e23:
            yield 123
        except (KeyError, IndexError, TypeError, OverflowError, EOFError, RuntimeError, TimeoutError, PermissionError, NotImplementedError, RecursionError, FileExistsError, IsADirectoryError, NotADirectoryError, InterruptedError, ChildProcessError, ProcessLookupError, BrokenPipeError, ConnectionAbortedError, ConnectionRefusedError, ConnectionResetError):
            yield -1

def main():
    n = s = x = 0
    for v in deep():
        n += 1
        s += v
        x = x * 31 % 1000003 + v
    print(f"deep: {n} values, sum {s}, hash {x}")
    for v in raiser():
        print(f"caught {v}")

main()
