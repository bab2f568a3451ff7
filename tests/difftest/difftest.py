#!/usr/bin/env python3
"""difftest.py - differential testing of asyncc against CPython's asyncio.

For each seed, gen.py prints one random program as pSEED.py and pSEED.ac;
the .ac is translated with asyncc, compiled (cc -std=c99 -Wall -Wextra
-Werror, plus $AC_CFLAGS, e.g. the sanitizers) and run; its stdout, stderr
and exit status must equal python3's.  Any difference (or a translation or
compile error, a crash, a timeout) is a failure: the seed's programs, the
generated C and both outputs are kept under --out/fail/pSEED/.

  difftest.py --seeds 0-299 [--jobs 2] [--profile ci] [--out DIR]
  difftest.py --self-check --seeds 0-9   every seed's C program gets one
                                         executed statement printed wrongly;
                                         each must be reported as diverging

Environment (as tests/CMakeLists.txt gives it, or --build DIR): ASYNCC,
AC_INCLUDE, AC_LIB, AC_CFLAGS.
"""
import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gen  # noqa: E402

TIMEOUT = 60


def parse_seeds(spec):
    seeds = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds.extend(range(int(a), int(b) + 1))
        else:
            seeds.append(int(part))
    return seeds


def run(cmd, cwd, env=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT,
                           env=env)
        return p.returncode, p.stdout.decode(errors="replace"), \
            p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return "timeout", (e.stdout or b"").decode(errors="replace"), \
            (e.stderr or b"").decode(errors="replace")


