#!/usr/bin/env bash
# bench/sync.sh - synchronisation primitives: a queue ping-pong between two
# tasks (N items each way) and a lock handed between T = 1000 tasks (each
# takes it R times, holding it across one sleep(0)), as operations per
# second of asyncc, asyncio and uvloop (the Debian package python3-uvloop;
# skipped with a message when it is not installed).  The runs alternate
# (asyncc, asyncio, uvloop, asyncc, ...) so that a noisy neighbour slows
# all alike; prints the median rate of RUNS runs of each and the ratios.
# Python runs PY_N items / PY_R rounds: the rate is what is compared.
# Environment: N (1000000), PY_N (100000), T (1000), R (100), PY_R (10),
# RUNS (5), BUILD_DIR (build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
n=${N:-1000000}
py_n=${PY_N:-100000}
tasks=${T:-1000}
rounds=${R:-100}
py_rounds=${PY_R:-10}
runs=${RUNS:-5}
py=/usr/bin/python3
out=$build/bench/sync
[ -x "$build/asyncc" ] || {
    echo "no $build/asyncc: run scripts/setup.sh first" >&2
    exit 1
}
mkdir -p "$out"

"$build/asyncc" "$here/sync.ac" -o "$out/sync.c"
cc -O2 -std=c99 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -I "$root/runtime/include" "$out/sync.c" \
    "$build/libasyncc.a" -lpthread -lm -o "$out/sync"

impls=(asyncc asyncio)
if "$py" -c 'import uvloop' 2>/dev/null; then
    impls+=(uvloop)
else
    echo "uvloop: not installed (apt-get install python3-uvloop), skipped"
fi

# run IMPL BENCH: one run, prints "OPS SECONDS".
run() {
    local impl=$1 bench=$2 c_args py_args
    if [ "$bench" = queue ]; then
        c_args=(queue "$n")
        py_args=(queue "$py_n")
    else
        c_args=(lock "$tasks" "$rounds")
        py_args=(lock "$tasks" "$py_rounds")
    fi
    case $impl in
    asyncc) "$out/sync" "${c_args[@]}" ;;
    asyncio) "$py" "$here/sync.py" "${py_args[@]}" ;;
    uvloop) "$py" "$here/sync.py" --uvloop "${py_args[@]}" ;;
    esac
}

echo "sync: queue ping-pong and a lock among $tasks tasks, median of $runs" \
    "interleaved runs, $(nproc) cores"
echo "runtime: $(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt")," \
    "$("$py" --version)"
results=$out/results.txt
: >"$results"
for ((i = 0; i < runs; i++)); do
    for bench in queue lock; do
        for impl in "${impls[@]}"; do
            echo "$bench $impl $(run "$impl" "$bench")" >>"$results"
        done
    done
done
"$py" - "$results" "${impls[@]}" <<'PY'
import statistics
import sys

rates = {}
for line in open(sys.argv[1]):
    bench, impl, ops, secs = line.split()
    rates.setdefault((bench, impl), []).append(int(ops) / float(secs))
impls = sys.argv[2:]
print(f"{'':8}" + "".join(f"{i + ' ops/s':>18}" for i in impls)
      + "".join(f"{'asyncc/' + i:>16}" for i in impls[1:]))
for bench in ("queue", "lock"):
    med = {i: statistics.median(rates[(bench, i)]) for i in impls}
    print(f"{bench:8}" + "".join(f"{med[i]:18,.0f}" for i in impls)
          + "".join(f"{med['asyncc'] / med[i]:15.1f}x" for i in impls[1:]))
PY
