#!/usr/bin/env python3
"""gen.py - one random program, printed as Python (asyncio) and as asyncc C.

    gen.py SEED OUTDIR [--profile ci|full] [--mutate LABEL]

writes OUTDIR/pSEED.py and OUTDIR/pSEED.ac.  The program comes from one
random AST (deterministic per seed): a few generators, coroutines and async
generators that call only functions defined after them (so nothing
recurses), with bounded loops only, plus scenarios that drive them (next /
send / throw / close, for-in with early break, anext / asend / athrow /
aclose, async for, tasks, gather, cancel, wait_for).  Both programs print
the same trace: values yielded and received, exceptions caught (type and
message), finally blocks run, results.

--mutate LABEL prints the statement carrying LABEL wrongly in the C program
only (a trace prints x + 1, a raise raises another type): the tester's
self-check uses it to prove that a divergence is reported.
"""
import random
import sys

# Profiles: which constructs the generator may use.  "ci" is what the
# registered CTest seeds run; a construct is left out of it only while it
# has an open, documented divergence (tests/difftest/README.md).
PROFILES = {
    "full": set(),
    # agen_close_error: an async generator whose close can fail (a finally
    # that raises, yields, awaits a coroutine or leaves by break/continue/
    # return; an async with whose exit raises or suppresses): abandoned,
    # its finalizer-driven aclose() then fails.
    # shutdown_pending: main returns while the aclose() of an abandoned
    # async generator is still pending, so asyncio.run's shutdown runs it
    # (without it, main lets the loop run 20 more times first).
    # (agen_close_error and shutdown_pending were divergences, fixed.)
    # cancel_wait_for: a task cancelled while it may be inside wait_for,
    # where CPython 3.11 itself is wrong (gh-86296; README.md).
    "ci": {"cancel_wait_for"},
    # the full profile without printing exceptions' __context__ chains
    "nocontext": {"context"},
    # everything but the known divergences, context chains included: where
    # to look for new ones
    "explore": {"shutdown_pending", "cancel_wait_for"},
}

RAISE_TYPES = ["ValueError", "KeyError", "IndexError", "RuntimeError",
               "AppError", "ZeroDivisionError"]
THROW_TYPES = RAISE_TYPES + ["GeneratorExit"]
CATCH_TYPES = ["ValueError", "KeyError", "IndexError", "RuntimeError",
               "AppError", "LookupError", "Exception", "ArithmeticError"]


def c_type(t):
    return t if t == "AppError" else "ac_" + t


class Fn:
    def __init__(self, idx, kind):
        self.idx = idx
        self.kind = kind  # gen, coro, agen
        self.name = {"gen": "g", "coro": "c", "agen": "a"}[kind] + str(idx)
        self.body = []


