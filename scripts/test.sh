#!/usr/bin/env bash
# scripts/test.sh - every test, five ways:
#
#   1. build/        the normal build (setup.sh's): every CTest test
#   2. build-asan/   -DASYNCC_SANITIZE=ON (ASan+UBSan): every CTest test
#   3. build/        the valgrind pass: the tests/sh/valgrind_*.sh tests
#   4. build-poll/   -DASYNCC_IO_BACKEND=poll: the runtime tests (unit.rt_*)
#   5. build-tsan/   -DASYNCC_SANITIZE_THREAD=ON: the runtime tests and the
#                    translated programs (the loop's thread-safe queue,
#                    the executor, channels, worker loops)
#   6. build-fuzz/   clang + libFuzzer (tests/fuzz/run.sh): the regression
#                    inputs, then FUZZ_SECONDS (60) of fuzzing the
#                    translator; counts as one test
#
# Runs setup.sh first when build/ has no asyncc yet.  Exits non-zero if any
# pass fails, after running all of them.  Environment: JOBS (nproc),
# ONLY (a space-separated subset of: main asan valgrind poll tsan fuzz),
# BUILD_DIR (build; the other trees are BUILD_DIR-asan, -poll and -tsan).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${JOBS:-$(nproc)}
only=${ONLY:-main asan valgrind poll tsan fuzz}
build=${BUILD_DIR:-$root/build}
export BUILD_DIR=$build
grammar=${ASYNCC_TS_C_DIR:-$root/third_party/tree-sitter-c} # as setup.sh
. "$root/scripts/deps.sh"
export CTEST_OUTPUT_ON_FAILURE=1

step() { echo; echo "== $*"; }
wants() { case " $only " in *" $1 "*) return 0 ;; esac; return 1; }

declare -a summary=()
passed_total=0
failed_total=0
status=0
start=$(date +%s)

# Setup failing after the packages and the grammar are in place (say, the
# letters example does not run) still leaves the tests to say why.
if [ ! -x "$build/asyncc" ] || [ ! -f "$grammar/src/parser.c" ]; then
    step "setup (first run)"
    if ! bash "$root/scripts/setup.sh"; then
        summary+=("[setup] FAILED")
        status=1
        [ -f "$grammar/src/parser.c" ] || { echo "setup failed" >&2; exit 1; }
    fi
fi
# What the tests beyond the build need: valgrind; meson and ninja
# (tests/sh/build_meson.sh); graphviz (--emit=dot rendered); groff (the
# man page); the 32-bit toolchain (tests/sh/build_m32.sh); clang and tcc
# (tests/torture/run.sh builds every program with gcc, clang and tcc);
# gdb (tests/sh/gdb_debug.sh).
missing=$(ac_missing_packages valgrind:cmd:valgrind meson:cmd:meson \
    clang:cmd:clang tcc:cmd:tcc gdb:cmd:gdb \
    ninja-build:cmd:ninja graphviz:cmd:dot groff-base:cmd:groff \
    gcc-multilib:file:/usr/lib/gcc/x86_64-linux-gnu/12/32/crtbegin.o \
    gcc-multilib:hdr:x86_64-linux-gnu/gnu/stubs-32.h)
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086
    ac_install_packages $missing || exit 1
fi

# configure DIR ARGS...: configure and build one build tree.
configure() {
    local dir=$1
    shift
    cmake -S "$root" -B "$dir" -DASYNCC_TS_C_DIR="$grammar" "$@" >/dev/null &&
        cmake --build "$dir" -j"$jobs"
}

