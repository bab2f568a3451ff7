#!/usr/bin/env bash
# bench/peers.sh - asyncc against the fastest peers, one row per runtime
# row of issue 12's table: asyncc's figure, the peer's and their ratio.
# Timed figures are medians of RUNS interleaved rounds (each round runs
# every program once, so a load change on the shared machine hits all of
# them); instruction counts are callgrind's (a run at n minus a run at 0,
# over n: start-up excluded), one run each, the stable figure.
#   rows: sleep(0) loop (system calls, instructions, ns per iteration) vs
#         libuv uv_idle, asyncio and uvloop; task switch (10^6 tasks x 10
#         sleep(0)) vs libuv uv_idle; memory per suspended task vs libuv
#         and asyncio; libasyncc.so vs libasyncc.a; HTTP keep-alive vs
#         nginx under wrk (skipped with a message without wrk).
# Peers come from Debian packages, installed with apt-get when missing:
# libuv1-dev, nginx-light, python3-uvloop, clang, wrk, valgrind, strace.
# Environment: BUILD_DIR (build), RUNS (3), N (10^6 tasks), SLEEP_N (10^6
# iterations), PY_N (10^5 asyncio tasks), CG_N (2x10^4 tasks under
# callgrind), CG_SLEEP_N (10^5), DURATION (5 s of wrk), CONNS (64),
# ROWS (which rows: "loop,http", the default, or one of them).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
runs=${RUNS:-3}
n=${N:-1000000}
sleep_n=${SLEEP_N:-1000000}
py_n=${PY_N:-100000}
cg_n=${CG_N:-20000}
cg_sleep_n=${CG_SLEEP_N:-100000}
duration=${DURATION:-5}
conns=${CONNS:-64}
rows=${ROWS:-loop,http}
want() { [[ ",$rows," == *",$1,"* ]]; }
out=$build/bench/peers
syspy=/usr/bin/python3 # Debian's, where python3-uvloop is
[ -x "$build/asyncc" ] || {
    echo "no $build/asyncc: run scripts/setup.sh first" >&2
    exit 1
}
mkdir -p "$out"
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
}
trap cleanup EXIT

# ---- the peers ---------------------------------------------------------

need=()
dpkg -s libuv1-dev >/dev/null 2>&1 || need+=(libuv1-dev)
dpkg -s nginx-light >/dev/null 2>&1 || need+=(nginx-light)
dpkg -s python3-uvloop >/dev/null 2>&1 || need+=(python3-uvloop)
command -v clang >/dev/null || need+=(clang)
command -v wrk >/dev/null || need+=(wrk)
command -v valgrind >/dev/null || need+=(valgrind)
command -v strace >/dev/null || need+=(strace)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    apt-get install -y "${need[@]}" >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 &&
            apt-get install -y "${need[@]}" >/dev/null 2>&1; } ||
        echo "apt-get could not install ${need[*]}: rows needing them fail" >&2
fi

cflags=(-O2 -std=c99 -Wall -D_POSIX_C_SOURCE=200809L -I "$root/runtime/include")
for prog in sleep0 tasks; do
    "$build/asyncc" "$here/$prog.ac" -o "$out/$prog.c" || exit 1
    cc "${cflags[@]}" "$out/$prog.c" "$build/libasyncc.a" -lpthread -lm \
        -o "$out/${prog}_static" || exit 1
    cc "${cflags[@]}" "$out/$prog.c" -L "$build" -lasyncc \
        -Wl,-rpath,"$build" -lpthread -lm -o "$out/${prog}_shared" || exit 1
done
cc -O2 "$here/uv_idle.c" -luv -o "$out/uv_idle" || exit 1

# ---- measuring ---------------------------------------------------------

# subst COUNT ARGS...: ARGS with each "@" replaced by COUNT.
subst() {
    local count=$1 a
    shift
    for a in "$@"; do
        [ "$a" = @ ] && a=$count
        printf '%s\n' "$a"
    done
}

