#!/usr/bin/env bash
# translate_limits.sh - the translator's limits are errors, not crashes
# (issue 13 item 3; docs/BUILDING.md, "Limits"): nesting past
# AC_MAX_NESTING (10,000 levels of the syntax tree) in blocks, parentheses
# or a chain of operators is `file:line:col: error: nesting exceeds the
# limit of 10000 ...`, exit 1, the output file untouched; nesting within
# the limit translates; an input or included .ah past 64 MiB (/dev/zero)
# stops with an error naming the limit instead of exhausting memory.
# The inputs are generated here.
set -uo pipefail
: "${ASYNCC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/translate_limits.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$work" || exit 1

# gen SHAPE N: a generator nesting N deep in the given shape
gen() {
    awk -v shape="$1" -v n="$2" 'BEGIN {
        print "generator(int) g(int x) {"
        if (shape == "blocks") {
            for (i = 0; i < n; i++) printf "{"
            print "yield x;"
            for (i = 0; i < n; i++) printf "}"
        } else if (shape == "parens") {
            printf "yield "
            for (i = 0; i < n; i++) printf "("
            printf "x"
            for (i = 0; i < n; i++) printf ")"
            print ";"
        } else if (shape == "elseif") {
            for (i = 0; i < n / 2; i++)
                printf "%sif (x == %d) yield %d;\n", i ? "else " : "", i, i
        } else if (shape == "sum") {
            printf "yield x"
            for (i = 0; i < n; i++) printf " + x"
            print ";"
        }
        print "\n}"
    }'
}

# too deep: exit 1, one located error naming the limit, output untouched
for shape in blocks parens sum elseif; do
    for n in 11000 100000; do
        gen $shape $n >deep.ac
        echo "keep me" >deep.c
        "$ASYNCC" deep.ac -o deep.c >out.txt 2>err.txt
        rc=$?
        [ $rc -eq 1 ] || fail "$shape x$n: exit $rc, not 1 ($(head -c 200 err.txt))"
        grep -Eq '^deep\.ac:[0-9]+:[0-9]+: error: nesting exceeds the limit of 10000 levels' err.txt ||
            fail "$shape x$n: no located nesting error: $(head -c 300 err.txt)"
        [ "$(cat deep.c)" = "keep me" ] || fail "$shape x$n: the output was touched"
    done
    # within the limit (with room for the function around it): translates
    gen $shape 9900 >ok.ac
    "$ASYNCC" ok.ac -o ok.c 2>err.txt ||
        fail "$shape x9900: exit $? ($(head -c 300 err.txt))"
done

# /dev/zero as the input: the size limit, exit 2 (cannot read), no output
echo "keep me" >z.c
"$ASYNCC" /dev/zero -o z.c 2>err.txt
rc=$?
[ $rc -eq 2 ] || fail "/dev/zero: exit $rc, not 2"
grep -q "cannot read '/dev/zero': larger than the limit of 64 MiB" err.txt ||
    fail "/dev/zero: $(head -c 300 err.txt)"
[ "$(cat z.c)" = "keep me" ] || fail "/dev/zero: the output was touched"
# ... and from a pipe
head -c $((65 * 1024 * 1024)) /dev/zero | "$ASYNCC" - -o z.c 2>err.txt
rc=$?
[ $rc -eq 2 ] && grep -q "larger than the limit of 64 MiB" err.txt ||
    fail "stdin past 64 MiB: exit $rc, $(head -c 300 err.txt)"

# /dev/zero as an included .ah: a located error, exit 1
ln -s /dev/zero zero.ah
printf '#include "zero.ah"\nint main(void) { return 0; }\n' >inc.ac
"$ASYNCC" inc.ac -o inc.c 2>err.txt
rc=$?
[ $rc -eq 1 ] || fail "zero.ah: exit $rc, not 1"
grep -q "^inc.ac:1:10: error: 'zero.ah': larger than the limit of 64 MiB" err.txt ||
    fail "zero.ah: $(head -c 300 err.txt)"
[ ! -e inc.c ] || fail "zero.ah: an output was written"

[ $fails -eq 0 ] || exit 1
echo "translate_limits: ok"