class Gen:
    def __init__(self, seed, profile):
        self.rng = random.Random(seed)
        self.off = PROFILES[profile]
        self.n = 0
        self.fns = []

    def label(self, prefix):
        self.n += 1
        return "%s%d" % (prefix, self.n)

    def ok(self, feature):
        return feature not in self.off

    # ---- the AST -------------------------------------------------------
    def program(self):
        r = self.rng
        nfn = r.randint(3, 6)
        kinds = ["gen", "coro", "agen"]
        for i in range(nfn):
            self.fns.append(Fn(i, r.choice(kinds)))
        # bodies: function i may call functions j > i only
        for f in self.fns:
            self.cur = f
            f.body = self.block(f, depth=0, loop=0, budget=r.randint(3, 7),
                                handler=False)
            if f.kind in ("gen", "agen") and not self.has_yield(f.body):
                f.body.insert(r.randint(0, len(f.body)), ("yield", self.label("y")))
        scen = []
        for _ in range(r.randint(3, 6)):
            scen.append(self.scenario())
        return scen

    def has_yield(self, node):
        if isinstance(node, tuple) and node and node[0] == "yield":
            return True
        if isinstance(node, (list, tuple)):
            return any(self.has_yield(n) for n in node)
        return False

    def calls(self, node):
        """Names of the functions a statement list calls."""
        out = set()
        if isinstance(node, tuple) and node and node[0] in (
                "yield_from", "for_in", "await", "task_await", "wait_for", "async_for"):
            out.add(node[1])
        if isinstance(node, (list, tuple)):
            for n in node:
                out |= self.calls(n)
        return out

    def uses(self, node, kind):
        if isinstance(node, tuple) and node and node[0] == kind:
            return True
        if isinstance(node, (list, tuple)):
            return any(self.uses(n, kind) for n in node)
        return False

    def reaches(self, kind):
        """Names of the functions that run a `kind` statement, themselves or
        in a function they call."""
        by_name = {f.name: f for f in self.fns}
        hit = set()
        for f in reversed(self.fns):  # callees come later in the list
            if self.uses(f.body, kind) or any(c in hit for c in self.calls(f.body)):
                hit.add(f.name)
        assert all(c in by_name for f in self.fns for c in self.calls(f.body))
        return hit

    def callees(self, f, kind):
        return [g for g in self.fns[f.idx + 1:] if g.kind == kind]

    def block(self, f, depth, loop, budget, handler, safe=False):
        out = []
        for _ in range(self.rng.randint(1, max(1, budget))):
            out.append(self.stmt(f, depth, loop, handler, safe))
        return out

    def stmt(self, f, depth, loop, handler, safe=False):
        r = self.rng
        if safe:
            # a finally that cannot fail while GeneratorExit passes
            choices = [("trace", 4), ("assign", 3), ("sleep0", 1)]
            if depth < 3:
                choices += [("if", 1), ("for", 1)]
            kind = r.choices([c[0] for c in choices], [c[1] for c in choices])[0]
            sub = lambda: self.block(f, depth + 1, 0, 2, False, True)
            if kind == "trace":
                return ("trace", self.label("t"))
            if kind == "assign":
                return ("assign", r.randint(1, 9), r.randint(0, 99))
            if kind == "sleep0":
                return ("sleep0",)
            if kind == "if":
                m = r.randint(2, 4)
                return ("if", m, r.randrange(m), sub(), sub() if r.random() < 0.5 else [])
            return ("for", "i%d" % depth, r.randint(1, 3), sub())
        agen_safe = f.kind == "agen" and not self.ok("agen_close_error")
        choices = [("trace", 4), ("assign", 3), ("raise", 1)]
        if depth < 3:
            choices += [("if", 2), ("for", 1), ("try", 3)]
        if loop:
            choices += [("break", 1), ("continue", 1)]
        if depth > 0:
            choices += [("return", 1)]
        if handler:
            choices += [("reraise", 1)]
        if f.kind in ("gen", "agen"):
            choices += [("yield", 5)]
        if f.kind == "gen" and self.callees(f, "gen") and self.ok("yield_from"):
            choices += [("yield_from", 2)]
        if self.callees(f, "gen") and depth < 3 and self.ok("for_in"):
            choices += [("for_in", 1)]
        if f.kind in ("coro", "agen"):
            choices += [("sleep0", 2)]
            if self.callees(f, "coro"):
                choices += [("await", 3)]
                if self.ok("task"):
                    choices += [("task_await", 1)]
                if self.ok("wait_for"):
                    choices += [("wait_for", 1)]
            if self.callees(f, "agen") and depth < 3 and self.ok("async_for"):
                choices += [("async_for", 1)]
            if depth < 3 and self.ok("async_with"):
                choices += [("async_with", 2)]
        kind = r.choices([c[0] for c in choices], [c[1] for c in choices])[0]
        sub = lambda lp=loop, hd=handler: self.block(f, depth + 1, lp, 2, hd)
        if kind == "trace":
            return ("trace", self.label("t"))
        if kind == "assign":
            return ("assign", r.randint(1, 9), r.randint(0, 99))
        if kind == "raise":
            return ("raise", r.choice(RAISE_TYPES), self.label("m"))
        if kind == "if":
            m = r.randint(2, 4)
            return ("if", m, r.randrange(m), sub(), sub() if r.random() < 0.5 else [])
        if kind == "for":
            return ("for", "i%d" % depth, r.randint(1, 3), sub(lp=loop + 1))
        if kind == "try":
            handlers = []
            for _ in range(r.choice([0, 1, 1, 2])):
                types = r.sample(CATCH_TYPES, r.choice([1, 1, 2]))
                handlers.append((types, self.label("e"), sub(hd=True)))
            fin = None
            if not handlers or r.random() < 0.5:
                fin = self.block(f, depth + 1, loop, 2, False, agen_safe)
            return ("try", self.label("k"), sub(hd=False), handlers, fin)
        if kind in ("break", "continue"):
            return (kind,)
        if kind == "return":
            return ("return",)
        if kind == "reraise":
            return ("reraise",)
        if kind == "yield":
            return ("yield", self.label("y"))
        if kind == "yield_from":
            return ("yield_from", r.choice(self.callees(f, "gen")).name,
                    r.randint(0, 9), self.label("f"))
        if kind == "for_in":
            return ("for_in", r.choice(self.callees(f, "gen")).name, r.randint(0, 9),
                    "v%d" % depth, r.choice([None, 0, 1, 2]), self.label("l"),
                    sub(lp=loop + 1))
        if kind == "sleep0":
            return ("sleep0",)
        if kind == "await":
            return ("await", r.choice(self.callees(f, "coro")).name, r.randint(0, 9),
                    self.label("w"))
        if kind == "task_await":
            return ("task_await", r.choice(self.callees(f, "coro")).name,
                    r.randint(0, 9), self.label("T"))
        if kind == "wait_for":
            return ("wait_for", r.choice(self.callees(f, "coro")).name, r.randint(0, 9),
                    r.choice([0, 100]), self.label("W"))
        if kind == "async_for":
            return ("async_for", r.choice(self.callees(f, "agen")).name, r.randint(0, 9),
                    "u%d" % depth, r.choice([None, 0, 1, 2]), self.label("L"),
                    sub(lp=loop + 1))
        if kind == "async_with":
            fe, fx, sup = (r.random() < 0.15, r.random() < 0.15, r.random() < 0.3)
            if agen_safe:
                fx = sup = False
            return ("async_with", self.label("r"), int(fe), int(fx), int(sup),
                    sub())
        raise AssertionError(kind)

    def scenario(self):
        r = self.rng
        kinds = {}
        for f in self.fns:
            kinds.setdefault(f.kind, []).append(f)
        opts = []
        if "gen" in kinds:
            opts += ["gen_drive", "gen_for"]
        if "agen" in kinds:
            opts += ["agen_drive", "agen_for"]
        if "coro" in kinds:
            opts += ["coro"]
            if self.ok("task"):
                opts += ["gather", "cancel"]
            if self.ok("wait_for"):
                opts += ["wait_for"]
        kind = r.choice(opts)
        lab = self.label("s")
        if kind == "gen_drive":
            acts = []
            for _ in range(r.randint(1, 6)):
                a = r.choices(["next", "send", "throw", "close"], [4, 3, 2, 1])[0]
                if a == "send":
                    acts.append(("send", r.randint(0, 9)))
                elif a == "throw":
                    acts.append(("throw", r.choice(THROW_TYPES), self.label("m")))
                else:
                    acts.append((a,))
            return (kind, lab, r.choice(kinds["gen"]).name, r.randint(0, 9), acts)
        if kind == "agen_drive":
            acts = []
            for _ in range(r.randint(1, 6)):
                a = r.choices(["next", "send", "throw", "close"], [4, 2, 2, 1])[0]
                if a == "send":
                    acts.append(("send", r.randint(0, 9)))
                elif a == "throw":
                    acts.append(("throw", r.choice(RAISE_TYPES), self.label("m")))
                else:
                    acts.append((a,))
            return (kind, lab, r.choice(kinds["agen"]).name, r.randint(0, 9), acts)
        if kind in ("gen_for", "agen_for"):
            fk = "gen" if kind == "gen_for" else "agen"
            return (kind, lab, r.choice(kinds[fk]).name, r.randint(0, 9),
                    r.choice([None, 0, 1, 2]))
        if kind == "coro":
            return (kind, lab, r.choice(kinds["coro"]).name, r.randint(0, 9))
        if kind == "gather":
            calls = [(r.choice(kinds["coro"]).name, r.randint(0, 9))
                     for _ in range(r.randint(1, 3))]
            return (kind, lab, calls)
        if kind == "cancel":
            targets = kinds["coro"]
            if not self.ok("cancel_wait_for"):
                bad = self.reaches("wait_for")
                targets = [f for f in targets if f.name not in bad]
                if not targets:
                    return ("coro", lab, r.choice(kinds["coro"]).name, r.randint(0, 9))
            return (kind, lab, r.choice(targets).name, r.randint(0, 9),
                    r.randint(0, 3))
        if kind == "wait_for":
            return (kind, lab, r.choice(kinds["coro"]).name, r.randint(0, 9),
                    r.choice([0, 100]))
        raise AssertionError(kind)


