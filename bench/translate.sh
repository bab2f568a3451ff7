#!/usr/bin/env bash
# bench/translate.sh - translation time against input size, and
# pass-through speed against gcc.
#
#   1. files of N, 4N and 16N resumable functions (N = 2000): each
#      function awaits the one before it, iterates a generator with for-in
#      and has a try/finally, so every lookup the lowering does is used.
#      Prints the median wall time of RUNS runs of each, and the ratios
#      4N/N and 16N/4N (linear: 4; the target is at most 4.4), and, with
#      valgrind, callgrind instruction counts and their ratios.
#   2. sqlite3.c (scripts/fetch-sqlite.sh), no annotations: asyncc against
#      gcc -fsyntax-only, median of RUNS (target: asyncc at least half as
#      fast as gcc); the same with a generator appended, which makes asyncc
#      parse the whole file.
#
# Environment: BUILD_DIR (build), N (2000), RUNS (5), CALLGRIND (1 with
# valgrind installed, 0 to skip).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
asyncc=$build/asyncc
n=${N:-2000}
runs=${RUNS:-5}
callgrind=${CALLGRIND:-1}
command -v valgrind >/dev/null 2>&1 || callgrind=0
[ -x "$asyncc" ] || { echo "no $asyncc: run scripts/setup.sh" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/translate.XXXXXX")
trap 'rm -rf "$work"' EXIT

# gen COUNT FILE: COUNT generators and COUNT coroutines, each coroutine
# awaiting the previous one.
gen() {
    awk -v n="$1" 'BEGIN {
        print "#include <asyncc.h>"
        for (i = 0; i < n; i++) {
            printf "generator(int) g%d(int n)\n{\n", i
            printf "    for (int i = 0; i < n; i++)\n        yield i + %d;\n}\n", i
            printf "async int c%d(int x)\n{\n    int s = 0;\n", i
            if (i > 0)
                printf "    s += await c%d(x - 1);\n", i - 1
            printf "    for (int v in g%d(x))\n        s += v;\n", i
            printf "    try {\n        await ac_sleep(0);\n    } finally {\n"
            printf "        s++;\n    }\n    return s;\n}\n"
        }
    }' >"$2"
}

# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# secs CMD...: the median wall time of RUNS runs of CMD, in seconds
secs() {
    local t=() i s e
    for ((i = 0; i < runs; i++)); do
        s=$(date +%s.%N)
        "$@" >/dev/null
        e=$(date +%s.%N)
        t+=("$(echo "$e - $s" | bc -l)")
    done
    median "${t[@]}"
}

# instrs CMD...: callgrind's instruction count of CMD
instrs() {
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" \
        >/dev/null 2>"$work/cg.log"
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$work/cg.log"
}

echo "== translation time against size (2 x N functions per file)"
printf '%-8s %10s %12s %8s %16s %8s\n' N bytes "median s" ratio instructions ratio
prev_t= prev_i=
for k in 1 4 16; do
    count=$((n * k))
    gen "$count" "$work/f$k.ac"
    t=$(secs "$asyncc" "$work/f$k.ac" -o "$work/f$k.c")
    i=-
    [ "$callgrind" = 1 ] && [ "$k" -le 4 ] && i=$(instrs "$asyncc" "$work/f$k.ac" -o "$work/f$k.c")
    rt=- ri=-
    [ -n "$prev_t" ] && rt=$(printf '%.2f' "$(echo "$t / $prev_t" | bc -l)")
    [ -n "$prev_i" ] && [ "$i" != - ] && ri=$(printf '%.2f' "$(echo "$i / $prev_i" | bc -l)")
    printf '%-8s %10s %12.3f %8s %16s %8s\n' "$count" "$(wc -c <"$work/f$k.ac")" "$t" "$rt" "$i" "$ri"
    prev_t=$t
    [ "$i" != - ] && prev_i=$i
done

sqlite=$root/third_party/sqlite3/sqlite3.c
if [ ! -f "$sqlite" ]; then
    echo "no $sqlite: run scripts/fetch-sqlite.sh" >&2
    exit 0
fi
echo
echo "== pass-through: sqlite3.c ($(wc -c <"$sqlite") bytes), median of $runs"
cp "$sqlite" "$work/s.c"
{ cat "$sqlite"; printf '\ngenerator(int) ac_g(int n)\n{\n    for (int i = 0; i < n; i++)\n        yield i;\n}\n'; } >"$work/s_gen.ac"
tg=$(secs gcc -fsyntax-only "$work/s.c")
ta=$(secs "$asyncc" "$work/s.c" -o "$work/out.c")
tp=$(secs "$asyncc" "$work/s_gen.ac" -o "$work/out_gen.c")
printf '%-44s %8.3f s\n' "gcc -fsyntax-only sqlite3.c" "$tg"
printf '%-44s %8.3f s  (%.2fx gcc speed)\n' "asyncc sqlite3.c" "$ta" "$(echo "$tg / $ta" | bc -l)"
printf '%-44s %8.3f s  (%.2fx gcc speed)\n' "asyncc sqlite3.c + a generator (full parse)" "$tp" "$(echo "$tg / $tp" | bc -l)"
