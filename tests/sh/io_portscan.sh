#!/usr/bin/env bash
# io_portscan.sh - the four port scanners (examples/portscan_*.ac, and their
# Python originals) against a few ports this test opens on 127.0.0.1: each
# must report exactly those ports, and the async generator stops at its
# maximum.  Environment (tests/CMakeLists.txt): ASYNCC, AC_INCLUDE, AC_LIB,
# AC_CFLAGS, AC_WORK, AC_SRC.
set -uo pipefail
src=${AC_SRC:?}
work=${AC_WORK:?}/sh/io_portscan
rm -rf "$work" && mkdir -p "$work"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# A 64-port range below the ephemeral ports, with three listeners in it.
listener_pid=
cleanup() { [ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null; }
trap cleanup EXIT
for attempt in 1 2 3 4 5; do
    base=$((20000 + RANDOM % 12000))
    python3 - "$base" >"$work/listener.out" 2>&1 <<'PY' &
import socket, sys, time
base = int(sys.argv[1])
socks = []
try:
    for off in (3, 17, 41):
        s = socket.socket()
        s.bind(("127.0.0.1", base + off))
        s.listen(64)
        socks.append(s)
except OSError as e:
    print("busy", e, flush=True)
    sys.exit(1)
print("ready", flush=True)
time.sleep(300)  # killed by the test long before
PY
    listener_pid=$!
    for _ in $(seq 50); do
        grep -q . "$work/listener.out" && break
        sleep 0.1
    done
    grep -q ready "$work/listener.out" && break
    wait "$listener_pid" 2>/dev/null
    listener_pid=
done
[ -n "$listener_pid" ] || { echo "FAIL: no free port range" >&2; exit 1; }
first=$base
end=$((base + 64))
p1=$((base + 3)) p2=$((base + 17)) p3=$((base + 41))
all=$(printf 'Port %d is open\nPort %d is open\nPort %d is open\n' $p1 $p2 $p3)
first_two=$(printf 'Port %d is open\nPort %d is open\n' $p1 $p2)

# expect NAME OUTPUT_FILE WANT_PORTS_TEXT SUMMARY
expect() {
    local got
    got=$(grep '^Port ' "$2")
    [ "$got" = "$3" ] || bad "$1 reported:"$'\n'"$got"$'\n'"wanted:"$'\n'"$3"
    grep -qxF "$4" "$2" || bad "$1: no line '$4' in $(cat "$2")"
}

# The command running scanner V of KIND (python or asyncc).
prog() {
    if [ "$1" = python ]; then
        echo "python3 $src/examples/portscan_$2.py"
    else
        echo "$work/portscan_$2"
    fi
}

run_all() { # run_all KIND: the four scanners of KIND
    local kind=$1
    for v in threads tasks parallel; do
        # shellcheck disable=SC2046
        timeout 120 $(prog "$kind" "$v") "$first" "$end" >"$work/$kind-$v.out" 2>&1 ||
            bad "$kind-$v exited $?"
        expect "$kind-$v" "$work/$kind-$v.out" "$all" \
            "Scanned 64 ports, 3 open"
    done
    # shellcheck disable=SC2046
    timeout 120 $(prog "$kind" agen) "$first" "$end" 2 >"$work/$kind-agen2.out" 2>&1 ||
        bad "$kind-agen exited $?"
    expect "$kind-agen(max 2)" "$work/$kind-agen2.out" "$first_two" \
        "Found 2 open ports (at most 2)"
    # shellcheck disable=SC2046
    timeout 120 $(prog "$kind" agen) "$first" "$end" 10 >"$work/$kind-agen10.out" 2>&1 ||
        bad "$kind-agen exited $?"
    expect "$kind-agen(max 10)" "$work/$kind-agen10.out" "$all" \
        "Found 3 open ports (at most 10)"
}

run_all python

for v in threads tasks agen parallel; do
    # shellcheck disable=SC2086
    "$ASYNCC" "$src/examples/portscan_$v.ac" -o "$work/portscan_$v.c" &&
        cc -std=c99 -Wall -Wextra -Werror -g ${AC_CFLAGS:-} -I "$AC_INCLUDE" \
            "$work/portscan_$v.c" "$AC_LIB" -lpthread -lm \
            -o "$work/portscan_$v" ||
        bad "building portscan_$v"
done
run_all asyncc

[ $fail -eq 0 ] && echo "ok: every scanner reported exactly ports $p1 $p2 $p3"
exit $fail
