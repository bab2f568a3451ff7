#!/usr/bin/env bash
# gdb_debug.sh - debugging a translated program with gdb on its .ac lines
# (issue 10, item 2): a breakpoint on a statement of a resumable function
# resolves to that statement; `next` walks the body's lines in order;
# `print x` shows a local (or parameter) that lives in the frame; with
# runtime/gdb/asyncc.py, ac-bt prints the await chain (leaf, awaiters,
# task) and ac-tasks the loop's tasks with their state and where each is
# suspended.
set -uo pipefail
: "${ASYNCC:?}" "${AC_INCLUDE:?}" "${AC_SRC:?}" "${AC_LIB:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/gdb_debug.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
command -v gdb >/dev/null || { echo "FAIL: gdb is not installed" >&2; exit 1; }
cd "$work" || exit 1
cp "$AC_SRC/tests/sh/gdb/dbg.ac" dbg.ac
"$ASYNCC" dbg.ac -o dbg.c || exit 1
gcc -std=c99 -g -O0 -Wall -Wextra -Werror -I "$AC_INCLUDE" dbg.c "$AC_LIB" \
    -o dbg -lpthread -lm || exit 1
[ "$(./dbg)" = 42 ] || fail "the program's output"

cat >cmds.gdb <<'GDB'
break dbg.ac:7
break dbg.ac:29
run
print x
next
print y
next
print z
echo ==bt\n
ac-bt
echo ==tasks\n
ac-tasks
echo ==later\n
continue
print got
echo ==tasks2\n
ac-tasks
GDB
timeout 120 gdb -batch -nx -iex "source $AC_SRC/runtime/gdb/asyncc.py" \
    -x cmds.gdb ./dbg >out.txt 2>&1
cat out.txt
want() { grep -qE -- "$1" out.txt || fail "${2:-missing: $1}"; }
# one location, on the .ac file
want '^Breakpoint 1 at 0x[0-9a-f]+: file .*dbg\.ac, line 7\.$' \
    "break dbg.ac:7 is not one location on dbg.ac:7"
want '^Breakpoint 2 at 0x[0-9a-f]+: file .*dbg\.ac, line 29\.$'
want '^Breakpoint 1, leaf__resume .* at .*dbg\.ac:7$'
# next walks 7 -> 8 -> 9 of the body, nothing else in between
awk '/^Breakpoint 1, leaf__resume/ {on = 1; next}
     on && /^[0-9]+\t/ {split($0, f, "\t"); s = s f[1] " "}
     /^==bt/ {on = 0}
     END {print s}' out.txt >lines.txt
[ "$(cat lines.txt)" = "7 8 9 " ] || fail "next walked: $(cat lines.txt)"
want '^\$1 = 20$' "print x (a parameter in the frame)"
want '^\$2 = 40$' "print y (a local in the frame)"
want '^\$3 = 41$' "print z"
# the await chain, innermost first, then the task
sed -n '/^==bt/,/^==tasks/p' out.txt >bt.txt
grep -q '^#0 leaf at dbg.ac:9$' bt.txt || fail "ac-bt: the leaf"
grep -q '^#1 middle at dbg.ac:15$' bt.txt || fail "ac-bt: its awaiter"
grep -q '^#2 amain at dbg.ac:28$' bt.txt || fail "ac-bt: the top"
grep -q 'task Task-1 (PENDING)' bt.txt || fail "ac-bt: the task"
sed -n '/^==tasks$/,/^==later/p' out.txt >tasks.txt
grep -q '^\* Task-1 PENDING running in leaf at dbg.ac:9$' tasks.txt ||
    fail "ac-tasks: the running task"
grep -q '^  worker PENDING not started: worker at dbg.ac:19$' tasks.txt ||
    fail "ac-tasks: the task not started"
want '^\$4 = 42$' "print got after the await"
sed -n '/^==tasks2/,$p' out.txt >tasks2.txt
grep -q '^  worker PENDING suspended in worker at dbg.ac:21$' tasks2.txt ||
    fail "ac-tasks: the suspended task and where"
exit $((fails > 0))
