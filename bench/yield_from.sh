#!/usr/bin/env bash
# bench/yield_from.sh - the cost of one item through a chain of `yield
# from` levels (bench/yield_from.ac), at depth 1 and 10 (issue 12's row:
# depth 10 should cost at most 1.5x depth 1).  Prints, per depth, ns/item
# (median of RUNS runs, n = N) and, with valgrind present, instructions per
# item (callgrind, n = CG_N, minus the n = 0 baseline).
# Environment: N (1e7), RUNS (5), CG_N (1e6; 0 = skip), BUILD_DIR (build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
n=${N:-10000000}
runs=${RUNS:-5}
cg_n=${CG_N:-1000000}
out=$build/bench/yield_from
[ -x "$build/asyncc" ] || {
    echo "no $build/asyncc: run scripts/setup.sh first" >&2
    exit 1
}
mkdir -p "$out"
"$build/asyncc" "$here/yield_from.ac" -o "$out/yield_from.c"
cc -O2 -std=c99 -Wall -Wextra -D_POSIX_C_SOURCE=200809L \
    -I "$root/runtime/include" "$out/yield_from.c" "$build/libasyncc.a" \
    -lpthread -lm -o "$out/yield_from"

want=$(python3 -c "print($n * ($n - 1) // 2)")
median_ns() { # DEPTH
    local i sum ns all=()
    for ((i = 0; i < runs; i++)); do
        read -r sum ns < <("$out/yield_from" "$n" "$1")
        [ "$sum" = "$want" ] || {
            echo "depth $1: sum $sum, want $want" >&2
            exit 1
        }
        all+=("$ns")
    done
    printf '%s\n' "${all[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p"
}

instr_per_item() { # DEPTH
    local ir0 ir1
    ir0=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$out/yield_from" 0 "$1" 2>&1 >/dev/null |
        sed -n 's/.*Collected : //p')
    ir1=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$out/yield_from" "$cg_n" "$1" 2>&1 >/dev/null |
        sed -n 's/.*Collected : //p')
    python3 -c "print(f'{($ir1 - $ir0) / $cg_n:.1f}')"
}

echo "yield_from: n = $n, median of $runs runs, gcc -O2, $(nproc) cores"
printf '%-6s %10s %12s\n' depth ns/item instr/item
declare -A ipi
for d in 0 1 10; do
    ns=$(median_ns "$d")
    ipi[$d]=-
    if [ "$cg_n" != 0 ] && command -v valgrind >/dev/null; then
        ipi[$d]=$(instr_per_item "$d")
    fi
    printf '%-6s %10.2f %12s\n' "$d" "$ns" "${ipi[$d]}"
done
if [ "${ipi[1]}" != - ]; then
    r=$(python3 -c "print(f'{${ipi[10]} / ${ipi[1]}:.2f}')")
    echo "depth 10 / depth 1 = $r (instructions; target <= 1.5)"
fi
