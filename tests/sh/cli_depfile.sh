#!/usr/bin/env bash
# cli_depfile.sh - -MD / -MF: a Make depfile "OUTPUT: INPUT HEADERS..."
# listing every .ac/.ah the translation read, each once.
set -uo pipefail
: "${ASYNCC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/cli_depfile.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$work" || exit 1

# main.ac includes a.ah (beside it) and b.ah (found with -I); a.ah
# includes b.ah again and c.ah (beside a.ah): four files, each once.
mkdir src inc
printf '#include "b.ah"\n#include "c.ah"\nasync int a(void);\n' >src/a.ah
printf 'async int b(void);\n' >inc/b.ah
printf '#include "b.ah"\nasync int c(void);\n' >src/c.ah
printf '#include "a.ah"\n#include "b.ah"\nint main(void) { return 0; }\n' >src/main.ac

"$ASYNCC" -I inc src/main.ac -o out.c -MD 2>err.txt
[ $? -eq 0 ] || fail "-MD: $(cat err.txt)"
[ -f out.c ] || fail "-MD: no output"
printf 'out.c: src/main.ac src/a.ah inc/b.ah src/c.ah\n' >want.d
cmp -s want.d out.c.d || fail "-MD depfile: '$(cat out.c.d 2>&1)'"

# -MF names the depfile (and implies -MD)
"$ASYNCC" -I inc src/main.ac -o out2.c -MF deps/../out2.dep 2>/dev/null
[ $? -eq 2 ] || fail "-MF in a missing directory: exit not 2"
[ ! -e out2.c ] || fail "output written although the depfile could not be"
"$ASYNCC" -I inc src/main.ac -o out2.c -MF out2.dep || fail "-MF"
printf 'out2.c: src/main.ac src/a.ah inc/b.ah src/c.ah\n' >want.d
cmp -s want.d out2.dep || fail "-MF depfile: '$(cat out2.dep)'"
[ ! -e out2.c.d ] || fail "-MF also wrote out2.c.d"
"$ASYNCC" -I inc src/main.ac -o out3.c -MD -MFout3.dep || fail "-MD -MFfile"
[ -f out3.dep ] || fail "-MFfile: no depfile"

# a directory named with a trailing slash gives the same paths
"$ASYNCC" -I inc/ src/main.ac -o out6.c -MD || fail "-I inc/"
printf 'out6.c: src/main.ac src/a.ah inc/b.ah src/c.ah\n' >want.d
cmp -s want.d out6.c.d || fail "-I inc/ depfile: '$(cat out6.c.d)'"

# no depfile without -MD
"$ASYNCC" -I inc src/main.ac -o out4.c || fail "plain -o"
[ ! -e out4.c.d ] || fail "depfile written without -MD"

# stdin is not a file to depend on
"$ASYNCC" -I src -I inc - -o out5.c -MD <src/main.ac || fail "stdin -MD"
printf 'out5.c: src/a.ah inc/b.ah src/c.ah\n' >want.d
cmp -s want.d out5.c.d || fail "stdin depfile: '$(cat out5.c.d)'"

# spaces, '#' and '$' are escaped for Make
mkdir "my dir"
printf 'int x;\n' >"my dir/a#\$.ac"
"$ASYNCC" "my dir/a#\$.ac" -o "my dir/o.c" -MD || fail "odd names"
printf '%s\n' 'my\ dir/o.c: my\ dir/a\#$$.ac' >want.d
cmp -s want.d "my dir/o.c.d" || fail "escaping: '$(cat "my dir/o.c.d")'"

# make reads it: touching a header makes the output stale
if command -v make >/dev/null; then
    printf 'include out.c.d\nout.c:\n\t@echo rebuild\n' >test.mk
    touch -d '2000-01-01' src/main.ac src/a.ah inc/b.ah src/c.ah
    [ -z "$(make -s -f test.mk out.c)" ] || fail "make: fresh output rebuilt"
    touch src/c.ah
    [ "$(make -s -f test.mk out.c)" = rebuild ] || fail "make: stale output kept"
fi

[ $fails -eq 0 ] || exit 1
echo "cli_depfile: all passed"
