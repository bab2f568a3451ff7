#!/usr/bin/env bash
# fuzz_regressions.sh - every input in tests/fuzz/regressions/ (what the
# fuzzer found, and nasty seeds) through asyncc in each emit mode: exit 0
# or 1, never a signal, a sanitizer report or a hang.  The fuzz pass of
# scripts/test.sh replays them through the libFuzzer harness as well.
set -uo pipefail
: "${ASYNCC:?}" "${AC_SRC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz_regressions.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
n=0
for f in "$AC_SRC"/tests/fuzz/regressions/*; do
    [ -f "$f" ] || continue
    for emit in c json dot; do
        n=$((n + 1))
        timeout 60 "$ASYNCC" --emit="$emit" "$f" -o "$work/out" \
            >/dev/null 2>"$work/err"
        rc=$?
        if [ $rc -gt 1 ] || grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$work/err"; then
            echo "FAIL: ${f#"$AC_SRC"/} --emit=$emit: exit $rc" >&2
            tail -n 20 "$work/err" >&2
            fails=$((fails + 1))
        fi
    done
done
echo "$n runs, $fails failed"
[ $fails -eq 0 ]
