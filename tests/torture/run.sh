#!/usr/bin/env bash
# tests/torture/run.sh FILE.ac... - the torture suite (issue 9), one or more
# programs.  For each NAME.ac:
#   1. the oracle: NAME.c (the same program with plain functions) compiled
#      with gcc (with the same warnings as the translation) and run, or NAME.py run with python3;
#   2. asyncc translates NAME.ac (and any NAME.ah beside it);
#   3. the result is compiled with gcc and clang at
#      -std=c99 -pedantic -Wall -Wextra -Werror, and with tcc at -Wall -Werror
#      (tcc compiles, gcc links with tcc's libtcc1.a: tcc cannot link
#      libasyncc's TLS), and with
#      gcc -fsanitize=address,undefined -fno-sanitize-recover=undefined;
#   4. each build runs; its stdout and exit status must equal the oracle's.
# A first line `// cflags: FLAGS` replaces `-std=c99 -pedantic` (for
# programs that use GNU C: `// cflags: -std=gnu99`).
# Environment: ASYNCC, AC_INCLUDE, AC_LIB (as tests/run.sh), AC_WORK
# (default: a temporary directory), TORTURE_KEEP=1 keeps the work directory.
set -uo pipefail

status=0
for src in "$@"; do
    dir=$(cd "$(dirname "$src")" && pwd)
    base=$(basename "$src")
    name=${base%.ac}
    if [ -n "${AC_WORK:-}" ]; then
        work="$AC_WORK/torture/$name"
        rm -rf "$work" && mkdir -p "$work"
    else
        work=$(mktemp -d)
    fi
    failed=0
    fail() { echo "FAIL $name: $*" >&2; failed=1; }

    std="-std=c99 -pedantic"
    first=$(head -n1 "$src")
    case $first in
    "// cflags:"*) std=${first#// cflags:} ;;
    esac
    # shellcheck disable=SC2206
    std=($std)
    warn=(-Wall -Wextra -Werror)
    inc=(-I "$AC_INCLUDE" -I "$work" -I "$dir")
    libs=("$AC_LIB" -lpthread -lm)

    # 1. the oracle
    if [ -f "$dir/$name.c" ]; then
        if gcc "${warn[@]}" "${std[@]}" -o "$work/oracle" "$dir/$name.c" -lm 2>"$work/oracle.err"; then
            (cd "$dir" && timeout 60 "$work/oracle") >"$work/expected.txt" 2>/dev/null
            echo "exit $?" >>"$work/expected.txt"
        else
            cat "$work/oracle.err" >&2
            fail "the oracle $name.c does not compile"
        fi
    elif [ -f "$dir/$name.py" ]; then
        (cd "$dir" && timeout 60 python3 "$dir/$name.py") >"$work/expected.txt" 2>/dev/null
        echo "exit $?" >>"$work/expected.txt"
    else
        fail "no oracle ($name.c or $name.py)"
    fi

    # 2. translate
    for ah in "$dir/$name".ah; do
        [ -e "$ah" ] || continue
        "$ASYNCC" -I "$dir" "$ah" -o "$work/$name.h" 2>"$work/translate.err" ||
            { cat "$work/translate.err" >&2; fail "translating $ah"; }
    done
    if [ $failed -eq 0 ]; then
        if ! "$ASYNCC" -I "$dir" "$src" -o "$work/$name.gen.c" 2>"$work/translate.err"; then
            head -n 20 "$work/translate.err" >&2
            fail "translation failed"
        fi
    fi

    # 3.-4. compile, run, compare
    run_one() { # TAG BINARY
        local tag=$1 bin=$2
        (cd "$dir" && timeout 60 "$bin") >"$work/out-$tag.txt" 2>"$work/err-$tag.txt"
        echo "exit $?" >>"$work/out-$tag.txt"
        if ! cmp -s "$work/expected.txt" "$work/out-$tag.txt"; then
            diff -u "$work/expected.txt" "$work/out-$tag.txt" | head -n 30 >&2
            head -n 20 "$work/err-$tag.txt" >&2
            fail "$tag: output differs"
        fi
    }
    build() { # TAG COMMAND...
        local tag=$1
        shift
        if ! "$@" 2>"$work/cc-$tag.txt"; then
            head -n 30 "$work/cc-$tag.txt" >&2
            fail "$tag: does not compile"
            return 1
        fi
    }
    if [ $failed -eq 0 ]; then
        c="$work/$name.gen.c"
        build gcc gcc "${warn[@]}" "${std[@]}" -g "${inc[@]}" "$c" "${libs[@]}" -o "$work/p-gcc" &&
            run_one gcc "$work/p-gcc"
        build clang clang "${warn[@]}" "${std[@]}" "${inc[@]}" "$c" "${libs[@]}" -o "$work/p-clang" &&
            run_one clang "$work/p-clang"
        if command -v tcc >/dev/null 2>&1; then
            build tcc tcc -Wall -Werror "${inc[@]}" -c "$c" -o "$work/p-tcc.o" &&
                build tcc-link gcc -z noexecstack "$work/p-tcc.o" "${libs[@]}" \
                    "$(tcc -print-search-dirs | sed -n 's/^install: //p')/libtcc1.a" -o "$work/p-tcc" &&
                run_one tcc "$work/p-tcc"
        else
            fail "tcc is not installed"
        fi
        build asan gcc "${warn[@]}" "${std[@]}" -g -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined -fno-omit-frame-pointer "${inc[@]}" "$c" \
            "${libs[@]}" -o "$work/p-asan" &&
            ASAN_OPTIONS=detect_leaks=1 run_one asan "$work/p-asan"
    fi
    if [ $failed -eq 0 ]; then
        echo "ok   $name"
        [ -n "${AC_WORK:-}" ] || [ -n "${TORTURE_KEEP:-}" ] || rm -rf "$work"
    else
        echo "FAIL $name (work: $work)"
        status=1
    fi
done
exit $status
