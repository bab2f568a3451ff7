#!/usr/bin/env bash
# bench/tasks.sh - task switches: N tasks (1e6) each awaiting ac_sleep(0)
# ten times, all alive at once, against the same program in Python asyncio
# (PY_N tasks, 1e5: the rate is what is compared).  Prints switches per
# second (one switch = one await of sleep(0) that suspends and resumes),
# their ratio, and the peak RSS per task (getrusage; the RSS before the run
# subtracted).  Median of RUNS runs.
# Environment: N (1000000), PY_N (100000), RUNS (3), BUILD_DIR (build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
n=${N:-1000000}
py_n=${PY_N:-100000}
runs=${RUNS:-3}
out=$build/bench/tasks
[ -x "$build/asyncc" ] || {
    echo "no $build/asyncc: run scripts/setup.sh first" >&2
    exit 1
}
mkdir -p "$out"

"$build/asyncc" "$here/tasks.ac" -o "$out/tasks.c"
cc -O2 -std=c99 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -I "$root/runtime/include" "$out/tasks.c" \
    "$build/libasyncc.a" -lpthread -lm -o "$out/tasks"

# measure CMD...: RUNS runs; prints the run with the median rate as
# "tasks switches seconds rate bytes_per_task".
measure() {
    local i
    for ((i = 0; i < runs; i++)); do
        "$@"
    done | python3 -c '
import sys
rows = []
for line in sys.stdin:
    tasks, switches, secs, peak, base = line.split()
    tasks, switches, secs = int(tasks), int(switches), float(secs)
    rows.append((switches / secs, tasks, switches, secs,
                 (int(peak) - int(base)) * 1024 / tasks))
rows.sort()
rate, tasks, switches, secs, per_task = rows[len(rows) // 2]
print(tasks, switches, secs, rate, per_task)'
}

echo "tasks: 10 x sleep(0) per task, median of $runs runs, $(nproc) cores"
echo "runtime: $(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt")," \
    "$(python3 --version)"
read -r c_tasks c_sw c_secs c_rate c_bytes < <(measure "$out/tasks" "$n")
read -r p_tasks p_sw p_secs p_rate p_bytes < <(measure python3 "$here/tasks.py" "$py_n")
printf '%-8s %9s %10s %8s %14s %12s\n' "" tasks switches seconds \
    switches/s "RSS/task"
printf '%-8s %9d %10d %8.3f %14.0f %10.0f B\n' asyncc "$c_tasks" "$c_sw" \
    "$c_secs" "$c_rate" "$c_bytes"
printf '%-8s %9d %10d %8.3f %14.0f %10.0f B\n' asyncio "$p_tasks" "$p_sw" \
    "$p_secs" "$p_rate" "$p_bytes"
python3 -c "print(f'switch rate asyncc/asyncio = {$c_rate / $p_rate:.1f}x,' \
    f' memory per task asyncio/asyncc = {$p_bytes / max($c_bytes, 1):.1f}x')"