class Tester:
    def __init__(self, args):
        self.args = args
        self.asyncc = os.environ["ASYNCC"]
        self.include = os.environ["AC_INCLUDE"]
        self.lib = os.environ["AC_LIB"]
        self.cflags = os.environ.get("AC_CFLAGS", "").split()
        self.out = os.path.abspath(args.out)
        self.local = threading.local()
        self.runners = []

    def python(self, work, name):
        r = getattr(self.local, "runner", None)
        if r is None:
            r = self.local.runner = subprocess.Popen(
                [sys.executable, os.path.join(HERE, "pyrunner.py")],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            self.runners.append(r)
        r.stdin.write("%s %s.py py.stdout py.stderr\n" % (work, name))
        r.stdin.flush()
        rc = int(r.stdout.readline())
        res = []
        for f in ("py.stdout", "py.stderr"):
            with open(os.path.join(work, f), errors="replace") as fh:
                res.append(fh.read())
            os.unlink(os.path.join(work, f))
        return "timeout" if rc == -14 else rc, res[0], normalise(res[1])

    def build(self, work, name):
        """Translate and compile; None, or the failure's description."""
        rc, o, e = run([self.asyncc, name + ".ac", "-o", name + ".c"], work)
        if rc != 0:
            return "translation failed (%s):\n%s%s" % (rc, o, e)
        cmd = ["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-g"] + \
            self.cflags + ["-I", self.include, name + ".c", self.lib,
                           "-lpthread", "-lm", "-o", name]
        rc, o, e = run(cmd, work)
        if rc != 0:
            return "compilation failed (%s):\n%s%s" % (rc, o, e)
        return None

    def compare(self, work, name, py):
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        c = run(["./" + name], work, env)
        c = (c[0], c[1], normalise(c[2]))
        if c == py:
            return None
        rep = []
        for what, a, b in (("exit status", py[0], c[0]), ("stdout", py[1], c[1]),
                           ("stderr", py[2], c[2])):
            if a != b:
                rep.append("%s differs" % what)
        with open(os.path.join(work, "py.out"), "w") as f:
            f.write("exit %s\n--- stdout\n%s--- stderr\n%s" % py)
        with open(os.path.join(work, "c.out"), "w") as f:
            f.write("exit %s\n--- stdout\n%s--- stderr\n%s" % c)
        d = subprocess.run(["diff", "-u", "py.out", "c.out"], cwd=work,
                           capture_output=True).stdout.decode(errors="replace")
        return ", ".join(rep) + "\n" + d

    def one(self, seed):
        """(seed, None) on agreement, else (seed, report)."""
        name = "p%d" % seed
        work = os.path.join(self.out, "work", name)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        py_src, c_src = gen.generate(seed, self.args.profile)
        write(work, name + ".py", py_src)
        write(work, name + ".ac", c_src)
        py = self.python(work, name)
        if self.args.self_check:
            # odd seeds: a raise whose exception was printed with its type
            # raises another type; even seeds (or no such raise): a trace
            # that ran prints x + 1
            raises = gen.raise_labels(seed, self.args.profile)
            printed = set(re.findall(r"\w+: (m\d+)\b", py[1]))
            labels = sorted(raises & printed) if seed % 2 else []
            if not labels:
                labels = sorted(set(re.findall(r"^(t\d+) ", py[1], re.M)))
            if not labels:
                shutil.rmtree(work)
                return seed, "skip"
            label = random.Random(seed).choice(labels)
            _, c_src = gen.generate(seed, self.args.profile, mutate=label)
            write(work, name + ".ac", c_src)
        err = self.build(work, name) or self.compare(work, name, py)
        if self.args.self_check:
            shutil.rmtree(work)
            return seed, ("detected" if err else "MISSED")
        if err is None:
            shutil.rmtree(work)
            return seed, None
        dest = os.path.join(self.out, "fail", name)
        shutil.rmtree(dest, ignore_errors=True)
        shutil.move(work, dest)
        write(dest, "report.txt", err)
        return seed, err


def normalise(stderr):
    """stderr as compared: tracebacks' frame lines dropped (the two programs'
    files and line numbers differ by nature), addresses masked."""
    out = []
    skip_source = False
    for line in stderr.splitlines(True):
        if line.startswith("  File "):
            skip_source = True
            continue
        if skip_source and line.startswith("    "):
            continue
        skip_source = False
        if line.startswith("Traceback (most recent call last):"):
            continue
        out.append(re.sub(r"0x[0-9a-fA-F]+", "0x?", line))
    return "".join(out)


def check_found(t):
    """Each found/NAME.ac against found/NAME.py: still diverging or not."""
    d = os.path.join(HERE, "found")
    names = sorted(f[:-3] for f in os.listdir(d) if f.endswith(".ac"))
    for name in names:
        work = os.path.join(t.out, "found", name)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        for ext in (".ac", ".py"):
            shutil.copy(os.path.join(d, name + ext), work)
        py = t.python(work, name)
        err = t.build(work, name) or t.compare(work, name, py)
        print("%-40s %s" % (name, "diverges (kept in %s)" % work if err else "agrees"))
        if err:
            write(work, "report.txt", err)
        if not err:
            shutil.rmtree(work)


def write(d, name, text):
    with open(os.path.join(d, name), "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="0-99")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--profile", default="full", choices=sorted(gen.PROFILES))
    ap.add_argument("--out", default="difftest-out")
    ap.add_argument("--build", help="a build directory: sets ASYNCC, AC_LIB, AC_INCLUDE")
    ap.add_argument("--self-check", action="store_true")
    ap.add_argument("--found", action="store_true",
                    help="run the reproducers in found/: which still diverge")
    ap.add_argument("--max-report", type=int, default=20,
                    help="print at most this many failure reports in full")
    args = ap.parse_args()
    if args.build:
        b = os.path.abspath(args.build)
        os.environ.setdefault("ASYNCC", os.path.join(b, "asyncc"))
        os.environ.setdefault("AC_LIB", os.path.join(b, "libasyncc.a"))
        os.environ.setdefault("AC_INCLUDE",
                              os.path.join(HERE, "..", "..", "runtime", "include"))
    for var in ("ASYNCC", "AC_INCLUDE", "AC_LIB"):
        if var not in os.environ:
            sys.exit("difftest: %s is not set (give --build DIR)" % var)
    seeds = parse_seeds(args.seeds)
    t = Tester(args)
    os.makedirs(t.out, exist_ok=True)
    if args.found:
        check_found(t)
        for r in t.runners:
            r.stdin.close()
            r.wait()
        return 0
    failed = []
    counts = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seed, res in pool.map(t.one, seeds):
            if args.self_check:
                counts[res] = counts.get(res, 0) + 1
                if res == "MISSED":
                    failed.append(seed)
                continue
            if res is not None:
                failed.append(seed)
                if len(failed) <= args.max_report:
                    print("=== seed %d diverges (kept in %s)\n%s" %
                          (seed, os.path.join(t.out, "fail", "p%d" % seed),
                           res[:4000]))
                    sys.stdout.flush()
    for r in t.runners:
        r.stdin.close()
        r.wait()
    if args.self_check:
        print("self-check: %s" % counts)
        if failed or not counts.get("detected"):
            print("self-check FAILED: mutants not reported for seeds %s" % failed)
            return 1
        return 0
    print("difftest: %d programs, %d diverged%s" %
          (len(seeds), len(failed), (": seeds " + " ".join(map(str, failed))) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
