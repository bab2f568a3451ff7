#!/usr/bin/env bash
# Installs the build into a temporary prefix (SPEC section 8) and uses it
# the three ways a user would:
#   1. examples/cmake-project through find_package(asyncc) and
#      asyncc_generate(), with each CMake generator present (Unix Makefiles,
#      Ninja), checking that an edited .ah re-translates the .ac files that
#      include it (depfiles) and that an unchanged tree translates nothing;
#   2. the same sources laid out in src/ and include/, with asyncc_generate's
#      INCLUDE_DIRS, OUTPUT_DIR and TARGET options, linked with the shared
#      library;
#   3. the installed bin/asyncc, found with `pkg-config --variable=asyncc
#      asyncc`, and `cc ... $(pkg-config --cflags --libs asyncc)`.
# Each program's output must equal examples/cmake-project/expected.txt.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK, AC_CFLAGS.
set -euo pipefail

build=$(dirname "$ASYNCC")
project=$AC_SRC/examples/cmake-project
work=$AC_WORK/sh/install_project
prefix=$work/prefix
expected=$project/expected.txt
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -f "$build/CMakeCache.txt" ] || fail "no build tree at $build"
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")
libdir=${libdir:-lib}

# A sanitized libasyncc needs the sanitizer runtime in every program.
san=${AC_CFLAGS:-}
cmake_flags=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug)
if [ -n "$san" ]; then
    cmake_flags+=(-DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san")
fi

echo "== install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" ||
    fail "cmake --install: $(cat "$work/install.log")"
for f in bin/asyncc include/asyncc.h "$libdir/libasyncc.a" \
    "$libdir/libasyncc.so" "$libdir/pkgconfig/asyncc.pc" \
    "$libdir/cmake/asyncc/asyncc-config.cmake" \
    "$libdir/cmake/asyncc/asyncc-config-version.cmake" \
    "$libdir/cmake/asyncc/AsynccGenerate.cmake"; do
    [ -e "$prefix/$f" ] || fail "not installed: $f"
done
"$prefix/bin/asyncc" --version >/dev/null || fail "installed asyncc --version"

# check_output PROGRAM: runs it, compares with expected.txt.
check_output() {
    "$1" >"$work/out.txt" 2>&1 || fail "$1 exited $?: $(cat "$work/out.txt")"
    diff -u "$expected" "$work/out.txt" || fail "$1: output differs"
}

# ---- 1. find_package + asyncc_generate, per generator -------------------
generators=("Unix Makefiles")
command -v ninja >/dev/null && generators+=(Ninja)
for gen in "${generators[@]}"; do
    echo "== examples/cmake-project with $gen"
    src=$work/proj-${gen// /_}
    bin=$src/build
    cp -r "$project" "$src"
    cmake -G "$gen" -S "$src" -B "$bin" "${cmake_flags[@]}" >"$work/cfg.log" ||
        fail "configure: $(cat "$work/cfg.log")"
    cmake --build "$bin" >"$work/b1.log" 2>&1 ||
        fail "build: $(cat "$work/b1.log")"
    check_output "$bin/squares"

    cmake --build "$bin" >"$work/b2.log" 2>&1 || fail "rebuild"
    if grep -q "asyncc: translating" "$work/b2.log"; then
        fail "$gen: an unchanged tree was translated again"
    fi
    # A change to the header must re-translate the header and both .ac
    # files that include it (found through the translator's depfiles).
    echo "/* edited */" >>"$src/squares.ah"
    cmake --build "$bin" >"$work/b3.log" 2>&1 || fail "build after edit"
    for out in squares.h squares.c main.c; do
        grep -q "asyncc: translating $out" "$work/b3.log" ||
            fail "$gen: $out not re-translated after squares.ah changed"
    done
    # ...and a change to one .ac only that one.
    echo "/* edited */" >>"$src/squares.ac"
    cmake --build "$bin" >"$work/b4.log" 2>&1 || fail "build after edit"
    grep -q "asyncc: translating squares.c" "$work/b4.log" ||
        fail "$gen: squares.c not re-translated"
    if grep -q "asyncc: translating main.c" "$work/b4.log"; then
        fail "$gen: main.c re-translated though nothing it uses changed"
    fi
    check_output "$bin/squares"
done

# ---- 2. INCLUDE_DIRS and TARGET, shared library --------------------------
echo "== INCLUDE_DIRS and TARGET"
src=$work/proj-layout
mkdir -p "$src/src" "$src/include"
cp "$project/main.ac" "$project/squares.ac" "$src/src/"
cp "$project/squares.ah" "$src/include/"
cat >"$src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(layout LANGUAGES C)
find_package(asyncc REQUIRED)
add_executable(squares)
asyncc_generate(generated src/main.ac src/squares.ac include/squares.ah
  INCLUDE_DIRS include OUTPUT_DIR gen TARGET squares)
target_link_libraries(squares PRIVATE asyncc::asyncc_shared)
list(LENGTH generated n)
if(NOT n EQUAL 3)
  message(FATAL_ERROR "asyncc_generate gave ${n} files: ${generated}")
endif()
CMAKE
cmake -S "$src" -B "$src/build" "${cmake_flags[@]}" >"$work/cfg.log" ||
    fail "configure: $(cat "$work/cfg.log")"
cmake --build "$src/build" >"$work/b5.log" 2>&1 ||
    fail "build: $(cat "$work/b5.log")"
[ -f "$src/build/gen/include/squares.h" ] ||
    fail "gen/include/squares.h not generated"
check_output "$src/build/squares"

# ---- 3. pkg-config -------------------------------------------------------
echo "== pkg-config"
src=$work/pkgconfig
mkdir -p "$src"
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
# the translator is the .pc file's `asyncc` variable
translator=$(pkg-config --variable=asyncc asyncc) ||
    fail "pkg-config --variable=asyncc asyncc"
[ "$(cd "$(dirname "$translator")" && pwd -P)/asyncc" = "$(cd "$prefix/bin" && pwd -P)/asyncc" ] ||
    fail "pkg-config --variable=asyncc gives '$translator'"
for f in squares.ah squares.ac main.ac; do
    case $f in *.ah) out=$src/${f%.ah}.h ;; *.ac) out=$src/${f%.ac}.c ;; esac
    "$translator" -I "$project" "$project/$f" -o "$out" ||
        fail "installed asyncc on $f"
done
# shellcheck disable=SC2046,SC2086
cc -std=c99 -Wall -Wextra -Werror $san -I "$src" "$src/main.c" \
    "$src/squares.c" $(pkg-config --cflags --libs asyncc) -o "$src/squares" ||
    fail "cc with pkg-config"
check_output "$src/squares"
echo "OK (generators: ${generators[*]})"
