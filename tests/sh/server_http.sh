#!/usr/bin/env bash
# server_http.sh - examples/http_hello defends itself (and so does its
# Python twin, examples/http_hello.py): header and idle timeouts, 431 for
# head limits, 400 for malformed heads, resets mid-response, one log line
# per misbehaving client and no traceback, descriptors back to where they
# were, RSS flat over a bounded soak, and a graceful stop on SIGTERM
# (in-flight request answered with Connection: close, idle connection
# closed, no more accepting, exit 0).  Clients: server_http.py, loopback
# only, every wait bounded.  Environment (tests/CMakeLists.txt): ASYNCC,
# AC_INCLUDE, AC_LIB, AC_CFLAGS, AC_WORK, AC_SRC.
set -uo pipefail
src=${AC_SRC:?}
work=${AC_WORK:?}/sh/server_http
rm -rf "$work" && mkdir -p "$work"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
client="$src/tests/sh/server_http.py"
# RSS under ASan: a small quarantine, or freed memory looks like growth.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1

"$ASYNCC" "$src/examples/http_hello.ac" -o "$work/http_hello.c" ||
    { echo "FAIL: translating" >&2; exit 1; }
# shellcheck disable=SC2086
cc -std=c99 -Wall -Wextra -Werror -g $AC_CFLAGS -I "$AC_INCLUDE" \
    "$work/http_hello.c" "$AC_LIB" -lpthread -lm -o "$work/http_hello" ||
    { echo "FAIL: compiling" >&2; exit 1; }

pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; }
trap cleanup EXIT

# start NAME HEADER IDLE CMD...: serve on a free port; sets pid and port.
start() {
    local name=$1 header=$2 idle=$3
    shift 3
    "$@" serve 0 "$header" "$idle" >"$work/$name.out" 2>"$work/$name.err" &
    pid=$!
    port=
    for _ in $(seq 200); do
        port=$(sed -n 's|^serving on http://127.0.0.1:\([0-9]*\)/$|\1|p' \
            "$work/$name.out")
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    [ -n "$port" ] || { bad "$name: no banner: $(cat "$work/$name.err")"; return 1; }
}

fds() { ls "/proc/$1/fd" | wc -l; }
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# stop NAME: SIGTERM, then the exit status must be 0 within 15 s.
stop() {
    kill -TERM "$pid"
    local rc=
    for _ in $(seq 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        bad "$1: still running 15 s after SIGTERM"
        kill -9 "$pid"
    fi
    wait "$pid"
    rc=$?
    pid=
    [ "$rc" -eq 0 ] || bad "$1: exit $rc after SIGTERM: $(tail -5 "$work/$1.err")"
}

# no_traceback NAME MAX_LINES
no_traceback() {
    if grep -qE 'Traceback|Unhandled|Task exception|Error:' "$work/$1.err"; then
        bad "$1: a traceback on stderr:"$'\n'"$(head -20 "$work/$1.err")"
    fi
    local n
    n=$(wc -l <"$work/$1.err")
    [ "$n" -le "$2" ] || bad "$1: $n log lines, at most $2 wanted"
}

run_server() {
    local name=$1
    shift
    # Each defence once, with a 0.5 s header timeout and 1 s idle timeout.
    start "$name" 0.5 1.0 "$@" || return
    local fd0
    fd0=$(fds "$pid")
    timeout 120 python3 "$client" behave "$port" || bad "$name: behave"
    sleep 1.5 # lingering closes done
    local fd1
    fd1=$(fds "$pid")
    [ "$fd1" -eq "$fd0" ] || bad "$name: $fd0 descriptors before, $fd1 after"
    for want in "400: malformed request head" "431: too many header lines" \
        "431: header line too long" "408: request head too slow"; do
        grep -qF "$want" "$work/$name.err" || bad "$name: no log line '$want'"
    done
    # behave: 3 bad heads, 3 too large + 1 line too long, 1 slow, 20
    # resets (a reset may cost a line).
    no_traceback "$name" 30

    # Soak: RSS after a warm-up, then after as many clients again.
    timeout 120 python3 "$client" soak "$port" 400 || bad "$name: warm-up"
    sleep 1.5
    local rss0 rss1
    rss0=$(rss "$pid")
    fd0=$(fds "$pid")
    timeout 120 python3 "$client" soak "$port" 1200 || bad "$name: soak"
    sleep 1.5
    rss1=$(rss "$pid")
    fd1=$(fds "$pid")
    echo "$name: RSS ${rss0} kB -> ${rss1} kB over 1200 clients"
    [ "$rss1" -le $((rss0 + 2048)) ] ||
        bad "$name: RSS grew from $rss0 kB to $rss1 kB over 1200 clients"
    [ "$fd1" -eq "$fd0" ] || bad "$name: soak: $fd0 descriptors before, $fd1 after"
    grep -qE 'Traceback|Unhandled|Task exception' "$work/$name.err" &&
        bad "$name: traceback during the soak: $(grep -m3 -E 'Traceback|Unhandled|Task exception' "$work/$name.err")"
    stop "$name"

    # SIGTERM: generous timeouts so that only the signal ends things.
    start "$name-term" 10 30 "$@" || return
    {
        timeout 60 python3 "$client" term "$port" <"$work/fifo" &
        cpid=$!
        exec 7>"$work/fifo"
        for _ in $(seq 100); do
            grep -q 'send SIGTERM' "$work/$name-term.client" 2>/dev/null && break
            sleep 0.1
        done
        kill -TERM "$pid"
        echo go >&7
        exec 7>&-
        wait "$cpid" || bad "$name: term clients"
    } >"$work/$name-term.client"
    cat "$work/$name-term.client"
    local rc=
    for _ in $(seq 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && { bad "$name: running after SIGTERM"; kill -9 "$pid"; }
    wait "$pid"
    rc=$?
    pid=
    [ "$rc" -eq 0 ] || bad "$name: exit $rc after SIGTERM"
    grep -qx 'stopped' "$work/$name-term.out" || bad "$name: no 'stopped'"
    no_traceback "$name-term" 0
}

rm -f "$work/fifo" && mkfifo "$work/fifo"
run_server asyncc "$work/http_hello"
run_server python python3 "$src/examples/http_hello.py"

[ $fail -eq 0 ] && echo "server_http: all good"
exit $fail