PY_PRELUDE = '''\
import asyncio
import inspect
import sys


class AppError(Exception):
    pass


def tn(e):
    return type(e).__name__


def msg(e):
    return str(e.args[0]) if e.args else ""


def show(label, what, e):
    s = f"{label} {what} {tn(e)}: {msg(e)}"
    if SHOW_CONTEXT:
        c = e.__context__
        while c is not None:
            s += f" <- {tn(c)}: {msg(c)}"
            c = c.__context__
    print(s)


class Res:
    def __init__(self, name, fail_enter, fail_exit, suppress):
        self.name = name
        self.fail_enter = fail_enter
        self.fail_exit = fail_exit
        self.suppress = suppress

    async def __aenter__(self):
        await asyncio.sleep(0)
        print(f"{self.name} enter")
        if self.fail_enter:
            raise KeyError(f"{self.name} enter")
        return 7

    async def __aexit__(self, t, exc, tb):
        await asyncio.sleep(0)
        if exc is not None:
            show(self.name, "exit with", exc)
        else:
            print(f"{self.name} exit clean")
        if self.fail_exit:
            raise RuntimeError(f"{self.name} exit")
        return bool(self.suppress)


def gstate(label, g):
    print(label, inspect.getgeneratorstate(g))


def gres(label, fn, *args):
    try:
        v = fn(*args)
    except StopIteration as s:
        print(f"{label} returned {-1 if s.value is None else s.value}")
    except BaseException as e:
        show(label, "raised", e)
    else:
        print(f"{label} yielded {v}")

'''

