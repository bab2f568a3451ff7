#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] - fuzz the translator with libFuzzer.
#
# Configures and builds BUILD_DIR-fuzz (build-fuzz/ by default) with clang
# and -DASYNCC_FUZZ=ON, replays every input in tests/fuzz/regressions/,
# then fuzzes for SECONDS (60 by default; `tests/fuzz/run.sh 3600` is the
# long run) from a seed corpus of examples/ and tests/ (made at run time,
# not committed; tests/fuzz/pending/, known slow inputs, left out) with the
# dictionary tests/fuzz/asyncc.dict.  The corpus
# it grows is kept in BUILD_DIR-fuzz/fuzz-corpus/ for the next run.
#
# Exits 0 when nothing was found, 1 when an input crashed the translator
# (a crash, an ASan/UBSan report, a leak, a timeout over 10 s or memory
# over 2 GB): the reproducer's path is printed, and it belongs in
# tests/fuzz/regressions/ with the fix.  2: the harness did not build.
#
# Environment: JOBS (nproc), BUILD_DIR (build; the fuzz tree is its -fuzz
# sibling), FUZZ_ARGS (more libFuzzer flags), FUZZ_TIMEOUTS (fail, or
# warn: an input over 10 s is reported, its path printed, and fuzzing goes
# on; scripts/test.sh sets it while tests/fuzz/pending/ holds known slow
# inputs).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
secs=${1:-60}
case $secs in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
jobs=${JOBS:-$(nproc)}
dir=${BUILD_DIR:-$root/build}-fuzz
grammar=${ASYNCC_TS_C_DIR:-$root/third_party/tree-sitter-c}
fuzzer=$dir/fuzz_translate

echo "== fuzz: building ${dir#"$root"/}/ (clang, libFuzzer, ASan+UBSan)"
cc_args=(-DCMAKE_C_COMPILER=clang)
# an existing tree keeps its compiler (cmake refuses to change it)
[ -f "$dir/CMakeCache.txt" ] && cc_args=()
ts_args=()
[ -f "$grammar/src/parser.c" ] && ts_args=(-DASYNCC_TS_C_DIR="$grammar")
if ! cmake -S "$root" -B "$dir" "${cc_args[@]}" "${ts_args[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASYNCC_FUZZ=ON \
    -DASYNCC_BUILD_TESTS=OFF -DASYNCC_INSTALL=OFF >/dev/null ||
    ! cmake --build "$dir" -j"$jobs" --target fuzz_translate; then
    echo "fuzz: the harness did not build" >&2
    exit 2
fi

# The translator recurses over the syntax tree; the instrumented build's
# frames are a few times larger than the plain build's, so the stack gets
# the room that puts the two at about the same depth (8 MB plain).
ulimit -s 32768 2>/dev/null || ulimit -s unlimited 2>/dev/null || true

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
opts=(-dict="$root/tests/fuzz/asyncc.dict" -max_len=65536 -timeout=10
    -rss_limit_mb=2048)

status=0
# Every input that ever crashed the translator, first.
mapfile -t regressions < <(find "$root/tests/fuzz/regressions" -type f \
    ! -name 'README*' 2>/dev/null | sort)
if [ ${#regressions[@]} -gt 0 ]; then
    echo "== fuzz: replaying ${#regressions[@]} regression inputs"
    for f in "${regressions[@]}"; do
        if ! "$fuzzer" "${opts[@]}" "$f" >"$dir/replay.log" 2>&1; then
            cat "$dir/replay.log"
            echo "fuzz: regression input crashes again: $f" >&2
            status=1
        fi
    done
fi

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
find "$root/examples" "$root/tests" -type f \( -name '*.ac' -o -name '*.ah' \
    -o -name '*.c' \) ! -path '*/tests/fuzz/pending/*' -size -1000k -print0 |
    while IFS= read -r -d '' f; do
        cp "$f" "$seeds/$(printf '%s' "${f#"$root"/}" | tr '/' '_')"
    done
mkdir -p "$dir/fuzz-corpus" "$dir/fuzz-artifacts"

echo "== fuzz: $secs s, seeds $(find "$seeds" -type f | wc -l) files," \
    "corpus ${dir#"$root"/}/fuzz-corpus"
# libFuzzer stops at the first finding.  With FUZZ_TIMEOUTS=warn an input
# over the time limit (a known slow construct, tests/fuzz/pending/) is
# reported and fuzzing goes on for the rest of the time; anything else
# stops the run and fails it.
end=$(($(date +%s) + secs))
timeouts=0
while :; do
    left=$((end - $(date +%s)))
    [ "$left" -gt 0 ] || break
    # shellcheck disable=SC2086
    "$fuzzer" "${opts[@]}" -max_total_time="$left" -print_final_stats=1 \
        -artifact_prefix="$dir/fuzz-artifacts/" ${FUZZ_ARGS:-} \
        "$dir/fuzz-corpus" "$seeds" >"$dir/fuzz.log" 2>&1
    rc=$?
    grep -E '^(#[0-9]+\s+(INITED|DONE)|stat::number|SUMMARY|==[0-9]+==ERROR)' "$dir/fuzz.log"
    if [ $rc -eq 70 ] && [ "${FUZZ_TIMEOUTS:-fail}" = warn ]; then
        timeouts=$((timeouts + 1))
        a=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$dir/fuzz.log" | tail -n1)
        echo "fuzz: WARNING: an input took over 10 s (FUZZ_TIMEOUTS=warn): $a" >&2
        continue
    fi
    if [ $rc -ne 0 ]; then
        tail -n 60 "$dir/fuzz.log"
        echo "fuzz: FAILED (libFuzzer exit $rc); full log ${dir}/fuzz.log" >&2
        sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$dir/fuzz.log" |
            while read -r a; do
                echo "fuzz: reproducer: $a  (replay: $fuzzer $a)" >&2
            done
        status=1
    fi
    break
done
[ $status -eq 0 ] && echo "== fuzz: no crash in $secs s ($timeouts timeouts reported)"
exit $status
