#!/usr/bin/env bash
# build_fetchcontent.sh - asyncc's source tree inside another CMake project
# (docs/BUILDING.md):
#   1. examples/fetchcontent-project: FetchContent_Declare +
#      FetchContent_MakeAvailable, the source tree given with
#      FETCHCONTENT_SOURCE_DIR_ASYNCC (what a clone would be): asyncc's
#      translator and libasyncc are built as part of the project,
#      asyncc_generate() translates, and asyncc's own tests and install
#      rules stay out of the project;
#   2. add_subdirectory() of the source tree with
#      -DASYNCC_BUILD_TRANSLATOR=OFF: only libasyncc is built, and
#      asyncc_generate() runs the translator named by ASYNCC_EXECUTABLE.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK.
set -euo pipefail

build=$(dirname "$ASYNCC")
expected=$AC_SRC/examples/cmake-project/expected.txt
work=$AC_WORK/sh/build_fetchcontent
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
grammar=$(sed -n 's/^ASYNCC_TS_C_DIR:PATH=//p' "$build/CMakeCache.txt")
[ -f "$grammar/src/parser.c" ] || fail "no grammar at '$grammar'"
jobs=${JOBS:-2}

check_output() {
    "$1" >"$work/out.txt" 2>&1 || fail "$1 exited $?: $(cat "$work/out.txt")"
    diff -u "$expected" "$work/out.txt" || fail "$1: output differs"
}

# ---- 1. FetchContent ------------------------------------------------------
echo "== FetchContent"
src=$work/fetch
bin=$src/build
cp -r "$AC_SRC/examples/fetchcontent-project" "$src"
cmake -S "$src" -B "$bin" -DFETCHCONTENT_SOURCE_DIR_ASYNCC="$AC_SRC" \
    -DASYNCC_TS_C_DIR="$grammar" >"$work/cfg1.log" 2>&1 ||
    fail "configure: $(cat "$work/cfg1.log")"
cmake --build "$bin" -j"$jobs" >"$work/b1.log" 2>&1 ||
    fail "build: $(cat "$work/b1.log")"
grep -q "asyncc: translating main.c" "$work/b1.log" ||
    fail "asyncc_generate did not translate main.ac"
check_output "$bin/squares"
# asyncc's tests are not the project's, nor is installing asyncc
(cd "$bin" && ctest -N) >"$work/ctest.log" 2>&1 || true
grep -q "Total Tests: 0" "$work/ctest.log" ||
    fail "asyncc's tests registered in the project: $(tail -3 "$work/ctest.log")"
cmake --install "$bin" --prefix "$work/fetch-prefix" >"$work/inst1.log" 2>&1 ||
    fail "cmake --install: $(cat "$work/inst1.log")"
if [ -n "$(find "$work/fetch-prefix" -name 'libasyncc*' -o -name asyncc.h 2>/dev/null)" ]; then
    fail "the project's install also installs asyncc"
fi
# ...unless the project asks for them
cmake "$bin" -DASYNCC_BUILD_TESTS=ON -DASYNCC_INSTALL=ON >"$work/cfg1b.log" 2>&1 ||
    fail "configure with ASYNCC_BUILD_TESTS: $(cat "$work/cfg1b.log")"
(cd "$bin" && ctest -N) >"$work/ctest2.log" 2>&1 || true
grep -q "sh.build_fetchcontent" "$work/ctest2.log" ||
    fail "ASYNCC_BUILD_TESTS=ON registered no tests: $(tail -3 "$work/ctest2.log")"

# ---- 2. add_subdirectory, runtime only --------------------------------------
echo "== add_subdirectory, ASYNCC_BUILD_TRANSLATOR=OFF"
src=$work/subdir
bin=$src/build
mkdir -p "$src"
cp "$AC_SRC"/examples/cmake-project/*.a[ch] "$src/"
cat >"$src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(squares LANGUAGES C)
add_subdirectory("$AC_SRC" asyncc)
add_executable(squares)
asyncc_generate(generated squares.ah squares.ac main.ac TARGET squares)
target_link_libraries(squares PRIVATE asyncc::asyncc_shared)
CMAKE
cmake -S "$src" -B "$bin" -DASYNCC_BUILD_TRANSLATOR=OFF \
    -DASYNCC_EXECUTABLE="$ASYNCC" >"$work/cfg2.log" 2>&1 ||
    fail "configure: $(cat "$work/cfg2.log")"
if grep -qi "tree-sitter" "$work/cfg2.log"; then
    fail "a runtime-only build looked for tree-sitter: $(cat "$work/cfg2.log")"
fi
cmake --build "$bin" -j"$jobs" >"$work/b2.log" 2>&1 ||
    fail "build: $(cat "$work/b2.log")"
[ ! -e "$bin/asyncc/asyncc" ] || fail "the translator was built"
if grep -q "asyncc_translator\|tree_sitter_c" "$work/b2.log"; then
    fail "translator sources were built: $(cat "$work/b2.log")"
fi
grep -q "asyncc: translating main.c" "$work/b2.log" ||
    fail "asyncc_generate did not translate main.ac"
check_output "$bin/squares"
echo "build_fetchcontent: OK"
