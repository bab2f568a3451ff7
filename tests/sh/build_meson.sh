#!/usr/bin/env bash
# build_meson.sh - the Meson recipe (docs/BUILDING.md,
# examples/meson-project): installs the build into a temporary prefix,
# then builds examples/meson-project with meson and ninja, dependency('asyncc')
# found through PKG_CONFIG_PATH and the translator through the .pc file's
# `asyncc` variable, run by generator() with a depfile.  Checks the output,
# that an unchanged tree rebuilds nothing, and that an edited .ah
# re-translates the .ac files including it.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK, AC_CFLAGS.
set -euo pipefail

build=$(dirname "$ASYNCC")
project=$AC_SRC/examples/meson-project
expected=$AC_SRC/examples/cmake-project/expected.txt
work=$AC_WORK/sh/build_meson
prefix=$work/prefix
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v meson >/dev/null || fail "meson is not installed (scripts/test.sh installs it)"
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")
libdir=${libdir:-lib}

cmake --install "$build" --prefix "$prefix" >"$work/install.log" ||
    fail "cmake --install: $(cat "$work/install.log")"
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig

src=$work/proj
bin=$work/proj-build
cp -r "$project" "$src"
san=${AC_CFLAGS:-}
# shellcheck disable=SC2086
CFLAGS="-Werror $san" LDFLAGS="$san" meson setup "$bin" "$src" \
    >"$work/setup.log" 2>&1 || fail "meson setup: $(cat "$work/setup.log")"
grep -q "Run-time dependency asyncc found: YES" "$work/setup.log" ||
    fail "dependency('asyncc') not found: $(cat "$work/setup.log")"

ninja -C "$bin" -v >"$work/n1.log" 2>&1 || fail "build: $(cat "$work/n1.log")"
grep -q "$prefix/$libdir/pkgconfig/../../bin/asyncc .*main.ac" "$work/n1.log" ||
    fail "the installed translator did not translate main.ac: $(cat "$work/n1.log")"
"$bin/squares" >"$work/out.txt" || fail "squares exited $?"
diff -u "$expected" "$work/out.txt" || fail "output differs"

ninja -C "$bin" -v >"$work/n2.log" 2>&1 || fail "rebuild"
grep -q "no work to do" "$work/n2.log" ||
    fail "an unchanged tree was rebuilt: $(cat "$work/n2.log")"

echo "/* edited */" >>"$src/squares.ah"
ninja -C "$bin" -v >"$work/n3.log" 2>&1 || fail "build after edit"
for f in squares.ah main.ac squares.ac; do
    grep -q "asyncc .*$f" "$work/n3.log" ||
        fail "$f not re-translated after squares.ah changed: $(cat "$work/n3.log")"
done
echo "/* edited */" >>"$src/main.ac"
ninja -C "$bin" -v >"$work/n4.log" 2>&1 || fail "build after edit"
grep -q "asyncc .*main.ac" "$work/n4.log" || fail "main.ac not re-translated"
if grep -q "asyncc .*squares.ac" "$work/n4.log"; then
    fail "squares.ac re-translated though nothing it reads changed"
fi
"$bin/squares" >"$work/out.txt" || fail "squares exited $?"
diff -u "$expected" "$work/out.txt" || fail "output differs after rebuild"
echo "build_meson: OK"
