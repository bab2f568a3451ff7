#!/usr/bin/env bash
# scripts/fetch-sqlite.sh - puts the SQLite amalgamation (sqlite3.c) in
# third_party/sqlite3/ for the pass-through test (tests/sh/pass_sqlite.sh)
# and bench/translate.sh.  It comes from the npm package better-sqlite3,
# which carries it under deps/sqlite3/ (the npm registry is the one the
# grammar already comes from).  Never committed (.gitignore: /third_party/).
#
# Environment: BETTER_SQLITE3_VERSION (12.11.1).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${BETTER_SQLITE3_VERSION:-12.11.1}
dest=$root/third_party/sqlite3

if [ -f "$dest/sqlite3.c" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ]; then
    echo "== sqlite3.c (better-sqlite3 $version): present in third_party/"
    exit 0
fi
echo "== fetching sqlite3.c (npm pack better-sqlite3@$version)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tgz=$(cd "$tmp" && npm pack --silent "better-sqlite3@$version" | tail -n1)
tar -xzf "$tmp/$tgz" -C "$tmp" package/deps/sqlite3/sqlite3.c \
    package/deps/sqlite3/sqlite3.h
rm -rf "$dest"
mkdir -p "$dest"
mv "$tmp/package/deps/sqlite3/sqlite3.c" "$tmp/package/deps/sqlite3/sqlite3.h" "$dest/"
echo "$version" >"$dest/VERSION"
