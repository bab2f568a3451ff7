#!/usr/bin/env bash
# build_m32.sh - a cross build (docs/BUILDING.md): libasyncc alone for
# 32-bit x86 (-m32, -DASYNCC_BUILD_TRANSLATOR=OFF), with the translator of
# this build as the host translator.
#   1. the runtime-only build installs no bin/asyncc and its libraries are
#      32-bit;
#   2. examples/cmake-project builds against that install with
#      find_package(asyncc), the package finding the host translator through
#      ASYNCC_EXECUTABLE, and links 32-bit;
#   3. a coroutine program with tasks and timers (examples/async_add.ac)
#      translated by the host translator compiles warning-free with -m32 and
#      links against the 32-bit libasyncc.a.
# The programs are linked, not run: kernels built without IA32 emulation
# (this project's CI machines among them) refuse 32-bit executables.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK.
# gcc-multilib is installed by scripts/test.sh.
set -euo pipefail

work=$AC_WORK/sh/build_m32
prefix=$work/prefix
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
jobs=${JOBS:-2}
elf_class() { od -An -tu1 -j4 -N1 "$1" | tr -d ' '; } # 1: 32-bit, 2: 64-bit

echo "== runtime only, -m32"
rt=$work/rt-build
cmake -S "$AC_SRC" -B "$rt" -DCMAKE_C_FLAGS=-m32 -DCMAKE_BUILD_TYPE=Debug \
    -DASYNCC_BUILD_TRANSLATOR=OFF -DASYNCC_BUILD_TESTS=OFF -DASYNCC_INSTALL=ON \
    >"$work/cfg.log" 2>&1 || fail "configure: $(cat "$work/cfg.log")"
cmake --build "$rt" -j"$jobs" >"$work/build.log" 2>&1 ||
    fail "build: $(cat "$work/build.log")"
cmake --install "$rt" --prefix "$prefix" >"$work/install.log" 2>&1 ||
    fail "install: $(cat "$work/install.log")"
[ ! -e "$prefix/bin/asyncc" ] || fail "a runtime-only build installed bin/asyncc"
lib=$(find "$prefix" -name libasyncc.so.0 | head -n1)
[ -n "$lib" ] || fail "no libasyncc.so.0 installed"
[ "$(elf_class "$lib")" = 1 ] || fail "$lib is not 32-bit"
libdir=$(dirname "$lib")

echo "== examples/cmake-project against it, host translator"
src=$work/proj
cp -r "$AC_SRC/examples/cmake-project" "$src"
cmake -S "$src" -B "$src/build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_FLAGS=-m32 -DASYNCC_EXECUTABLE="$ASYNCC" \
    >"$work/pcfg.log" 2>&1 || fail "configure: $(cat "$work/pcfg.log")"
cmake --build "$src/build" >"$work/pbuild.log" 2>&1 ||
    fail "build: $(cat "$work/pbuild.log")"
grep -q "asyncc: translating main.c" "$work/pbuild.log" ||
    fail "asyncc_generate did not run the host translator"
[ "$(elf_class "$src/build/squares")" = 1 ] || fail "squares is not 32-bit"

echo "== a coroutine program, 32-bit"
"$ASYNCC" "$AC_SRC/examples/async_add.ac" -o "$work/async_add.c" ||
    fail "translating async_add.ac"
cc -m32 -std=c99 -Wall -Wextra -Werror -I "$prefix/include" "$work/async_add.c" \
    "$libdir/libasyncc.a" -lpthread -lm -o "$work/async_add" ||
    fail "compiling async_add.c -m32"
[ "$(elf_class "$work/async_add")" = 1 ] || fail "async_add is not 32-bit"
echo "build_m32: OK"