# run_ctest NAME DIR CTEST-ARGS...: one pass; keeps ctest's summary lines.
run_ctest() {
    local name=$1 dir=$2 log rc
    shift 2
    log=$dir/ctest-$name.log
    step "$name: ctest in ${dir#"$root"/} $*"
    (cd "$dir" && ctest --output-on-failure --no-tests=error -j"$jobs" "$@") 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    local line
    line=$(grep -E 'tests passed|tests failed' "$log" | tail -n1)
    summary+=("[$name] $line")
    # "N% tests passed, F tests failed out of T": add to the totals.
    if [[ $line =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
        failed_total=$((failed_total + BASH_REMATCH[1]))
        passed_total=$((passed_total + BASH_REMATCH[2] - BASH_REMATCH[1]))
    else
        failed_total=$((failed_total + 1))
    fi
    if [ "$rc" -ne 0 ]; then
        summary+=("$(sed -n '/The following tests FAILED/,$p' "$log")")
        status=1
    fi
}

# build_failed NAME: a pass whose build failed counts as failed.
build_failed() {
    summary+=("[$1] BUILD FAILED")
    failed_total=$((failed_total + 1))
    status=1
}

if wants main; then
    step "main: building ${build#"$root"/}/"
    if configure "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo; then
        run_ctest main "$build" -E '^sh\.valgrind_'
    else
        build_failed main
    fi
fi
if wants asan; then
    step "asan: building ${build#"$root"/}-asan/ (ASan+UBSan)"
    if configure "$build-asan" -DCMAKE_BUILD_TYPE=Debug \
        -DASYNCC_SANITIZE=ON; then
        # valgrind cannot run sanitized binaries: its pass is the 3rd one.
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            run_ctest asan "$build-asan" -E '^sh\.valgrind_'
    else
        build_failed asan
    fi
fi
if wants valgrind; then
    if [ -x "$build/asyncc" ] || configure "$build" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo; then
        run_ctest valgrind "$build" -R '^sh\.valgrind_'
    else
        build_failed valgrind
    fi
fi
if wants poll; then
    step "poll: building ${build#"$root"/}-poll/ (poll(2) backend)"
    if configure "$build-poll" -DCMAKE_BUILD_TYPE=Debug \
        -DASYNCC_IO_BACKEND=poll; then
        run_ctest poll "$build-poll" -R '^unit\.rt_'
    else
        build_failed poll
    fi
fi

# tsan_runs: whether ThreadSanitizer programs run on this kernel (some
# address-space layouts make them die at start-up: then the pass says so).
tsan_runs() {
    local dir
    dir=$(mktemp -d)
    printf 'int main(void) { return 0; }\n' >"$dir/t.c"
    cc -fsanitize=thread "$dir/t.c" -o "$dir/t" 2>"$dir/err" && "$dir/t" 2>>"$dir/err"
    local rc=$?
    [ $rc -eq 0 ] || sed 's/^/    /' "$dir/err"
    rm -rf "$dir"
    return $rc
}

if wants tsan && ! tsan_runs; then
    step "tsan: ThreadSanitizer cannot run on this machine (above): pass not run"
    summary+=("[tsan] NOT RUN: ThreadSanitizer cannot run on this machine")
elif wants tsan; then
    step "tsan: building ${build#"$root"/}-tsan/ (ThreadSanitizer)"
    if configure "$build-tsan" -DCMAKE_BUILD_TYPE=Debug \
        -DASYNCC_SANITIZE_THREAD=ON; then
        TSAN_OPTIONS=allocator_may_return_null=1:halt_on_error=1 \
            run_ctest tsan "$build-tsan" -R '^(unit\.rt_|e2e\.)'
    else
        build_failed tsan
    fi
fi

if wants fuzz; then
    step "fuzz: libFuzzer over the translator (tests/fuzz/run.sh)"
    # libFuzzer's runtime: clang recommends it, --no-install-recommends
    # leaves it out.
    fuzz_rt=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)
    case $fuzz_rt in /*) ;; *) fuzz_rt=/nonexistent ;; esac
    missing=$(ac_missing_packages clang:cmd:clang "libclang-rt-dev:file:$fuzz_rt")
    if [ -n "$missing" ]; then
        # shellcheck disable=SC2086
        ac_install_packages $missing || true
    fi
    fuzz_start=$(date +%s)
    # Known slow inputs not fixed yet (tests/fuzz/pending/, issue 13
    # item 2) would make the pass fail at random: while there are any, an
    # input over the time limit is reported, not a failure.
    fuzz_timeouts=fail
    if [ -n "$(ls -A "$root/tests/fuzz/pending" 2>/dev/null)" ]; then
        fuzz_timeouts=warn
    fi
    FUZZ_TIMEOUTS=${FUZZ_TIMEOUTS:-$fuzz_timeouts} \
        bash "$root/tests/fuzz/run.sh" "${FUZZ_SECONDS:-60}"
    rc=$?
    fuzz_time=$(($(date +%s) - fuzz_start))
    if [ $rc -eq 0 ]; then
        summary+=("[fuzz] no crash in ${FUZZ_SECONDS:-60} s of fuzzing (${fuzz_time} s with the build)")
        passed_total=$((passed_total + 1))
    elif [ $rc -eq 2 ]; then
        build_failed fuzz
    else
        summary+=("[fuzz] FAILED: the fuzzer found a crash (reproducer above)")
        failed_total=$((failed_total + 1))
        status=1
    fi
fi

step "summary ($(($(date +%s) - start)) s)"
printf '%s\n' "${summary[@]}"
echo "total: $passed_total passed, $failed_total failed"
exit $status
