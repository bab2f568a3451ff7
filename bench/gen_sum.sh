#!/usr/bin/env bash
# bench/gen_sum.sh - the cost of one generator step, side by side:
#   asyncc   for (long v in count(n)) over a generator translated by asyncc
#   plain    a plain C loop doing the same work
#   switch   a hand-written switch state machine
#   c++20    a C++20 coroutine generator (g++ -std=c++20)
# All at -O2; each prints its sum (checked equal) and ns/item of its loop;
# the median of RUNS runs is reported.  With valgrind present, also the
# instructions per item (callgrind, n = CG_N, minus the n = 0 baseline).
# Environment: N (1e8), RUNS (5), CG_N (1e6; 0 = skip), BUILD_DIR (build),
# CC (cc) for the C variants, CXX (g++) for the C++20 one.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
n=${N:-100000000}
runs=${RUNS:-5}
cg_n=${CG_N:-1000000}
cc=${CC:-cc}
cxx=${CXX:-g++} # clang++ 14 rejects gen_sum_coro.cpp (its copy is deleted)
out=$build/bench/gen_sum
[ -x "$build/asyncc" ] || {
    echo "no $build/asyncc: run scripts/setup.sh first" >&2
    exit 1
}
mkdir -p "$out"

# The generated C includes <asyncc.h> first: feature macros go on the
# command line.
cflags=(-O2 -std=c99 -Wall -Wextra -D_POSIX_C_SOURCE=200809L)
"$build/asyncc" "$here/gen_sum.ac" -o "$out/gen_sum.c"
"$cc" "${cflags[@]}" -I "$root/runtime/include" "$out/gen_sum.c" \
    "$build/libasyncc.a" -lpthread -lm -o "$out/asyncc"
"$cc" "${cflags[@]}" "$here/gen_sum_plain.c" -o "$out/plain"
"$cc" "${cflags[@]}" "$here/gen_sum_switch.c" -o "$out/switch"
"$cxx" -O2 -std=c++20 -Wall "$here/gen_sum_coro.cpp" -o "$out/c++20"

# median_ns NAME: runs it RUNS times, checks the sum, prints the median.
want=$(python3 -c "print($n * ($n - 1) // 2)")
median_ns() {
    local i sum ns all=()
    for ((i = 0; i < runs; i++)); do
        read -r sum ns < <("$out/$1" "$n")
        [ "$sum" = "$want" ] || {
            echo "$1: sum $sum, want $want" >&2
            exit 1
        }
        all+=("$ns")
    done
    printf '%s\n' "${all[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p"
}

# instr_per_item NAME: (Ir at n=CG_N - Ir at n=0) / CG_N under callgrind.
instr_per_item() {
    local ir0 ir1
    ir0=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$out/$1" 0 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
    ir1=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$out/$1" "$cg_n" 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
    python3 -c "print(f'{($ir1 - $ir0) / $cg_n:.1f}')"
}

echo "gen_sum: n = $n, median of $runs runs, $("$cc" --version | head -1) / $cxx -O2, $(nproc) cores"
echo "runtime: $(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt")"
printf '%-8s %10s %12s\n' variant ns/item instr/item
declare -A ns
for v in asyncc plain switch c++20; do
    ns[$v]=$(median_ns "$v")
    ipi=-
    if [ "$cg_n" != 0 ] && command -v valgrind >/dev/null; then
        ipi=$(instr_per_item "$v")
    fi
    printf '%-8s %10.3f %12s\n' "$v" "${ns[$v]}" "$ipi"
done
python3 - "${ns[asyncc]}" "${ns[plain]}" "${ns[switch]}" "${ns[c++20]}" <<'PY'
import sys
a, plain, switch, cpp = map(float, sys.argv[1:])
print(f"asyncc/plain = {a / plain:.2f}   asyncc/switch = {a / switch:.2f}"
      f"   asyncc/c++20 = {a / cpp:.2f}")
PY