C_PRELUDE = '''\
#include <stdbool.h>
#include <stdio.h>
#include <asyncc.h>

AC_DEFINE_EXC_TYPE(AppError, ac_Exception);

void show(const char *label, const char *what, ac_exc *e)
{
    printf("%s %s %s: %s", label, what, ac_exc_type_name(e), ac_exc_message(e));
    for (ac_exc *c = SHOW_CONTEXT ? ac_exc_context(e) : NULL; c; c = ac_exc_context(c))
        printf(" <- %s: %s", ac_exc_type_name(c), ac_exc_message(c));
    printf("\\n");
}

void gres(const char *label, int r, int v)
{
    if (r == AC_YIELDED) {
        printf("%s yielded %d\\n", label, v);
    } else if (r == AC_RETURNED) {
        printf("%s returned %d\\n", label, v);
    } else {
        ac_exc *e = ac_err_fetch();
        show(label, "raised", e);
        ac_decref(e);
    }
}

void gstate(const char *label, ac_gen *g)
{
    static const char *const names[] = {"GEN_CREATED", "GEN_RUNNING", "GEN_SUSPENDED",
                                        "GEN_CLOSED"};
    printf("%s %s\\n", label, names[ac_gen_getstate(g)]);
}

typedef struct Res {
    const ac_acm_ops *ops;
    const char *name;
    int fail_enter, fail_exit, suppress;
} Res;

async int res_enter(void *self)
{
    Res *r = self;
    await ac_sleep(0);
    printf("%s enter\\n", r->name);
    if (r->fail_enter)
        throw ac_exc_new(&ac_KeyError, "%s enter", r->name);
    return 7;
}

async bool res_exit(void *self, ac_exc *exc)
{
    Res *r = self;
    await ac_sleep(0);
    if (exc)
        show(r->name, "exit with", exc);
    else
        printf("%s exit clean\\n", r->name);
    if (r->fail_exit)
        throw ac_exc_new(&ac_RuntimeError, "%s exit", r->name);
    return r->suppress;
}

static const ac_acm_ops res_ops = {res_enter, res_exit};

'''


