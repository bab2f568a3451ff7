#!/usr/bin/env bash
# build_make.sh - the Make recipe (docs/BUILDING.md, examples/make-project):
# installs the build into a temporary prefix, then builds
# examples/make-project with GNU Make, the translator and the flags coming
# from pkg-config (PKG_CONFIG_PATH, `pkg-config --variable=asyncc asyncc`).
# Checks the program's output, that an unchanged tree rebuilds nothing,
# that an edited .ah re-translates the .ac files including it (the -MD -MF
# depfiles) and that an edited .ac re-translates only itself.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK, AC_CFLAGS.
set -euo pipefail

build=$(dirname "$ASYNCC")
project=$AC_SRC/examples/make-project
expected=$AC_SRC/examples/cmake-project/expected.txt
work=$AC_WORK/sh/build_make
prefix=$work/prefix
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")
libdir=${libdir:-lib}

cmake --install "$build" --prefix "$prefix" >"$work/install.log" ||
    fail "cmake --install: $(cat "$work/install.log")"
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
# a PATH without the installed asyncc: the Makefile finds it through the .pc
translator=$(pkg-config --variable=asyncc asyncc) ||
    fail "pkg-config --variable=asyncc asyncc"
[ "$(cd "$(dirname "$translator")" && pwd -P)" = "$(cd "$prefix/bin" && pwd -P)" ] ||
    fail "--variable=asyncc is '$translator', not under $prefix/bin"

src=$work/proj
cp -r "$project" "$src"
rm -f "$src"/*.c "$src"/*.h "$src"/*.o "$src"/*.d "$src/squares"
san=${AC_CFLAGS:-}
# the Makefile's ASYNCC defaults to the .pc file's translator
unset ASYNCC
mk() { make -C "$src" CFLAGS="-std=c99 -Wall -Wextra -Werror $san" \
    LDFLAGS="$san" "$@"; }

mk >"$work/m1.log" 2>&1 || fail "make: $(cat "$work/m1.log")"
grep -q "^$translator -MD -MF main.c.d main.ac -o main.c\$" "$work/m1.log" ||
    fail "make did not run the installed translator: $(cat "$work/m1.log")"
"$src/squares" >"$work/out.txt" || fail "squares exited $?"
diff -u "$expected" "$work/out.txt" || fail "output differs"

mk -q squares || fail "an unchanged tree is not up to date for make"

echo "/* edited */" >>"$src/squares.ah"
mk >"$work/m2.log" 2>&1 || fail "make after editing squares.ah"
for f in squares.h main.c squares.c; do
    grep -q -- "-o $f\$" "$work/m2.log" ||
        fail "$f not re-translated after squares.ah changed: $(cat "$work/m2.log")"
done
echo "/* edited */" >>"$src/squares.ac"
mk >"$work/m3.log" 2>&1 || fail "make after editing squares.ac"
grep -q -- "-o squares.c\$" "$work/m3.log" || fail "squares.c not re-translated"
if grep -q -- "-o main.c\$" "$work/m3.log"; then
    fail "main.c re-translated though nothing it reads changed"
fi
"$src/squares" >"$work/out.txt" || fail "squares exited $?"
diff -u "$expected" "$work/out.txt" || fail "output differs after rebuild"
echo "build_make: OK"
