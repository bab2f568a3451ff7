#!/usr/bin/env bash
# scripts/setup.sh - from a fresh Debian 12 machine to a running example.
#
#   1. installs the Debian packages that are missing (apt only when needed),
#   2. fetches the tree-sitter-c grammar (npm pack, pinned) into third_party/,
#   3. configures and builds asyncc and libasyncc in build/,
#   4. translates examples/letters.ac, compiles it against libasyncc, runs it.
#
# Environment: BUILD_DIR (default build), BUILD_TYPE (RelWithDebInfo),
# JOBS (nproc), TS_C_VERSION (0.23.6).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
build_type=${BUILD_TYPE:-RelWithDebInfo}
jobs=${JOBS:-$(nproc)}
ts_version=${TS_C_VERSION:-0.23.6}
. "$root/scripts/deps.sh"

step() { echo "== $*"; }

# ---- 1. Debian packages ----------------------------------------------------
missing=$(ac_missing_packages \
    cmake:cmd:cmake build-essential:cmd:cc build-essential:cmd:make \
    build-essential:hdr:stdio.h pkg-config:cmd:pkg-config \
    libtree-sitter-dev:pc:tree-sitter libjansson-dev:pc:jansson \
    libcunit1-dev:pc:cunit python3:cmd:python3 nodejs:cmd:node npm:cmd:npm \
    ca-certificates:file:/etc/ssl/certs/ca-certificates.crt)
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086
    ac_install_packages $missing
else
    step "Debian packages: all present"
fi

# ---- 2. the C grammar ------------------------------------------------------
grammar=$root/third_party/tree-sitter-c
if [ -f "$grammar/src/parser.c" ] &&
    grep -q "\"version\": \"$ts_version\"" "$grammar/package.json"; then
    step "tree-sitter-c $ts_version: present in third_party/"
else
    step "fetching tree-sitter-c@$ts_version (npm pack)"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    tgz=$(cd "$tmp" && npm pack --silent "tree-sitter-c@$ts_version" | tail -n1)
    tar -xzf "$tmp/$tgz" -C "$tmp"
    rm -rf "$grammar"
    mkdir -p "$root/third_party"
    mv "$tmp/package" "$grammar"
fi

# ---- 3. build ----------------------------------------------------------------
step "configuring $build ($build_type)"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="$build_type" \
    -DASYNCC_TS_C_DIR="$grammar" >/dev/null
step "building (-j$jobs)"
cmake --build "$build" -j"$jobs"

# ---- 4. the main job: letters.ac ------------------------------------------
step "translating examples/letters.ac"
out=$build/examples
mkdir -p "$out"
"$build/asyncc" -I "$root/examples" "$root/examples/letters.ac" \
    -o "$out/letters.c"
cc -std=c99 -Wall -Wextra -O2 -I "$root/runtime/include" "$out/letters.c" \
    "$build/libasyncc.a" -lpthread -lm -o "$out/letters"
step "running $out/letters"
"$out/letters"