class Printer:
    def __init__(self, fns, scen, mutate=None, drain=False, context=False):
        self.drain = drain
        self.context = context
        self.fns = fns
        self.scen = scen
        self.mutate = mutate
        self.py = []
        self.c = []

    def P(self, ind, s):
        self.py.append("    " * ind + s)

    def C(self, ind, s):
        self.c.append("    " * ind + s)

    def run(self):
        self.py.append(PY_PRELUDE.replace("SHOW_CONTEXT", str(self.context)))
        self.c.append(C_PRELUDE.replace("SHOW_CONTEXT", "1" if self.context else "0"))
        for f in self.fns:
            self.function(f)
        for s in self.scen:
            self.scenario(s)
        self.P(0, "async def amain():")
        self.C(0, "async int amain(void)")
        self.C(0, "{")
        for s in self.scen:
            self.P(1, "await %s()" % s[1])
            self.C(1, "await %s();" % s[1])
        if self.drain:
            self.P(1, "for _ in range(20):")
            self.P(2, "await asyncio.sleep(0)")
            self.C(1, "for (int i = 0; i < 20; i++)")
            self.C(2, "await ac_sleep(0);")
        self.P(1, 'print("done")')
        self.C(1, 'printf("done\\n");')
        self.P(1, "return 0")
        self.C(1, "return 0;")
        self.C(0, "}")
        self.py.append('''

try:
    sys.exit(asyncio.run(amain()))
except BaseException as e:
    if isinstance(e, SystemExit):
        raise
    show("main", "raised", e)
    sys.exit(1)
''')
        self.c.append('''
int main(void)
{
    int rc = 0;
    if (ac_run(amain(), &rc) < 0) {
        ac_exc *e = ac_err_fetch();
        show("main", "raised", e);
        ac_decref(e);
        return 1;
    }
    return rc;
}
''')
        return "\n".join(self.py) + "\n", "\n".join(self.c) + "\n"

    # ---- functions -----------------------------------------------------
    def function(self, f):
        # C needs a callee defined before its caller: print in reverse
        # order (the C list is reassembled below).
        if f.kind == "gen":
            self.P(0, "def %s(p):" % f.name)
            head = "generator(int, int, int) %s(int p)" % f.name
        elif f.kind == "coro":
            self.P(0, "async def %s(p):" % f.name)
            head = "async int %s(int p)" % f.name
        else:
            self.P(0, "async def %s(p):" % f.name)
            head = "async generator(int, int) %s(int p)" % f.name
        self.P(1, "x = p")
        self.P(1, "r = 0")
        saved = self.c
        self.c = []
        self.C(0, head)
        self.C(0, "{")
        self.C(1, "int x = p;")
        self.C(1, "int r = 0;")
        self.C(1, "(void)r;")
        self.f = f
        self.block(f.body, 1)
        if f.kind == "agen":
            self.P(1, 'print("%s end", x)' % f.name)
            self.C(1, 'printf("%s end %%d\\n", x);' % f.name)
        else:
            self.P(1, "return x")
            self.C(1, "return x;")
        self.C(0, "}")
        self.C(0, "")
        self.P(0, "")
        self.P(0, "")
        mine = self.c
        self.c = saved
        # insert before every function printed so far (callers come first
        # in self.fns)
        at = len(self.c) if not hasattr(self, "fn_at") else self.fn_at
        self.fn_at = at
        self.c[at:at] = mine

    def block(self, stmts, ind):
        if not stmts:
            self.P(ind, "pass")
        for s in stmts:
            self.stmt(s, ind)

    def ret_py(self):
        return "return" if self.f.kind == "agen" else "return x"

    def ret_c(self):
        return "return;" if self.f.kind == "agen" else "return x;"

    def stmt(self, s, ind):
        k = s[0]
        P = lambda t: self.P(ind, t)
        C = lambda t: self.C(ind, t)
        if k == "trace":
            P('print("%s", x)' % s[1])
            C('printf("%s %%d\\n", x%s);' % (s[1], " + 1" if self.mutate == s[1] else ""))
        elif k == "assign":
            P("x = (x * %d + %d) %% 1000" % (s[1], s[2]))
            C("x = (x * %d + %d) %% 1000;" % (s[1], s[2]))
        elif k == "raise":
            P('raise %s("%s")' % (s[1], s[2]))
            t = s[1]
            if self.mutate == s[2]:
                t = "IndexError" if t != "IndexError" else "ValueError"
            C('throw ac_exc_new(&%s, "%s");' % (c_type(t), s[2]))
        elif k == "if":
            P("if x %% %d == %d:" % (s[1], s[2]))
            C("if (x %% %d == %d) {" % (s[1], s[2]))
            self.block(s[3], ind + 1)
            if s[4]:
                P("else:")
                C("} else {")
                self.block(s[4], ind + 1)
            C("}")
        elif k == "for":
            P("for %s in range(%d):" % (s[1], s[2]))
            C("for (int %s = 0; %s < %d; %s++) {" % (s[1], s[1], s[2], s[1]))
            self.P(ind + 1, "x = (x + %s) %% 1000" % s[1])
            self.C(ind + 1, "x = (x + %s) %% 1000;" % s[1])
            self.block(s[3], ind + 1)
            C("}")
        elif k == "try":
            _, lab, body, handlers, fin = s
            P("try:")
            C("try {")
            self.block(body, ind + 1)
            for types, e, hb in handlers:
                if len(types) == 1:
                    P("except %s as %s:" % (types[0], e))
                else:
                    P("except (%s) as %s:" % (", ".join(types), e))
                C("} catch (%s %s) {" % (" | ".join(c_type(t) for t in types), e))
                self.P(ind + 1, 'show("%s", "caught", %s)' % (lab, e))
                self.C(ind + 1, 'show("%s", "caught", %s);' % (lab, e))
                self.block(hb, ind + 1)
            if fin is not None:
                P("finally:")
                C("} finally {")
                self.P(ind + 1, 'print("%s finally", x)' % lab)
                self.C(ind + 1, 'printf("%s finally %%d\\n", x);' % lab)
                self.block(fin, ind + 1)
            C("}")
        elif k in ("break", "continue"):
            P(k)
            C(k + ";")
        elif k == "return":
            P(self.ret_py())
            C(self.ret_c())
        elif k == "reraise":
            P("raise")
            C("throw;")
        elif k == "yield":
            P("r = (yield x) or 0")
            P('print("%s got", r)' % s[1])
            C("r = yield x;")
            C('printf("%s got %%d\\n", r);' % s[1])
        elif k == "yield_from":
            _, fn, arg, lab = s
            P("r = yield from %s(%d)" % (fn, arg))
            P('print("%s", r)' % lab)
            C("r = yield from %s(%d);" % (fn, arg))
            C('printf("%s %%d\\n", r);' % lab)
        elif k == "for_in":
            self.loop_in(s, ind, "for", "%s(%d)" % (s[1], s[2]))
        elif k == "async_for":
            self.loop_in(s, ind, "async for", "%s(%d)" % (s[1], s[2]))
        elif k == "sleep0":
            P("await asyncio.sleep(0)")
            C("await ac_sleep(0);")
        elif k == "await":
            _, fn, arg, lab = s
            P("r = await %s(%d)" % (fn, arg))
            P('print("%s", r)' % lab)
            C("r = await %s(%d);" % (fn, arg))
            C('printf("%s %%d\\n", r);' % lab)
        elif k == "task_await":
            _, fn, arg, lab = s
            P("%s = asyncio.create_task(%s(%d))" % (lab, fn, arg))
            P("r = await %s" % lab)
            P('print("%s", r)' % lab)
            C("ac_task *%s = ac_create_task(%s(%d), NULL);" % (lab, fn, arg))
            C("try {")
            self.C(ind + 1, "r = await %s;" % lab)
            C("} finally {")
            self.C(ind + 1, "ac_decref(%s);" % lab)
            C("}")
            C('printf("%s %%d\\n", r);' % lab)
        elif k == "wait_for":
            _, fn, arg, tmo, lab = s
            P("r = await asyncio.wait_for(%s(%d), %d)" % (fn, arg, tmo))
            P('print("%s", r)' % lab)
            C("r = await ac_wait_for(%s(%d), %d.0);" % (fn, arg, tmo))
            C('printf("%s %%d\\n", r);' % lab)
        elif k == "async_with":
            _, lab, fe, fx, sup, body = s
            P('async with Res("%s", %d, %d, %d) as %s:' % (lab, fe, fx, sup, lab))
            self.P(ind + 1, 'print("%s body", %s)' % (lab, lab))
            C('Res %s_res = {&res_ops, "%s", %d, %d, %d};' % (lab, lab, fe, fx, sup))
            C("async with (int %s = &%s_res) {" % (lab, lab))
            self.C(ind + 1, 'printf("%s body %%d\\n", %s);' % (lab, lab))
            self.block(body, ind + 1)
            C("}")
        else:
            raise AssertionError(k)

    def loop_in(self, s, ind, kw, call):
        _, fn, arg, var, brk, lab, body = s
        cnt = lab + "n"
        if brk is not None:
            self.P(ind, "%s = 0" % cnt)
            self.C(ind, "int %s = 0;" % cnt)
        self.P(ind, "%s %s in %s:" % (kw, var, call))
        self.C(ind, "%s (int %s in %s) {" % (kw, var, call))
        self.P(ind + 1, 'print("%s", %s)' % (lab, var))
        self.C(ind + 1, 'printf("%s %%d\\n", %s);' % (lab, var))
        if brk is not None:
            self.P(ind + 1, "if %s == %d:" % (cnt, brk))
            self.P(ind + 2, "break")
            self.C(ind + 1, "if (%s == %d)" % (cnt, brk))
            self.C(ind + 2, "break;")
            self.P(ind + 1, "%s += 1" % cnt)
            self.C(ind + 1, "%s++;" % cnt)
        self.block(body, ind + 1)
        self.C(ind, "}")
        self.P(ind, 'print("%s out", x)' % lab)
        self.C(ind, 'printf("%s out %%d\\n", x);' % lab)

    # ---- scenarios -----------------------------------------------------
    def scenario(self, s):
        k, lab = s[0], s[1]
        self.P(0, "async def %s():" % lab)
        self.C(0, "async void %s(void)" % lab)
        self.C(0, "{")
        self.P(1, 'print("%s %s")' % (lab, k))
        self.C(1, 'printf("%s %s\\n");' % (lab, k))
        self.P(1, "try:")
        self.C(1, "try {")
        getattr(self, "sc_" + k)(s, 2)
        self.P(1, "except BaseException as e:")
        self.P(2, 'show("%s", "caught", e)' % lab)
        self.C(1, "} catch (ac_BaseException e) {")
        self.C(2, 'show("%s", "caught", e);' % lab)
        self.C(1, "}")
        self.C(0, "}")
        self.C(0, "")
        self.P(0, "")
        self.P(0, "")

    def sc_gen_drive(self, s, ind):
        _, lab, fn, arg, acts = s
        self.P(ind, "g = %s(%d)" % (fn, arg))
        self.C(ind, "ac_gen *g = %s(%d);" % (fn, arg))
        self.C(ind, "int v, r;")
        self.C(ind, "(void)v;")
        self.C(ind, "(void)r;")
        for i, a in enumerate(acts + [("close",)]):
            step = "%s.%d" % (lab, i)
            if a[0] == "next":
                self.P(ind, 'gres("%s next", next, g)' % step)
                self.C(ind, "v = -1;")
                self.C(ind, 'r = ac_gen_next(g, &v);')
                self.C(ind, 'gres("%s next", r, v);' % step)
            elif a[0] == "send":
                self.P(ind, 'gres("%s send %d", g.send, %d)' % (step, a[1], a[1]))
                self.C(ind, "v = -1;")
                self.C(ind, "r = ac_gen_send(g, &(int){%d}, &v);" % a[1])
                self.C(ind, 'gres("%s send %d", r, v);' % (step, a[1]))
            elif a[0] == "throw":
                self.P(ind, 'gres("%s throw", g.throw, %s("%s"))' % (step, a[1], a[2]))
                self.C(ind, "v = -1;")
                self.C(ind, 'r = ac_gen_throw(g, ac_exc_new(&%s, "%s"), &v);'
                       % (c_type(a[1]), a[2]))
                self.C(ind, 'gres("%s throw", r, v);' % step)
            else:
                self.P(ind, "try:")
                self.P(ind + 1, "g.close()")
                self.P(ind, "except BaseException as e:")
                self.P(ind + 1, 'show("%s close", "raised", e)' % step)
                self.P(ind, "else:")
                self.P(ind + 1, 'print("%s closed")' % step)
                self.C(ind, "if (ac_gen_close(g) == 0) {")
                self.C(ind + 1, 'printf("%s closed\\n");' % step)
                self.C(ind, "} else {")
                self.C(ind + 1, "ac_exc *e = ac_err_fetch();")
                self.C(ind + 1, 'show("%s close", "raised", e);' % step)
                self.C(ind + 1, "ac_decref(e);")
                self.C(ind, "}")
            self.P(ind, 'gstate("%s", g)' % step)
            self.C(ind, 'gstate("%s", g);' % step)
        self.P(ind, "del g")
        self.C(ind, "ac_decref(g);")

    def sc_agen_drive(self, s, ind):
        _, lab, fn, arg, acts = s
        self.P(ind, "g = %s(%d)" % (fn, arg))
        self.C(ind, "ac_agen *g = %s(%d);" % (fn, arg))
        self.C(ind, "int v;")
        self.C(ind, "(void)v;")
        for i, a in enumerate(acts + [("close",)]):
            step = "%s.%d" % (lab, i)
            if a[0] == "next":
                what, pyaw, caw = "anext", "g.__anext__()", "ac_anext(g)"
            elif a[0] == "send":
                what = "asend %d" % a[1]
                pyaw, caw = "g.asend(%d)" % a[1], "ac_asend(g, &(int){%d})" % a[1]
            elif a[0] == "throw":
                what = "athrow"
                pyaw = 'g.athrow(%s("%s"))' % (a[1], a[2])
                caw = 'ac_athrow(g, ac_exc_new(&%s, "%s"))' % (c_type(a[1]), a[2])
            else:
                what, pyaw, caw = "aclose", "g.aclose()", "ac_aclose(g)"
            self.P(ind, "try:")
            self.C(ind, "try {")
            if a[0] == "close":
                self.P(ind + 1, "await %s" % pyaw)
                self.P(ind + 1, 'print("%s %s done")' % (step, what))
                self.C(ind + 1, "await %s;" % caw)
                self.C(ind + 1, 'printf("%s %s done\\n");' % (step, what))
            else:
                # the C API has no None: an await that completes without a
                # value (athrow on a finished generator) reads as 0
                self.P(ind + 1, "v = (await %s) or 0" % pyaw)
                self.P(ind + 1, 'print("%s %s yielded", v)' % (step, what))
                self.C(ind + 1, "v = await %s;" % caw)
                self.C(ind + 1, 'printf("%s %s yielded %%d\\n", v);' % (step, what))
            self.P(ind, "except StopAsyncIteration:")
            self.P(ind + 1, 'print("%s %s stop")' % (step, what))
            self.P(ind, "except BaseException as e:")
            self.P(ind + 1, 'show("%s %s", "raised", e)' % (step, what))
            self.C(ind, "} catch (ac_StopAsyncIteration) {")
            self.C(ind + 1, 'printf("%s %s stop\\n");' % (step, what))
            self.C(ind, "} catch (ac_BaseException e) {")
            self.C(ind + 1, 'show("%s %s", "raised", e);' % (step, what))
            self.C(ind, "}")
        self.P(ind, "del g")
        self.C(ind, "ac_decref(g);")

    def sc_gen_for(self, s, ind):
        self.for_scen(s, ind, "for")

    def sc_agen_for(self, s, ind):
        self.for_scen(s, ind, "async for")

    def for_scen(self, s, ind, kw):
        _, lab, fn, arg, brk = s
        self.P(ind, "n = 0")
        self.C(ind, "int n = 0;")
        self.P(ind, "%s v in %s(%d):" % (kw, fn, arg))
        self.C(ind, "%s (int v in %s(%d)) {" % (kw, fn, arg))
        self.P(ind + 1, 'print("%s item", v)' % lab)
        self.C(ind + 1, 'printf("%s item %%d\\n", v);' % lab)
        if brk is not None:
            self.P(ind + 1, "if n == %d:" % brk)
            self.P(ind + 2, "break")
            self.C(ind + 1, "if (n == %d)" % brk)
            self.C(ind + 2, "break;")
        self.P(ind + 1, "n += 1")
        self.C(ind + 1, "n++;")
        self.C(ind, "}")
        self.P(ind, 'print("%s out", n)' % lab)
        self.C(ind, 'printf("%s out %%d\\n", n);' % lab)

    def sc_coro(self, s, ind):
        _, lab, fn, arg = s
        self.P(ind, 'print("%s result", await %s(%d))' % (lab, fn, arg))
        self.C(ind, "int v = await %s(%d);" % (fn, arg))
        self.C(ind, 'printf("%s result %%d\\n", v);' % lab)

    def await_task(self, ind, t, lab):
        self.P(ind, "try:")
        self.P(ind + 1, 'print("%s result", await %s)' % (lab, t))
        self.P(ind, "except BaseException as e:")
        self.P(ind + 1, 'show("%s", "raised", e)' % lab)
        self.C(ind, "try {")
        self.C(ind + 1, "int v = await %s;" % t)
        self.C(ind + 1, 'printf("%s result %%d\\n", v);' % lab)
        self.C(ind, "} catch (ac_BaseException e) {")
        self.C(ind + 1, 'show("%s", "raised", e);' % lab)
        self.C(ind, "}")

    def sc_gather(self, s, ind):
        _, lab, calls = s
        names = ["t%d" % i for i in range(len(calls))]
        for t, (fn, arg) in zip(names, calls):
            self.P(ind, "%s = asyncio.create_task(%s(%d))" % (t, fn, arg))
            self.C(ind, "ac_task *%s = ac_create_task(%s(%d), NULL);" % (t, fn, arg))
            self.C(ind, "ac_incref(%s);" % t)
        self.C(ind, "void *aws[%d] = {%s};" % (len(names), ", ".join(names)))
        self.P(ind, "try:")
        self.P(ind + 1, "await asyncio.gather(%s)" % ", ".join(names))
        self.P(ind + 1, 'print("%s gathered")' % lab)
        self.P(ind, "except BaseException as e:")
        self.P(ind + 1, 'show("%s gather", "raised", e)' % lab)
        self.C(ind, "try {")
        self.C(ind + 1, "await ac_gather(aws, %d);" % len(names))
        self.C(ind + 1, 'printf("%s gathered\\n");' % lab)
        self.C(ind, "} catch (ac_BaseException e) {")
        self.C(ind + 1, 'show("%s gather", "raised", e);' % lab)
        self.C(ind, "}")
        for t in names:
            self.await_task(ind, t, "%s %s" % (lab, t))
            self.C(ind, "ac_decref(%s);" % t)

    def sc_cancel(self, s, ind):
        _, lab, fn, arg, k = s
        self.P(ind, "t = asyncio.create_task(%s(%d))" % (fn, arg))
        self.C(ind, "ac_task *t = ac_create_task(%s(%d), NULL);" % (fn, arg))
        for _ in range(k):
            self.P(ind, "await asyncio.sleep(0)")
            self.C(ind, "await ac_sleep(0);")
        self.P(ind, 'print("%s cancel", t.cancel())' % lab)
        self.C(ind, 'printf("%s cancel %%s\\n", ac_task_cancel(t, NULL) ? "True" : "False");'
               % lab)
        self.await_task(ind, "t", lab)
        self.P(ind, 'print("%s cancelled", t.cancelled())' % lab)
        self.C(ind, 'printf("%s cancelled %%s\\n", ac_task_cancelled(t) ? "True" : "False");' % lab)
        self.C(ind, "ac_decref(t);")

    def sc_wait_for(self, s, ind):
        _, lab, fn, arg, tmo = s
        self.P(ind, 'print("%s result", await asyncio.wait_for(%s(%d), %d))'
               % (lab, fn, arg, tmo))
        self.C(ind, "int v = await ac_wait_for(%s(%d), %d.0);" % (fn, arg, tmo))
        self.C(ind, 'printf("%s result %%d\\n", v);' % lab)


