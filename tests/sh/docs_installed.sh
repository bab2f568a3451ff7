#!/usr/bin/env bash
# docs_installed.sh - the documentation: the man page renders without
# warnings (man -l, else groff), `cmake --install` puts docs/*.md, the JSON
# schema and asyncc(1) in share/doc/asyncc and share/man/man1, the README
# links every docs/ page, and the pages name only runtime functions that
# asyncc.h declares and options that `asyncc --help` lists.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK.
set -uo pipefail
: "${ASYNCC:?}" "${AC_SRC:?}"
build=$(dirname "$ASYNCC")
work=$AC_WORK/sh/docs_installed
rm -rf "$work" && mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
docs=$AC_SRC/docs

# ---- the man page renders ----------------------------------------------------
command -v groff >/dev/null || { echo "FAIL: groff missing (scripts/test.sh installs groff-base)" >&2; exit 1; }
groff -man -Tutf8 -ww -z "$docs/asyncc.1" 2>"$work/groff.err" ||
    fail "groff -man failed"
[ ! -s "$work/groff.err" ] || fail "groff warnings: $(cat "$work/groff.err")"
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$docs/asyncc.1" >"$work/man.txt" 2>"$work/man.err" ||
        fail "man -l docs/asyncc.1: $(cat "$work/man.err")"
else
    groff -man -Tutf8 "$docs/asyncc.1" >"$work/man.txt" || fail "groff -man"
fi
# the text with lines joined and hyphenation undone
tr -s ' \n' '  ' <"$work/man.txt" | sed 's/\([a-z]\)‐ /\1/g' >"$work/man.flat"
for want in NAME SYNOPSIS OPTIONS "EXIT STATUS" --emit=json --emit=dot \
    --no-line -MD -MF --version "pkg-config --variable=asyncc asyncc"; do
    grep -qF -- "$want" "$work/man.flat" || fail "man page lacks '$want'"
done
# every option of --help is in the man page, and the reverse
"$ASYNCC" --help >"$work/help.txt"
for opt in $(grep -oE '^  (-[-A-Za-z=]+)' "$work/help.txt" | sort -u); do
    grep -qF -- "$opt" "$work/man.txt" || fail "man page lacks $opt (in --help)"
done
for opt in $(grep -oE '^       (-[-A-Za-z=]+)' "$work/man.txt" | sort -u); do
    [ "$opt" = -- ] && continue
    grep -qF -- "$opt" "$work/help.txt" || fail "man page documents $opt, --help does not"
done

# ---- installed -----------------------------------------------------------------
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
    fail "cmake --install: $(cat "$work/install.log")"
for f in share/man/man1/asyncc.1 share/doc/asyncc/README.md \
    share/doc/asyncc/asyncc-lowering.schema.json; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
done
for md in "$docs"/*.md; do
    [ -f "$prefix/share/doc/asyncc/$(basename "$md")" ] ||
        fail "not installed: share/doc/asyncc/$(basename "$md")"
done
if command -v man >/dev/null; then
    MANPATH=$prefix/share/man man -w asyncc >/dev/null 2>&1 ||
        fail "man cannot find asyncc(1) under $prefix/share/man"
fi

# ---- linked and accurate ---------------------------------------------------------
for page in "$docs"/*.md "$docs"/asyncc.1 "$docs"/asyncc-lowering.schema.json; do
    grep -q "(docs/$(basename "$page"))" "$AC_SRC/README.md" ||
        fail "README.md does not link docs/$(basename "$page")"
done
headers=$AC_SRC/runtime/include # asyncc.h and the asyncc/*.h it includes
for page in LANGUAGE RUNTIME ASYNCIO BUILDING; do
    # names of the API (ac_x_y), not placeholders such as ac_E
    for name in $(grep -ohE '\bac_[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b|\bac_[A-Z][A-Za-z]+Error\b|\bAC_[A-Z_]+\b' "$docs/$page.md" | sort -u); do
        grep -rq "\b$name\b" "$headers" || fail "$page.md names $name, not in asyncc.h"
    done
done

[ $fails -eq 0 ] || exit 1
echo "docs_installed: all passed"
