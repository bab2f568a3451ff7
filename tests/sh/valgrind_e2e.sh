#!/usr/bin/env bash
# Translated programs under valgrind (memcheck, full leak check): each is
# translated, compiled without sanitizers, run under valgrind with
# --error-exitcode=99 (told apart from the program's own status), and its
# output compared with its oracle (the .py beside it, else the .expected
# file), as tests/run.sh does.  In a sanitized build (AC_CFLAGS has
# -fsanitize) valgrind cannot run the binaries, so the same programs run
# under ASan/LSan+UBSan instead; the script says which.
# Environment (tests/CMakeLists.txt): ASYNCC, AC_INCLUDE, AC_LIB, AC_CFLAGS,
# AC_WORK, AC_SRC.
set -uo pipefail

# The programs, relative to the source tree: every e2e program and every
# example (about 45 s for 48 of them under valgrind on 2 cores).
programs=()
for f in "$AC_SRC"/tests/e2e/*.ac "$AC_SRC"/examples/*.ac; do
    [ -e "$f" ] && programs+=("${f#"$AC_SRC"/}")
done
[ ${#programs[@]} -gt 0 ] || { echo "FAIL: no programs" >&2; exit 1; }

work=$AC_WORK/sh/valgrind_e2e
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
        --show-leak-kinds=definite,indirect,possible
        --errors-for-leak-kinds=definite,indirect,possible)
fi

# oracle SRC: the expected output of SRC (stdout+stderr, then "exit N").
oracle() {
    local dir=$1 name=$2
    if [ -f "$dir/$name.py" ]; then
        (cd "$dir" && timeout 120 python3 "$dir/$name.py") 2>&1
        echo "exit $?"
    elif [ -f "$dir/$name.expected" ]; then
        cat "$dir/$name.expected"
    else
        fail "no $name.py or $name.expected in $dir"
    fi
}

# vg_report DIR: valgrind's reports, without its warning that it does not
# know pidfd_open (syscall 434): it answers ENOSYS, and the runtime's child
# watcher then falls back to SIGCHLD, which valgrind handles.
vg_report() {
    cat "$1"/vg.* 2>/dev/null | grep -v -e 'unhandled amd64-linux syscall: 434$' \
        -e 'You may be able to write your own handler\.$' \
        -e 'Read the file README_MISSING_SYSCALL_OR_IOCTL\.$' \
        -e 'Nevertheless we consider this a bug\.  Please report$' \
        -e 'it at http://valgrind.org/support/bug_reports.html\.$'
}

# check SRC: translate, compile, run under the checker, compare.
check() {
    local src=$AC_SRC/$1 dir name out rc
    [ -f "$src" ] || fail "$1 does not exist"
    dir=$(dirname "$src")
    name=$(basename "${src%.ac}")
    out=$work/$name
    mkdir -p "$out"
    for ah in "$dir"/*.ah; do
        [ -e "$ah" ] || continue
        "$ASYNCC" -I "$dir" "$ah" -o "$out/$(basename "${ah%.ah}").h" ||
            fail "translating $ah"
    done
    "$ASYNCC" -I "$dir" "$src" -o "$out/$name.c" || fail "translating $1"
    local extra=()
    [ -f "$dir/$name.c-extra" ] && read -r -a extra <"$dir/$name.c-extra"
    # shellcheck disable=SC2086
    cc -std=c99 -Wall -Wextra -Werror -g -O1 $san -I "$AC_INCLUDE" \
        -I "$out" -I "$dir" "$out/$name.c" "${extra[@]}" "$AC_LIB" \
        -lpthread -lm -o "$out/$name" || fail "compiling $1"
    # valgrind's report goes to its own files (one per process), apart
    # from the program's output.
    local log=()
    [ -n "$san" ] || log=(--log-file="$out/vg.%p")
    (cd "$dir" && timeout 600 "${runner[@]}" "${log[@]}" "$out/$name") \
        >"$out/out.txt" 2>&1
    rc=$?
    if [ -z "$san" ] && [ $rc -eq 99 ]; then
        cat "$out"/vg.* >&2
        fail "$1: valgrind found errors"
    fi
    echo "exit $rc" >>"$out/out.txt"
    oracle "$dir" "$name" >"$out/expected.txt"
    diff -u "$out/expected.txt" "$out/out.txt" || fail "$1: output differs"
    if [ -z "$san" ] && [ -n "$(vg_report "$out")" ]; then
        cat "$out"/vg.* >&2
        fail "$1: valgrind reported problems"
    fi
    echo "ok: $1"
}

# Every program runs (check exits its own subshell); failures at the end.
failed=()
for p in "${programs[@]}"; do
    (check "$p") || failed+=("$p")
done
[ ${#failed[@]} -eq 0 ] ||
    fail "${#failed[@]} of ${#programs[@]}: ${failed[*]}"
