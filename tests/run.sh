#!/usr/bin/env bash
# tests/run.sh MODE FILE - one translator test (see tests/CMakeLists.txt).
# Environment: ASYNCC, AC_INCLUDE, AC_LIB, AC_CFLAGS, AC_WORK.
set -uo pipefail
mode=$1
src=$2
dir=$(cd "$(dirname "$src")" && pwd)
base=$(basename "$src")
name=${base%.*}
work="$AC_WORK/$mode/$(basename "$dir")/$name"
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

case $mode in
e2e)
    # Translate the annotated headers beside the source first.
    for ah in "$dir"/*.ah; do
        [ -e "$ah" ] || continue
        h="$work/$(basename "${ah%.ah}").h"
        "$ASYNCC" -I "$dir" "$ah" -o "$h" || fail "translating $ah"
    done
    "$ASYNCC" -I "$dir" "$src" -o "$work/$name.c" || fail "translating $src"
    extra=()
    [ -f "$dir/$name.c-extra" ] && read -r -a extra < "$dir/$name.c-extra"
    # shellcheck disable=SC2086
    cc -std=c99 -Wall -Wextra -Werror -g $AC_CFLAGS -I "$AC_INCLUDE" \
        -I "$work" -I "$dir" "$work/$name.c" "${extra[@]}" "$AC_LIB" \
        -lpthread -lm -o "$work/$name" || fail "compiling $work/$name.c"
    (cd "$dir" && timeout 120 "$work/$name") >"$work/out.txt" 2>&1
    rc=$?
    echo "exit $rc" >>"$work/out.txt"
    if [ -f "$dir/$name.py" ]; then
        (cd "$dir" && timeout 120 python3 "$dir/$name.py") >"$work/expected.txt" 2>&1
        echo "exit $?" >>"$work/expected.txt"
    elif [ -f "$dir/$name.expected" ]; then
        cp "$dir/$name.expected" "$work/expected.txt"
    else
        fail "no $name.py or $name.expected beside $src"
    fi
    diff -u "$work/expected.txt" "$work/out.txt" || fail "output differs"
    ;;
diag)
    "$ASYNCC" "$src" -o "$work/out.c" 2>"$work/stderr.txt"
    rc=$?
    cat "$work/stderr.txt"
    [ $rc -eq 1 ] || fail "exit $rc, expected 1"
    [ ! -e "$work/out.c" ] || fail "output written despite errors"
    n=0
    while IFS= read -r want; do
        n=$((n + 1))
        grep -qF -- "$want" "$work/stderr.txt" || fail "missing diagnostic: $want"
    done < <(sed -n 's|^.*// expect: ||p' "$src" | sed "s|@FILE@|$src|g")
    [ $n -gt 0 ] || fail "no // expect: lines in $src"
    ;;
pass)
    "$ASYNCC" "$src" -o "$work/out.c" || fail "translation failed"
    cmp "$src" "$work/out.c" || fail "not translated to itself"
    ;;
bad)
    printf 'sentinel\n' >"$work/out.c"
    timeout 20 "$ASYNCC" "$src" -o "$work/out.c" 2>"$work/stderr.txt"
    rc=$?
    head -c 2000 "$work/stderr.txt"
    [ $rc -eq 1 ] || fail "exit $rc, expected 1"
    grep -q "error:" "$work/stderr.txt" || fail "no diagnostic"
    [ "$(cat "$work/out.c")" = sentinel ] || fail "output file clobbered"
    ;;
*) fail "unknown mode $mode" ;;
esac
exit 0
