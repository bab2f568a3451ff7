#!/usr/bin/env bash
# bench/http.sh - the HTTP/1.1 keep-alive hello server (examples/
# http_hello.ac) under wrk, against the same server in Python asyncio
# (examples/http_hello.py).  Bounded: DURATION seconds per server (default
# 5), CONNS connections (default 64), THREADS wrk threads (default: half
# the cores, at least one: with more, wrk and the one-threaded server
# fight over the cores and the server's preemptions make the latency
# tail); 127.0.0.1 only.
# Prints numbers only: "name requests_per_second server_cpu_us_per_request
# latency_p50 p90 p99" (wrk --latency's distribution, with its units)
# (wrk shares the cores: the CPU the server spent per request says more
# than the rate when wrk is the bottleneck).
#   usage: bench/http.sh [BUILD_DIR]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${BUILD_DIR:-$root/build}}
duration=${DURATION:-5}
conns=${CONNS:-64}
threads=${THREADS:-$(($(nproc) / 2 > 0 ? $(nproc) / 2 : 1))}
work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk not installed" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# utime + stime of a process, in clock ticks.
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}

# bench NAME CMD...: start the server, wait for its banner, run wrk.
bench() {
    local name=$1
    shift
    local port
    port=$(free_port)
    "$@" serve "$port" >"$work/$name.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        grep -q serving "$work/$name.log" && break
        sleep 0.05
    done
    local rps reqs ticks0 ticks1
    ticks0=$(cpu_ticks "$server_pid")
    wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:$port/" \
        >"$work/$name.wrk" 2>&1
    ticks1=$(cpu_ticks "$server_pid")
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$work/$name.wrk")
    reqs=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/$name.wrk")
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
    local us=FAILED
    [ -n "$reqs" ] && [ "$reqs" -gt 0 ] &&
        us=$(( (ticks1 - ticks0) * 1000000 / $(getconf CLK_TCK) / reqs ))
    local lat
    lat=$(awk '$1 == "50%" || $1 == "90%" || $1 == "99%" {printf " %s", $2}' \
        "$work/$name.wrk")
    echo "$name ${rps:-FAILED} $us${lat}"
}

if "$build/asyncc" "$root/examples/http_hello.ac" -o "$work/http_hello.c" &&
    cc -std=c99 -O2 -I "$root/runtime/include" "$work/http_hello.c" \
        "$build/libasyncc.a" -lpthread -lm -o "$work/http_hello"; then
    bench asyncc "$work/http_hello"
else
    echo "asyncc NOT-BUILT"
fi
bench python-asyncio python3 "$root/examples/http_hello.py"
