#!/usr/bin/env bash
# net_names.sh - host names in ac_open_connection and datagram endpoints
# (tests/sh/net_names/names.ac) against asyncio (names.py), both run in a
# new network and mount namespace: only a loopback interface, /etc/hosts
# and /etc/nsswitch.conf bound over by the files beside names.ac, so a
# name resolves from that file alone and no query ever leaves the
# machine.  Needs root (unshare); CI runs as root.  Environment
# (tests/CMakeLists.txt): ASYNCC, AC_INCLUDE, AC_LIB, AC_CFLAGS, AC_WORK,
# AC_SRC.
set -uo pipefail
src=${AC_SRC:?}/tests/sh/net_names
work=${AC_WORK:?}/sh/net_names
rm -rf "$work" && mkdir -p "$work"

"$ASYNCC" "$src/names.ac" -o "$work/names.c" ||
    { echo "FAIL: translating" >&2; exit 1; }
# shellcheck disable=SC2086
cc -std=c99 -Wall -Wextra -Werror -g $AC_CFLAGS -I "$AC_INCLUDE" \
    "$work/names.c" "$AC_LIB" -lpthread -lm -o "$work/names" ||
    { echo "FAIL: compiling" >&2; exit 1; }

# One namespace run: $1 the command, output to $2.
in_namespace() {
    timeout 120 unshare -m -n sh -c '
        mount --bind "$0/hosts" /etc/hosts &&
        mount --bind "$0/nsswitch.conf" /etc/nsswitch.conf &&
        ip link set lo up && exec "$@"' "$src" "$1" "$2" >"$3" 2>&1
    echo "exit $?" >>"$3"
}

unshare -m -n true 2>/dev/null ||
    { echo "FAIL: unshare -m -n is not permitted here (run as root)" >&2; exit 1; }
in_namespace "$work/names" "" "$work/out.txt"
in_namespace python3 "$src/names.py" "$work/expected.txt"
cat "$work/out.txt"
diff -u "$work/expected.txt" "$work/out.txt" || { echo "FAIL: output differs" >&2; exit 1; }
grep -q "Multiple exceptions" "$work/out.txt" ||
    { echo "FAIL: no Multiple exceptions case" >&2; exit 1; }
echo "net_names: ok"
