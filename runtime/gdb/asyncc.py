# asyncc.py - gdb support for programs translated by asyncc.
#
#   (gdb) source /usr/local/share/asyncc/gdb/asyncc.py   (or in ~/.gdbinit)
#
# print x       a local that lives in a resumable function's frame: the
#               generated code declares `struct { T (*ac_ref); } x`, shown
#               here as the value it points to
# ac-bt         the await chain of the current coroutine: the frame running
#               (or selected) first, then the frames awaiting it, then the
#               task, each with file:line
# ac-tasks      the running loop's pending tasks: name, state, and where
#               each is suspended (its innermost frame and its awaiters)
import gdb

STATES = {0: "PENDING", 1: "FINISHED", 2: "CANCELLED"}  # future.h
GEN_STATUS = {0: "CREATED", 1: "RUNNING", 2: "SUSPENDED", 3: "CLOSED"}


# ---- print x ------------------------------------------------------------

class _RefPrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        return self.val["ac_ref"].dereference()


def _lookup(val):
    t = val.type.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT:
        return None
    fields = t.fields()
    if len(fields) == 1 and fields[0].name == "ac_ref":
        return _RefPrinter(val)
    return None


gdb.pretty_printers.append(_lookup)


# ---- frames --------------------------------------------------------------

def _frame_ptr(v):
    return v.cast(gdb.lookup_type("ac_frame").pointer())


def _cstr(v):
    try:
        return v.string() if int(v) else "?"
    except gdb.error:
        return "?"


def _selected_resume():
    """The ac_frame * of the innermost resume function on the stack at or
    above the selected frame, and the line gdb is stopped at there."""
    f = gdb.selected_frame()
    while f is not None:
        name = f.name() or ""
        if name.endswith("__resume"):
            try:
                return _frame_ptr(f.read_var("ac_f")), f.find_sal().line
            except (gdb.error, ValueError):
                pass
        f = f.older()
    return None, 0


def _frame_line(fp):
    """The line of fp's resume point (its code's table, ac_code.lines),
    or of its definition before it runs, as ac__frame_lineno."""
    code = fp["code"]
    state, lines = int(fp["state"]), code["lines"]
    if int(fp["status"]) == 0 or not int(lines) or not 0 < state < int(code["nlines"]):
        return int(code["line"])
    return int(lines[state])


def _describe(fp, line=None):
    code = fp["code"]
    if line is None:
        line = _frame_line(fp)
    return "%s at %s:%d" % (_cstr(code["name"]), _cstr(code["file"]), line)


def _awaited(fp):
    """The frame fp awaits, when it is linked in its await chain."""
    w = fp["waiting"]
    if not int(w):
        return None
    try:
        wf = _frame_ptr(w)
        # ac_object's kind: frames of coroutines link back through awaiter
        if int(wf["awaiter"]) == int(fp):
            return wf
    except gdb.error:
        pass
    return None


def _loop():
    # The thread's loop (loop.c's ac__loop_running; ac__running_loop is
    # inline, not a function gdb can call).
    for expr in ("ac__loop_running", "'loop.c'::ac__loop_running"):
        try:
            v = gdb.parse_and_eval(expr)
            if int(v):
                return v
        except gdb.error:
            continue
    return None


def _task_name(t):
    """A name given (or formatted once asked for) is in task_name.c's
    table, by the task's address; the others are Task-<number>."""
    if int(t["fut"]["named"]):
        try:
            table = gdb.parse_and_eval("'task_name.c'::ac__task_names")
            n = int(table["nbuckets"])
            for i in range(n):
                e = table["buckets"][i]
                while int(e):
                    if int(e["task"]) == int(t):
                        return e["name"].string()
                    e = e["next"]
        except gdb.error:
            pass
    return "Task-%d" % int(t["step"]["owner_word"])


def _task_coro(t):
    """As ac__task_coro: the frame right behind a task in its room, else
    the one word past the struct."""
    if int(t["fut"]["in_room"]):
        room = (t.dereference().type.sizeof + 15) // 16 * 16  # AC__TASK_ROOM
        at = t.cast(gdb.lookup_type("char").pointer()) + room
        return at.cast(gdb.lookup_type("ac_frame").pointer())
    return t["coro_apart"][0]


def _pending_tasks(loop):
    """The loop's pending tasks: its vector (loop.h), from the last."""
    n = min(int(loop["ntasks"]), 1000000)
    for i in range(n - 1, -1, -1):
        t = loop["tasks"][i]
        if int(t):
            yield t


def _task_of(top):
    loop = _loop()
    if loop is None:
        return None
    for t in _pending_tasks(loop):
        if int(_task_coro(t)) == int(top):
            return t
    cur = loop["current_task"]
    if int(cur) and int(_task_coro(cur)) == int(top):
        return cur
    return None


class AcBt(gdb.Command):
    """ac-bt: the await chain of the current coroutine, innermost first."""

    def __init__(self):
        super().__init__("ac-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        fp, line = _selected_resume()
        if fp is None:
            loop = _loop()
            task = loop["current_task"] if loop is not None else None
            if task is None or not int(task) or not int(task["leaf"]):
                print("no coroutine on the stack and no current task")
                return
            fp, line = task["leaf"], None
        n = 0
        print("#%d %s" % (n, _describe(fp, line)))
        top = fp
        aw = fp["awaiter"]
        while int(aw):
            n += 1
            aw = _frame_ptr(aw)
            print("#%d %s" % (n, _describe(aw)))
            top = aw
            aw = aw["awaiter"]
        task = _task_of(top)
        if task is not None:
            print("   task %s (%s)" % (_task_name(task),
                                       STATES.get(int(task["fut"]["state"]),
                                                  "?")))


class AcTasks(gdb.Command):
    """ac-tasks: the running loop's pending tasks, where each waits."""

    def __init__(self):
        super().__init__("ac-tasks", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        loop = _loop()
        if loop is None:
            print("no running loop")
            return
        cur = int(loop["current_task"])
        for t in _pending_tasks(loop):
            state = STATES.get(int(t["fut"]["state"]), "?")
            mark = "*" if int(t) == cur else " "
            leaf = t["leaf"]
            if int(t) == cur:
                where = "running"
                fp, line = _selected_resume()
                if fp is not None:
                    where = "running in " + _describe(fp, line)
            elif not int(leaf):
                where = "not started: " + _describe(_task_coro(t))
            else:
                chain = [_describe(leaf)]
                aw = leaf["awaiter"]
                while int(aw):
                    aw = _frame_ptr(aw)
                    chain.append(_describe(aw))
                    aw = aw["awaiter"]
                where = "suspended in " + " <- ".join(chain)
            print("%s %s %s %s" % (mark, _task_name(t), state, where))


AcBt()
AcTasks()
