#!/usr/bin/env bash
# origin_dropped.sh - a call of a coroutine whose result is dropped
# (`fetch(2);`) is a translator warning at the call, and the translation
# succeeds (exit 0); a dropped call cast to void, awaited or stored is not
# warned about (issue 10, item 4).
set -uo pipefail
: "${ASYNCC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/origin_dropped.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$work" || exit 1

cat >drop.ac <<'AC'
#include <asyncc.h>

async int fetch(int x)
{
    return x;
}

async int user(void)
{
    fetch(2);
    (void)fetch(3);
    ac_coro *c = fetch(4);
    int v = await fetch(5);
    ac_decref(c);
    return v;
}

int plain(void)
{
    if (1)
        fetch(6);
    return 0;
}
AC
"$ASYNCC" drop.ac -o drop.c 2>err.txt
rc=$?
cat err.txt
[ $rc -eq 0 ] || fail "exit $rc, want 0 (a warning)"
[ -s drop.c ] || fail "no output"
grep -qF "drop.ac:10:5: warning: coroutine 'fetch' is never awaited: result dropped" err.txt ||
    fail "no warning at 10:5"
grep -qF "drop.ac:21:9: warning: coroutine 'fetch' is never awaited: result dropped" err.txt ||
    fail "no warning at 21:9 (plain function)"
n=$(grep -c "warning:" err.txt)
[ "$n" -eq 2 ] || fail "$n warnings, want 2"
exit $((fails > 0))
