#!/usr/bin/env bash
# bench/await_depth.sh - the per-resume cost of a task suspended at await
# depth 1, 10 and 100 (a chain of d coroutines, the innermost awaiting
# ac_sleep(0) N times), all in one run.  The driver resumes the innermost
# frame directly (docs/DESIGN.md, coroutine chains), so the cost should not
# grow with the depth: target depth100/depth1 within 1.3x.
# Prints ns per resume (median of RUNS) and, with valgrind installed,
# instructions per resume: callgrind's total at N = CG_N minus the total
# at N = 0 (start-up and building the chain), over CG_N.
# Environment: N (1000000), RUNS (5), CG_N (20000), BUILD_DIR (build).
# Numbers, never a test.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
n=${N:-1000000}
runs=${RUNS:-5}
cg_n=${CG_N:-20000}
depths=(1 10 100)
out=$build/bench/await_depth
[ -x "$build/asyncc" ] || {
    echo "no $build/asyncc: run scripts/setup.sh first" >&2
    exit 1
}
mkdir -p "$out"

"$build/asyncc" "$here/await_depth.ac" -o "$out/await_depth.c"
cc -O2 -std=c99 -Wall -Wextra -D_POSIX_C_SOURCE=200809L \
    -I "$root/runtime/include" "$out/await_depth.c" "$build/libasyncc.a" \
    -lpthread -lm -o "$out/await_depth"

echo "await depth: N = $n resumes per depth, median of $runs runs," \
    "$(nproc) cores"
echo "runtime: $(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt")"
for ((i = 0; i < runs; i++)); do
    "$out/await_depth" "$n" "${depths[@]}"
done | python3 -c '
import sys
times = {}
for line in sys.stdin:
    depth, n, secs = line.split()
    times.setdefault(int(depth), []).append(float(secs) * 1e9 / int(n))
med = {d: sorted(v)[len(v) // 2] for d, v in times.items()}
print("%6s %10s" % ("depth", "ns/resume"))
for d in sorted(med):
    print(f"{d:>6} {med[d]:>10.1f}")
base = med[min(med)]
print("  ".join(f"depth{d}/depth1 = {med[d] / base:.2f}x"
                for d in sorted(med) if d != min(med)))'

command -v valgrind >/dev/null || exit 0
# instructions CMD...: callgrind's total instruction count of CMD.
instructions() {
    local f="$out/callgrind.out"
    valgrind --tool=callgrind --callgrind-out-file="$f" "$@" >/dev/null 2>&1
    sed -n 's/^summary: *//p' "$f"
}
echo "instructions per resume (callgrind, N = $cg_n):"
declare -A per
for d in "${depths[@]}"; do
    full=$(instructions "$out/await_depth" "$cg_n" "$d")
    empty=$(instructions "$out/await_depth" 0 "$d")
    per[$d]=$(((full - empty) / cg_n))
    printf '%6d %10d\n' "$d" "${per[$d]}"
done
for d in "${depths[@]:1}"; do
    python3 -c "print(f'depth$d/depth1 = {${per[$d]} / ${per[1]}:.2f}x', end='  ')"
done
echo