def generate(seed, profile="full", mutate=None):
    g = Gen(seed, profile)
    scen = g.program()
    header = "seed %d, profile %s" % (seed, profile)
    py, c = Printer(g.fns, scen, mutate, not g.ok("shutdown_pending"),
                    g.ok("context")).run()
    return ("# difftest program: %s\n" % header + py,
            "/* difftest program: %s */\n" % header + c)


def raise_labels(seed, profile="full"):
    """The labels of the program's `raise` statements (for --mutate)."""
    g = Gen(seed, profile)
    g.program()
    found = set()

    def walk(node):
        if isinstance(node, tuple) and node and node[0] == "raise":
            found.add(node[2])
        if isinstance(node, (list, tuple)):
            for n in node:
                walk(n)
    for f in g.fns:
        walk(f.body)
    return found


def main(argv):
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("seed", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--profile", default="full", choices=sorted(PROFILES))
    ap.add_argument("--mutate")
    a = ap.parse_args(argv)
    py, c = generate(a.seed, a.profile, a.mutate)
    with open("%s/p%d.py" % (a.outdir, a.seed), "w") as f:
        f.write(py)
    with open("%s/p%d.ac" % (a.outdir, a.seed), "w") as f:
        f.write(c)


if __name__ == "__main__":
    main(sys.argv[1:])
