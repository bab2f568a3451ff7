#!/usr/bin/env bash
# scripts/setup.sh - from a fresh Debian 12 machine to a running example.
#
#   1. installs the Debian packages that are missing (apt only when needed),
#   2. fetches the tree-sitter-c grammar (npm pack, pinned) into third_party/,
#   3. configures and builds asyncc and libasyncc in build/,
#   4. translates examples/letters.ac, compiles it against libasyncc, runs it.
#
# Environment: BUILD_DIR (default build), BUILD_TYPE (RelWithDebInfo),
# JOBS (nproc), TS_C_VERSION (0.23.6), and, for a machine that cannot reach
# the npm registry, ASYNCC_TS_C_DIR (an unpacked tree-sitter-c: a directory
# with src/parser.c) or ASYNCC_TS_C_TARBALL (the npm tarball,
# tree-sitter-c-VERSION.tgz, fetched elsewhere with `npm pack`).
#
# A step that fails prints the failing command's own output and what to do
# about it, then exits 1.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
build_type=${BUILD_TYPE:-RelWithDebInfo}
jobs=${JOBS:-$(nproc)}
ts_version=${TS_C_VERSION:-0.23.6}
. "$root/scripts/deps.sh"

step() { echo "== $*"; }

# fail_step WHAT LOG HINT...: a step failed; its output (LOG), then the hint.
fail_step() {
    local what=$1 log=$2
    shift 2
    {
        echo
        echo "setup.sh: error: $what"
        if [ -s "$log" ]; then
            echo "---- its output (last 40 lines) ----"
            tail -n 40 "$log"
            echo "------------------------------------"
        fi
        echo "What to do:"
        printf '  %s\n' "$@"
    } >&2
    exit 1
}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# ---- 1. Debian packages ----------------------------------------------------
missing=$(ac_missing_packages \
    cmake:cmd:cmake build-essential:cmd:cc build-essential:cmd:make \
    build-essential:hdr:stdio.h pkg-config:cmd:pkg-config \
    libtree-sitter-dev:pc:tree-sitter libjansson-dev:pc:jansson \
    libcunit1-dev:pc:cunit python3:cmd:python3 nodejs:cmd:node npm:cmd:npm \
    ca-certificates:file:/etc/ssl/certs/ca-certificates.crt)
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086
    ac_install_packages $missing 2>&1 | tee "$logs/apt.log" ||
        fail_step "installing the Debian packages '$missing' failed" \
            "$logs/apt.log" \
            "install them yourself (as root): apt-get install $missing" \
            "no root: ask for them, or run this script with sudo rights" \
            "apt cannot reach its mirrors: check /etc/apt/sources.list and the proxy" \
            "then run scripts/setup.sh again (it installs only what is missing)"
else
    step "Debian packages: all present"
fi

# ---- 2. the C grammar ------------------------------------------------------
grammar=$root/third_party/tree-sitter-c
grammar_hint=(
    "on a machine that reaches the registry: npm pack tree-sitter-c@$ts_version"
    "  then here: ASYNCC_TS_C_TARBALL=/path/to/tree-sitter-c-$ts_version.tgz bash scripts/setup.sh"
    "or, with an unpacked copy (a directory with src/parser.c):"
    "  ASYNCC_TS_C_DIR=/path/to/tree-sitter-c bash scripts/setup.sh"
    "or make npm reach its registry (npm config get registry; https_proxy)")
if [ -n "${ASYNCC_TS_C_DIR:-}" ]; then
    [ -f "$ASYNCC_TS_C_DIR/src/parser.c" ] ||
        fail_step "ASYNCC_TS_C_DIR=$ASYNCC_TS_C_DIR has no src/parser.c" /dev/null \
            "point it at the unpacked tree-sitter-c package (its src/parser.c)" \
            "${grammar_hint[@]}"
    grammar=$(cd "$ASYNCC_TS_C_DIR" && pwd)
    step "tree-sitter-c: $grammar (ASYNCC_TS_C_DIR)"