# instr N CMD...: callgrind's instructions with "@" in CMD as N, minus
# with it 0, over N (one decimal).  ASYNCC_SLAB=1: asyncc's allocator of
# frames and tasks stays on under valgrind (it falls back to malloc there
# otherwise), so the count is the program's as it runs outside it.
instr() {
    local count=$1 i1 i0
    shift
    mapfile -t c1 < <(subst "$count" "$@")
    mapfile -t c0 < <(subst 0 "$@")
    i1=$(ASYNCC_SLAB=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "${c1[@]}" 2>&1 >/dev/null | sed -n 's/.*Collected : *//p')
    i0=$(ASYNCC_SLAB=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "${c0[@]}" 2>&1 >/dev/null | sed -n 's/.*Collected : *//p')
    python3 -c "print(f'{($i1 - $i0) / $count:.1f}')"
}

# syscalls N CMD...: system calls (strace -f -c) the same way.
syscalls() {
    local count=$1 s1 s0
    shift
    mapfile -t c1 < <(subst "$count" "$@")
    mapfile -t c0 < <(subst 0 "$@")
    strace -f -c -o "$out/strace1" "${c1[@]}" >/dev/null 2>&1
    strace -f -c -o "$out/strace0" "${c0[@]}" >/dev/null 2>&1
    s1=$(awk '$NF == "total" {print $4}' "$out/strace1")
    s0=$(awk '$NF == "total" {print $4}' "$out/strace0")
    python3 -c "print(f'{(${s1:-0} - ${s0:-0}) / $count:.3f}')"
}

median() {
    python3 -c 'import sys, statistics as s
v = [float(x) for x in sys.argv[1:]]
print(f"{s.median(v):.6g}" if v else "nan")' "$@"
}

ratio() {
    python3 -c "print(f'{$1 / $2:.2f}' if $2 else 'nan')"
}

row() { # name asyncc peer ratio [note]
    printf '%-44s %14s %14s %8s  %s\n' "$1" "$2" "$3" "$4" "${5:-}"
}

echo "issue 12, runtime rows: asyncc against peers ($(nproc) cores," \
    "load $(cut -d' ' -f1-3 /proc/loadavg), RUNS=$runs)"
echo "runtime: $(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt" | cut -d= -f2)," \
    "gcc $(gcc -dumpversion), libuv $(pkg-config --modversion libuv 2>/dev/null)," \
    "$("$syspy" -c 'import sys, uvloop; print("python", sys.version.split()[0], "uvloop", uvloop.__version__)' 2>/dev/null)"
echo

if want loop; then
# ---- timed rounds, interleaved -----------------------------------------

