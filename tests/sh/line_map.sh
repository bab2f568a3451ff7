#!/usr/bin/env bash
# line_map.sh - #line directives map every token the programmer wrote back
# to its own .ac line and column (issue 10, item 1): an undeclared
# identifier injected into each operand of yield, await, throw and return
# and into each catch type (of tests/sh/line_map/operands.ac, and of every
# test and example program) is reported there by gcc and clang.  The
# translator's own code maps to the output file itself, asyncc.h is
# included once, and --no-line output compiles.
set -uo pipefail
: "${ASYNCC:?}" "${AC_INCLUDE:?}" "${AC_SRC:?}" "${AC_LIB:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/line_map.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
here="$AC_SRC/tests/sh/line_map"
inject="$here/inject.py"

# every operand of the constructs' file, then of the whole corpus
python3 "$inject" --strict "$ASYNCC" "$AC_INCLUDE" "$work/ops" gcc,clang \
    "$here/operands.ac" || fail "operands.ac: operands on the wrong line"
python3 "$inject" --strict "$ASYNCC" "$AC_INCLUDE" "$work/corpus" gcc,clang \
    "$AC_SRC"/tests/e2e/*.ac "$AC_SRC"/examples/*.ac ||
    fail "corpus: operands on the wrong line"

cd "$work" || exit 1
cp "$here/operands.ac" ops.ac
"$ASYNCC" ops.ac -o ops.c || fail "translation"
# a directive naming the output names the line after it; the translator's
# code (frames, constructors, dispatch, unwinding) is on such lines
awk -v want="ops.c" '
    /^#line [0-9]+ "/ {
        split($0, f, "\""); file = f[2]; n = $2
        if (file == want && n != NR + 1) { print "bad directive at " NR ": " $0; bad = 1 }
        line = n - 1; next
    }
    { line++ }
    /typedef struct [a-z_]*__frame \{|__resume\(ac_frame \*ac_f\)$|^ac_unwind:|ac__frame_new\(|switch \(ac_f->state\)|ac_decref\(ac_fr->ac_hdr\.waiting\);$/ {
        if (file != want) { print "generated line " NR " maps to " file ":" line ": " $0; bad = 1 }
    }
    END { exit bad }' ops.c || fail "the translator's code maps to the .ac file"
n=$(grep -c '^#include <asyncc.h>' ops.c)
[ "$n" -eq 1 ] || fail "asyncc.h included $n times"
sed '/#include <asyncc.h>/d' ops.ac >noinc.ac
"$ASYNCC" noinc.ac -o noinc.c || fail "translation without the include"
n=$(grep -c '^#include <asyncc.h>' noinc.c)
[ "$n" -eq 1 ] || fail "asyncc.h added $n times"

# the program compiles warning-free and runs: mapped and --no-line
"$ASYNCC" --no-line ops.ac -o plain.c || fail "--no-line"
! grep -q '^#line' plain.c || fail "--no-line wrote #line"
for cc in gcc clang tcc; do
    command -v $cc >/dev/null || { fail "$cc missing"; continue; }
    for c in ops.c plain.c; do
        $cc -std=c99 -Wall -Wextra -pedantic -Werror -I "$AC_INCLUDE" \
            -c $c -o prog.o || { fail "$cc $c"; continue; }
        # tcc links against a library another compiler built poorly
        [ $cc = tcc ] && continue
        $cc prog.o "$AC_LIB" -o prog -lpthread -lm || fail "$cc $c: link"
        ./prog >out.txt || fail "$cc $c: run"
    done
done
exit $((fails > 0))
