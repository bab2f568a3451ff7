#!/usr/bin/env bash
# setup_errors.sh - scripts/setup.sh explains its failures: each simulated
# failure must show the failing command's own error and what to do.  Runs
# a copy of scripts/ in a temporary root (the real third_party/ and build/
# are never touched), with fake commands first on PATH:
#   1. npm that cannot reach the registry: npm's error, and the
#      ASYNCC_TS_C_DIR / ASYNCC_TS_C_TARBALL way round it;
#   2. ASYNCC_TS_C_DIR pointing nowhere: said so;
#   3. ASYNCC_TS_C_DIR given (npm still broken): the grammar step uses it,
#      then cmake fails (the temporary root's CMakeLists.txt fails on
#      purpose): cmake's error and what to do;
#   4. ASYNCC_TS_C_TARBALL: the tarball is unpacked into third_party/
#      without npm; a file that is no tarball is said to be one;
#   5. a Debian package missing and apt-get refusing: apt's error and the
#      apt-get command to run.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK.
set -uo pipefail
: "${ASYNCC:?}" "${AC_SRC:?}"
work=$AC_WORK/sh/setup_errors
rm -rf "$work" && mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
build=$(dirname "$ASYNCC")
grammar=$(sed -n 's/^ASYNCC_TS_C_DIR:PATH=//p' "$build/CMakeCache.txt")
[ -f "$grammar/src/parser.c" ] || { echo "FAIL: no grammar at '$grammar'" >&2; exit 1; }

# a root with setup.sh, deps.sh and a CMakeLists.txt that fails
root=$work/root
mkdir -p "$root/scripts"
cp "$AC_SRC/scripts/setup.sh" "$AC_SRC/scripts/deps.sh" \
    "$AC_SRC/scripts/fetch-sqlite.sh" "$root/scripts/"
cat >"$root/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(broken C)
message(FATAL_ERROR "simulated configure failure")
CMAKE

# a fake npm that cannot reach the registry
fake=$work/fake
mkdir -p "$fake"
cat >"$fake/npm" <<'SH'
#!/bin/sh
echo "npm ERR! code ENOTFOUND" >&2
echo "npm ERR! request to https://registry.npmjs.org/tree-sitter-c failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org" >&2
exit 1
SH
chmod +x "$fake/npm"

# run NAME ENV...: runs the copy of setup.sh; its output in $work/NAME.log
run() {
    local name=$1
    shift
    env "$@" BUILD_DIR="$work/build-$name" JOBS=1 \
        bash "$root/scripts/setup.sh" >"$work/$name.log" 2>&1
    echo $? >"$work/$name.rc"
}
# expect NAME TEXT...: the run failed and its output has each TEXT
expect() {
    local name=$1 t
    shift
    [ "$(cat "$work/$name.rc")" != 0 ] || fail "$name: setup.sh succeeded"
    for t in "$@"; do
        grep -qF -- "$t" "$work/$name.log" ||
            fail "$name: no '$t' in: $(cat "$work/$name.log")"
    done
}

# 1. npm unreachable
run npm PATH="$fake:$PATH"
expect npm "npm pack tree-sitter-c@" "npm ERR! code ENOTFOUND" \
    "getaddrinfo ENOTFOUND registry.npmjs.org" "What to do:" \
    "ASYNCC_TS_C_DIR=/path/to/tree-sitter-c" "ASYNCC_TS_C_TARBALL="
[ ! -e "$root/third_party" ] || fail "npm: third_party/ created"
# from here on sqlite3.c is present (setup.sh fetched it for the real tree)
mkdir -p "$root/third_party"
[ -d "$AC_SRC/third_party/sqlite3" ] &&
    ln -s "$AC_SRC/third_party/sqlite3" "$root/third_party/sqlite3"

# 2. ASYNCC_TS_C_DIR without a grammar
run nodir PATH="$fake:$PATH" ASYNCC_TS_C_DIR="$work/nowhere"
expect nodir "ASYNCC_TS_C_DIR=$work/nowhere has no src/parser.c"

# 3. ASYNCC_TS_C_DIR, then cmake fails
run cmake PATH="$fake:$PATH" ASYNCC_TS_C_DIR="$grammar"
expect cmake "tree-sitter-c: $grammar (ASYNCC_TS_C_DIR)" \
    "cmake could not configure" "simulated configure failure" \
    "What to do:" "rm -rf $work/build-cmake"
if grep -q "npm ERR" "$work/cmake.log"; then fail "cmake: npm was run"; fi

# 4. a tarball instead of npm
mkdir -p "$work/pkg/package"
cp -r "$grammar/src" "$grammar/package.json" "$work/pkg/package/"
tar -czf "$work/tree-sitter-c.tgz" -C "$work/pkg" package
run tarball PATH="$fake:$PATH" ASYNCC_TS_C_TARBALL="$work/tree-sitter-c.tgz"
expect tarball "unpacking tree-sitter-c from $work/tree-sitter-c.tgz" \
    "simulated configure failure"
[ -f "$root/third_party/tree-sitter-c/src/parser.c" ] ||
    fail "tarball: not unpacked into third_party/"
rm -rf "$root/third_party"
printf 'not a tarball' >"$work/bad.tgz"
run badtarball PATH="$fake:$PATH" ASYNCC_TS_C_TARBALL="$work/bad.tgz"
expect badtarball "is not a tree-sitter-c package" "npm pack tree-sitter-c@"

# 5. a missing package (python3 left off PATH) and apt-get refusing
apt=$work/apt
mkdir -p "$apt"
for d in /sbin /usr/sbin /bin /usr/bin /usr/local/bin; do # later ones win
    [ -d "$d" ] && ln -sf "$d"/* "$apt/"
done
rm -f "$apt/python3" "$apt/apt-get" "$apt/sudo"
cat >"$apt/apt-get" <<'SH'
#!/bin/sh
echo "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)" >&2
exit 100
SH
printf '#!/bin/sh\nexec "$@"\n' >"$apt/sudo"
chmod +x "$apt/apt-get" "$apt/sudo"
run apt PATH="$apt"
expect apt "installing the Debian packages 'python3' failed" \
    "E: Could not open lock file" "apt-get install python3"

[ $fails -eq 0 ] || exit 1
echo "setup_errors: all passed"