declare -a s_ac s_uv s_py s_uvl t_a t_so t_uv t_uvh m_a m_uv
# The four task-switch programs, run in an order that rotates by one each
# round: the first after the Python ones draws the memory the kernel has
# to fault in fresh (on a VM, huge pages zeroed as the host backs them:
# 0.2 s against 0.5 s for the same program), the ones after it reuse what
# it freed.  Always first, asyncc's static program drew it every round.
switch_static() {
    read -r tasks sw secs peak base < <("$out/tasks_static" "$n")
    t_a+=("$(python3 -c "print($sw / $secs)")")
    m_a+=("$(python3 -c "print(($peak - $base) * 1024 / $tasks)")")
}
switch_shared() {
    read -r tasks sw secs _ _ < <("$out/tasks_shared" "$n")
    t_so+=("$(python3 -c "print($sw / $secs)")")
}
switch_uv() {
    read -r tasks sw secs peak base < <("$out/uv_idle" "$n" 10)
    t_uv+=("$(python3 -c "print($sw / $secs)")")
    m_uv+=("$(python3 -c "print(($peak - $base) * 1024 / $tasks)")")
}
# libuv's handles in huge pages too (glibc 2.35's malloc tunable), as
# asyncc's slab puts a large heap (core/slab.c): the TLB then misses
# neither, and what is left is instructions.
switch_uv_huge() {
    read -r tasks sw secs _ _ < <(GLIBC_TUNABLES=glibc.malloc.hugetlb=1 \
        "$out/uv_idle" "$n" 10)
    t_uvh+=("$(python3 -c "print($sw / $secs)")")
}
switch_programs=(switch_static switch_shared switch_uv switch_uv_huge)
for ((r = 0; r < runs; r++)); do
    read -r _ secs < <("$out/sleep0_static" "$sleep_n")
    s_ac+=("$(python3 -c "print($secs / $sleep_n * 1e9)")")
    read -r _ _ secs _ _ < <("$out/uv_idle" 1 "$sleep_n")
    s_uv+=("$(python3 -c "print($secs / $sleep_n * 1e9)")")
    read -r _ secs < <("$syspy" "$here/sleep0.py" $((sleep_n / 10)))
    s_py+=("$(python3 -c "print($secs / $((sleep_n / 10)) * 1e9)")")
    read -r _ secs < <("$syspy" "$here/sleep0.py" $((sleep_n / 10)) uvloop)
    s_uvl+=("$(python3 -c "print($secs / $((sleep_n / 10)) * 1e9)")")
    for ((k = 0; k < ${#switch_programs[@]}; k++)); do
        "${switch_programs[$(((r + k) % ${#switch_programs[@]}))]}"
    done
done
read -r tasks _ _ peak base < <(python3 "$here/tasks.py" "$py_n")
m_py=$(python3 -c "print(($peak - $base) * 1024 / $tasks)")

row "row" "asyncc" "peer" "ratio" "(asyncc / peer)"
row "--- one coroutine awaiting sleep(0) ---" "" "" ""
sc_ac=$(syscalls "$cg_sleep_n" "$out/sleep0_static" @)
sc_uv=$(syscalls "$cg_sleep_n" "$out/uv_idle" 1 @)
row "system calls / iteration (libuv uv_idle)" "$sc_ac" "$sc_uv" \
    "$(ratio "$sc_ac" "$sc_uv")" "target <= 0.05"
in_ac=$(instr "$cg_sleep_n" "$out/sleep0_static" @)
in_uv=$(instr "$cg_sleep_n" "$out/uv_idle" 1 @)
row "instructions / iteration (libuv uv_idle)" "$in_ac" "$in_uv" \
    "$(ratio "$in_ac" "$in_uv")" "target <= 100"
ns_ac=$(median "${s_ac[@]}")
row "ns / iteration vs libuv uv_idle" "$ns_ac" "$(median "${s_uv[@]}")" \
    "$(ratio "$ns_ac" "$(median "${s_uv[@]}")")"
row "ns / iteration vs asyncio" "$ns_ac" "$(median "${s_py[@]}")" \
    "$(ratio "$ns_ac" "$(median "${s_py[@]}")")"
row "ns / iteration vs uvloop" "$ns_ac" "$(median "${s_uvl[@]}")" \
    "$(ratio "$ns_ac" "$(median "${s_uvl[@]}")")"

echo
row "--- task switch, $n tasks x 10 sleep(0) ---" "" "" ""
ta=$(median "${t_a[@]}")
tu=$(median "${t_uv[@]}")
row "switches / s (libuv: $n uv_idle x 10)" "$ta" "$tu" "$(ratio "$ta" "$tu")" \
    "target >= 1"
tuh=$(median "${t_uvh[@]}")
row "switches / s (libuv, malloc in huge pages)" "$ta" "$tuh" \
    "$(ratio "$ta" "$tuh")" "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"
ia=$(instr "$cg_n" "$out/tasks_static" @)
iu=$(instr "$cg_n" "$out/uv_idle" @ 10)
ia=$(python3 -c "print(f'{$ia / 10:.1f}')")
iu=$(python3 -c "print(f'{$iu / 10:.1f}')")
row "instructions / switch (creation included)" "$ia" "$iu" \
    "$(ratio "$ia" "$iu")" "target <= 120 instructions"

echo
row "--- memory per suspended trivial task ---" "" "" ""
ma=$(median "${m_a[@]}")
row "RSS growth / task, bytes, vs libuv" "$ma" "$(median "${m_uv[@]}")" \
    "$(ratio "$ma" "$(median "${m_uv[@]}")")" "target <= 160 B"
row "RSS growth / task, bytes, vs asyncio" "$ma" "$m_py" "$(ratio "$ma" "$m_py")"

echo
row "--- libasyncc.so vs libasyncc.a ---" "shared" "static" ""
ts=$(median "${t_so[@]}")
row "switches / s" "$ts" "$ta" "$(ratio "$ta" "$ts")" \
    "time per switch so/a; target <= 1.05"
is=$(instr "$cg_n" "$out/tasks_shared" @)
is=$(python3 -c "print(f'{$is / 10:.1f}')")
row "instructions / switch" "$is" "$ia" "$(ratio "$is" "$ia")"

fi

# ---- HTTP keep-alive vs nginx ------------------------------------------

want http || exit 0
echo
row "--- HTTP keep-alive hello, wrk -t1 -c$conns ---" "" "" ""
if ! command -v wrk >/dev/null; then
    echo "wrk not installed: HTTP row skipped"
    exit 0
fi
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "nginx not installed: HTTP row skipped"
    exit 0
fi
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
cpu_ticks() { # utime + stime of a process and its children, in ticks
    awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"
}
"$build/asyncc" "$root/examples/http_hello.ac" -o "$out/http_hello.c" &&
    cc "${cflags[@]}" "$out/http_hello.c" "$build/libasyncc.a" -lpthread -lm \
        -o "$out/http_hello" || exit 1
ngx=$out/nginx
mkdir -p "$ngx/logs"
body=$(printf 'Hello, World!')
nginx_conf() { # one worker, keep-alive, the same body
    cat >"$ngx/nginx.conf" <<CONF
worker_processes 1;
master_process off;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log crit;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $ngx/body;
    proxy_temp_path $ngx/proxy;
    fastcgi_temp_path $ngx/fastcgi;
    uwsgi_temp_path $ngx/uwsgi;
    scgi_temp_path $ngx/scgi;
    server {
        listen 127.0.0.1:$1;
        location / { default_type text/plain; return 200 "$body"; }
    }
}
CONF
}
# serve NAME PORT CMD...: start, wait for the port, run wrk; prints
# "req_per_s us_cpu_per_request".
serve() {
    local name=$1 port=$2
    shift 2
    "$@" >"$out/$name.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null && break
        sleep 0.05
    done
    local t0 t1
    t0=$(cpu_ticks "$server_pid")
    wrk -t1 -c"$conns" -d"${duration}s" "http://127.0.0.1:$port/" >"$out/$name.wrk" 2>&1
    t1=$(cpu_ticks "$server_pid")
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
    local rps reqs
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$out/$name.wrk")
    reqs=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$out/$name.wrk")
    python3 -c "print(${rps:-0}, ($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / max(${reqs:-0}, 1))"
}
# serve_instr NAME PORT CMD...: the server's user-space instructions per
# request under callgrind: a run serving wrk for DURATION seconds minus a
# run serving nothing, over the requests answered.
serve_instr() {
    local name=$1 port=$2 i1 i0 reqs
    shift 2
    for pass in 1 0; do
        ASYNCC_SLAB=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$@" >"$out/$name.cg$pass" 2>&1 &
        server_pid=$!
        for _ in $(seq 200); do
            python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null && break
            sleep 0.1
        done
        [ $pass = 1 ] && wrk -t1 -c"$conns" -d"${duration}s" \
            "http://127.0.0.1:$port/" >"$out/$name.cgwrk" 2>&1
        kill -TERM "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
        server_pid=
    done
    i1=$(sed -n 's/.*Collected : *//p' "$out/$name.cg1" | head -1)
    i0=$(sed -n 's/.*Collected : *//p' "$out/$name.cg0" | head -1)
    reqs=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$out/$name.cgwrk")
    python3 -c "print(f'{(${i1:-0} - ${i0:-0}) / max(${reqs:-0}, 1):.0f}')"
}
declare -a h_ac h_ng c_ac c_ng
for ((r = 0; r < runs; r++)); do
    port=$(free_port)
    read -r rps us < <(serve asyncc "$port" "$out/http_hello" serve "$port")
    h_ac+=("$rps")
    c_ac+=("$us")
    port=$(free_port)
    nginx_conf "$port"
    read -r rps us < <(serve nginx "$port" nginx -p "$ngx" -c "$ngx/nginx.conf")
    h_ng+=("$rps")
    c_ng+=("$us")
done
ha=$(median "${h_ac[@]}")
hn=$(median "${h_ng[@]}")
row "requests / s" "$ha" "$hn" "$(ratio "$ha" "$hn")" "target >= 0.95"
ca=$(median "${c_ac[@]}")
cn=$(median "${c_ng[@]}")
row "server CPU us / request" "$ca" "$cn" "$(ratio "$ca" "$cn")" \
    "target <= 1/0.95"
if command -v valgrind >/dev/null; then
    port=$(free_port)
    ia=$(serve_instr asyncc "$port" "$out/http_hello" serve "$port")
    port=$(free_port)
    nginx_conf "$port"
    in=$(serve_instr nginx "$port" nginx -p "$ngx" -c "$ngx/nginx.conf")
    row "server instructions / request (callgrind)" "$ia" "$in" \
        "$(ratio "$ia" "$in")" "user space only"
fi
