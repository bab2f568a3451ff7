#!/usr/bin/env bash
# pass_sqlite.sh - the SQLite amalgamation, no annotations, through asyncc:
# byte for byte as it is, and after `gcc -E` (line markers, GNU C).  Then
# with generators put beside its code: they are lowered, and the result
# still compiles (gcc -fsyntax-only).  sqlite3.c comes from
# scripts/fetch-sqlite.sh (run by scripts/setup.sh).
set -uo pipefail
: "${ASYNCC:?}" "${AC_SRC:?}" "${AC_INCLUDE:?}"
sqlite=${SQLITE_C:-$AC_SRC/third_party/sqlite3/sqlite3.c}
if [ ! -f "$sqlite" ]; then
    echo "FAIL: $sqlite is missing: run scripts/fetch-sqlite.sh" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/pass_sqlite.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# 1. as it is
"$ASYNCC" "$sqlite" -o "$work/out.c" || fail "sqlite3.c: translation failed"
cmp "$sqlite" "$work/out.c" || fail "sqlite3.c: not translated to itself"

# 2. preprocessed
if gcc -E "$sqlite" -o "$work/sqlite3.i"; then
    "$ASYNCC" "$work/sqlite3.i" -o "$work/out.i" ||
        fail "sqlite3.i: translation failed"
    cmp "$work/sqlite3.i" "$work/out.i" || fail "sqlite3.i: not translated to itself"
else
    fail "gcc -E sqlite3.c"
fi

# 3. a generator first and last, and a coroutine in the middle of the
# file (before the first file-scope `static` or `SQLITE_PRIVATE`
# declaration past line 100000)
gen='generator(int) ac_count(int n)
{
    for (int i = 0; i < n; i++)
        yield i;
}'
{
    echo "$gen" | sed 's/ac_count/ac_first/'
    awk 'NR > 100000 && !done && /^(static|SQLITE_PRIVATE) / {
             print "async int ac_middle(void)\n{\n    await ac_sleep(0);\n    return 1;\n}"
             done = 1
         }
         { print }' "$sqlite"
    echo "$gen"
} >"$work/mixed.ac"
if "$ASYNCC" "$work/mixed.ac" -o "$work/mixed.c"; then
    for f in ac_first ac_middle ac_count; do
        grep -q "${f}__resume" "$work/mixed.c" || fail "mixed: $f not lowered"
    done
    # asyncc.h comes first, before sqlite3.c asks for _GNU_SOURCE
    gcc -fsyntax-only -D_GNU_SOURCE -I "$AC_INCLUDE" "$work/mixed.c" ||
        fail "mixed: the translation does not compile"
else
    fail "mixed: translation failed"
fi

[ $fails -eq 0 ] || exit 1
echo "ok: sqlite3.c ($(wc -c <"$sqlite") bytes) passes through"