elif [ -f "$grammar/src/parser.c" ] &&
    grep -q "\"version\": \"$ts_version\"" "$grammar/package.json"; then
    step "tree-sitter-c $ts_version: present in third_party/"
else
    tmp=$logs/grammar
    mkdir -p "$tmp"
    if [ -n "${ASYNCC_TS_C_TARBALL:-}" ]; then
        step "unpacking tree-sitter-c from $ASYNCC_TS_C_TARBALL"
        tgz=$ASYNCC_TS_C_TARBALL
    else
        step "fetching tree-sitter-c@$ts_version (npm pack)"
        (cd "$tmp" && npm pack --silent "tree-sitter-c@$ts_version") \
            >"$logs/npm.out" 2>"$logs/npm.log" ||
            fail_step "npm pack tree-sitter-c@$ts_version failed (the C grammar)" \
                "$logs/npm.log" "${grammar_hint[@]}"
        tgz=$tmp/$(tail -n1 "$logs/npm.out")
    fi
    # shellcheck disable=SC2015 # either failing is the same failure
    tar -xzf "$tgz" -C "$tmp" 2>"$logs/tar.log" &&
        [ -f "$tmp/package/src/parser.c" ] ||
        fail_step "$tgz is not a tree-sitter-c package (no package/src/parser.c)" \
            "$logs/tar.log" "${grammar_hint[@]}"
    rm -rf "$grammar"
    mkdir -p "$root/third_party"
    mv "$tmp/package" "$grammar"
fi

# ---- 2b. sqlite3.c for the pass-through test (npm, like the grammar) -------
bash "$root/scripts/fetch-sqlite.sh" 2>"$logs/sqlite.log" ||
    fail_step "could not fetch sqlite3.c (npm pack better-sqlite3), which the pass-through test reads" \
        "$logs/sqlite.log" \
        "check that the npm registry is reachable (npm ping), then run setup.sh again" \
        "or copy sqlite3.c and sqlite3.h into third_party/sqlite3/ with a VERSION file holding the version scripts/fetch-sqlite.sh names"

# ---- 3. build ----------------------------------------------------------------
step "configuring $build ($build_type)"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="$build_type" \
    -DASYNCC_TS_C_DIR="$grammar" >"$logs/configure.log" 2>&1 ||
    fail_step "cmake could not configure $build" "$logs/configure.log" \
        "a package not found above: install it (apt-get install ...) and run again" \
        "a stale build tree (another source dir, another generator): rm -rf $build" \
        "the grammar: ASYNCC_TS_C_DIR=/path/to/tree-sitter-c (with src/parser.c)"
step "building (-j$jobs)"
cmake --build "$build" -j"$jobs" 2>&1 | tee "$logs/build.log" ||
    fail_step "building in $build failed" "$logs/build.log" \
        "the first error above is the one to read; out of memory: JOBS=1" \
        "a half-updated tree: rm -rf $build and run again"

# ---- 4. the main job: letters.ac ------------------------------------------
step "translating examples/letters.ac"
out=$build/examples
mkdir -p "$out"
"$build/asyncc" -I "$root/examples" "$root/examples/letters.ac" \
    -o "$out/letters.c" 2>"$logs/translate.log" ||
    fail_step "the translator failed on examples/letters.ac" "$logs/translate.log" \
        "the build is probably stale: cmake --build $build, then run again"
cc -std=c99 -Wall -Wextra -O2 -I "$root/runtime/include" "$out/letters.c" \
    "$build/libasyncc.a" -lpthread -lm -o "$out/letters" 2>"$logs/cc.log" ||
    fail_step "compiling the translated letters.c failed" "$logs/cc.log" \
        "check that cc works (build-essential) and that $build/libasyncc.a was built"
step "running $out/letters"
"$out/letters" || fail_step "examples/letters ran and failed (exit $?)" /dev/null \
    "run bash scripts/test.sh: its tests say which part is broken"
