#!/usr/bin/env bash
# The runtime's unit tests (tests/unit/rt_*.c) under valgrind (memcheck,
# full leak check, --error-exitcode).  In a sanitized build (AC_CFLAGS has
# -fsanitize) the binaries carry ASan/UBSan and valgrind cannot run them:
# they run directly, the sanitizers checking instead; the script says which.
# Environment (tests/CMakeLists.txt): AC_WORK, AC_CFLAGS, AC_SRC.
set -uo pipefail

bindir=$(dirname "$AC_WORK")      # tests/ in the build tree
work=$AC_WORK/sh/valgrind_unit
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

san=${AC_CFLAGS:-}
if [ -n "$san" ]; then
    echo "sanitized build: running under ASan/UBSan instead of valgrind"
    runner=(env ASAN_OPTIONS=detect_leaks=1)
else
    command -v valgrind >/dev/null || fail "valgrind is not installed"
    # shellcheck disable=SC2054
    runner=(valgrind -q --error-exitcode=99 --leak-check=full
        --errors-for-leak-kinds=definite,indirect)
fi

# Every test runs; the failures are listed at the end.
n=0
failed=()
for src in "$AC_SRC"/tests/unit/rt_*.c; do
    [ -e "$src" ] || continue
    name=$(basename "${src%.c}")
    n=$((n + 1))
    if [ ! -x "$bindir/$name" ]; then
        echo "FAIL: $name is not built in $bindir" >&2
        failed+=("$name")
    elif ! (cd "$bindir" && timeout 500 "${runner[@]}" "./$name") \
        >"$work/$name.log" 2>&1; then
        cat "$work/$name.log" >&2
        echo "FAIL: $name under ${runner[0]}" >&2
        failed+=("$name")
    else
        echo "ok: $name"
    fi
done
[ $n -gt 0 ] || fail "no runtime unit tests (tests/unit/rt_*.c)"
[ ${#failed[@]} -eq 0 ] || fail "${#failed[@]} of $n: ${failed[*]}"
