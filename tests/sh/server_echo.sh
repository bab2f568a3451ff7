#!/usr/bin/env bash
# server_echo.sh - examples/echo_server (and its Python twin) defends
# itself: idle connections closed, a too-long line answered with an error,
# resets mid-echo cost at most a log line and never a traceback,
# descriptors back to where they were, RSS flat over a bounded soak, and
# SIGTERM closes idle connections, stops accepting and exits 0.  Loopback
# only, every wait bounded.  Environment (tests/CMakeLists.txt): ASYNCC,
# AC_INCLUDE, AC_LIB, AC_CFLAGS, AC_WORK, AC_SRC.
set -uo pipefail
src=${AC_SRC:?}
work=${AC_WORK:?}/sh/server_echo
rm -rf "$work" && mkdir -p "$work"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1

"$ASYNCC" "$src/examples/echo_server.ac" -o "$work/echo_server.c" ||
    { echo "FAIL: translating" >&2; exit 1; }
# shellcheck disable=SC2086
cc -std=c99 -Wall -Wextra -Werror -g $AC_CFLAGS -I "$AC_INCLUDE" \
    "$work/echo_server.c" "$AC_LIB" -lpthread -lm -o "$work/echo_server" ||
    { echo "FAIL: compiling" >&2; exit 1; }

cat >"$work/client.py" <<'PY'
import socket, struct, sys, threading, time
T = 10.0
phase, port = sys.argv[1], int(sys.argv[2])
fails = []
def check(c, what):
    if not c:
        fails.append(what); print("FAIL:", what, file=sys.stderr, flush=True)
def conn():
    s = socket.create_connection(("127.0.0.1", port), timeout=T)
    s.settimeout(T)
    return s
def read_all(s):
    data = b""
    while len(data) < 1 << 20:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data
def echo(n):
    s = conn(); f = s.makefile("rb"); ok = 0
    for i in range(n):
        msg = b"line %d\n" % i
        s.sendall(msg)
        ok += f.readline() == msg
    f.close(); s.close()
    return ok == n
def long_line():
    s = conn(); s.sendall(b"a" * 5000 + b"\n"); d = read_all(s); s.close()
    return d
def reset():
    s = conn(); s.sendall(b"x" * 100 + b"\n" * 2000)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
if phase == "behave":
    check(echo(5), "echo")
    check(long_line() == b"error: line too long\n", "long line")
    s = conn(); d = read_all(s); s.close()
    check(d == b"", "idle: got %r" % d[:40])
    for _ in range(20):
        reset()
    check(echo(2), "echo after resets")
elif phase == "soak":
    n = int(sys.argv[3]); errors = []
    kinds = [lambda: echo(5), long_line, reset]
    def worker(k):
        for i in range(k, n, 8):
            try:
                kinds[i % 3]()
            except OSError as e:
                errors.append(repr(e))
    ts = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in ts: t.start()
    for t in ts: t.join(120)
    check(not errors, "soak errors %s" % errors[:3])
elif phase == "term":
    idle = conn()
    check(echo(1), "before SIGTERM")
    print("send SIGTERM", flush=True)
    sys.stdin.readline()
    check(read_all(idle) == b"", "idle connection at SIGTERM not closed")
    idle.close()
    time.sleep(0.5)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=T).close()
        check(False, "still accepting after SIGTERM")
    except ConnectionRefusedError:
        pass
sys.exit(1 if fails else 0)
PY

pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; }
trap cleanup EXIT
start() { # NAME IDLE CMD...
    local name=$1 idle=$2
    shift 2
    "$@" serve 0 "$idle" >"$work/$name.out" 2>"$work/$name.err" &
    pid=$!
    port=
    for _ in $(seq 200); do
        port=$(sed -n 's|^serving on 127.0.0.1:\([0-9]*\)$|\1|p' "$work/$name.out")
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    [ -n "$port" ] || { bad "$name: no banner: $(cat "$work/$name.err")"; return 1; }
}
fds() { ls "/proc/$1/fd" | wc -l; }
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
finish() { # NAME: wait up to 15 s for the exit, which must be 0
    for _ in $(seq 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && { bad "$1: running after SIGTERM"; kill -9 "$pid"; }
    wait "$pid"
    local rc=$?
    pid=
    [ "$rc" -eq 0 ] || bad "$1: exit $rc after SIGTERM: $(tail -5 "$work/$1.err")"
    grep -qx stopped "$work/$1.out" || bad "$1: no 'stopped'"
}
traceback() {
    grep -qE 'Traceback|Unhandled|Task exception' "$work/$1.err" &&
        bad "$1: traceback on stderr: $(head -20 "$work/$1.err")"
}

run_server() {
    local name=$1
    shift
    start "$name" 1.0 "$@" || return
    local fd0 fd1 rss0 rss1
    fd0=$(fds "$pid")
    timeout 120 python3 "$work/client.py" behave "$port" || bad "$name: behave"
    sleep 1.5
    fd1=$(fds "$pid")
    [ "$fd1" -eq "$fd0" ] || bad "$name: $fd0 descriptors before, $fd1 after"
    grep -qx 'echo_server: line too long' "$work/$name.err" ||
        bad "$name: no log line for the long line"
    traceback "$name"
    [ "$(wc -l <"$work/$name.err")" -le 25 ] || bad "$name: too many log lines"
    timeout 120 python3 "$work/client.py" soak "$port" 300 || bad "$name: warm-up"
    sleep 1.5
    rss0=$(rss "$pid")
    fd0=$(fds "$pid")
    timeout 120 python3 "$work/client.py" soak "$port" 900 || bad "$name: soak"
    sleep 1.5
    rss1=$(rss "$pid")
    fd1=$(fds "$pid")
    echo "$name: RSS ${rss0} kB -> ${rss1} kB over 900 clients"
    [ "$rss1" -le $((rss0 + 2048)) ] || bad "$name: RSS grew from $rss0 kB to $rss1 kB"
    [ "$fd1" -eq "$fd0" ] || bad "$name: soak: $fd0 descriptors before, $fd1 after"
    traceback "$name"
    kill -TERM "$pid"
    finish "$name"

    start "$name-term" 300 "$@" || return
    rm -f "$work/fifo" && mkfifo "$work/fifo"
    timeout 60 python3 "$work/client.py" term "$port" <"$work/fifo" \
        >"$work/$name-term.client" &
    local cpid=$!
    exec 7>"$work/fifo"
    for _ in $(seq 100); do
        grep -q 'send SIGTERM' "$work/$name-term.client" && break
        sleep 0.1
    done
    kill -TERM "$pid"
    echo go >&7
    exec 7>&-
    wait "$cpid" || bad "$name: term clients"
    finish "$name-term"
    [ ! -s "$work/$name-term.err" ] || bad "$name-term: stderr: $(head "$work/$name-term.err")"
}

run_server asyncc "$work/echo_server"
run_server python python3 "$src/examples/echo_server.py"
[ $fail -eq 0 ] && echo "server_echo: all good"
exit $fail
