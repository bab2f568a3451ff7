#!/usr/bin/env bash
# cli_io.sh - asyncc's input and output: stdin/stdout ("-"), exit codes
# (0, 1 on diagnostics, 2 on I/O errors), outputs untouched on any error,
# no temporary files left behind.
set -uo pipefail
: "${ASYNCC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/cli_io.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$work" || exit 1

printf '/* plain */\nint main(void) { return 0; }\n' >ok.ac
printf 'int f(void) {\n    yield 1;\n}\n' >bad.ac

# stdout is the default output
"$ASYNCC" ok.ac >out.txt 2>err.txt
[ $? -eq 0 ] || fail "ok.ac: exit $?"
cmp -s ok.ac out.txt || fail "stdout output differs from the input"
[ ! -s err.txt ] || fail "success wrote to stderr"

# "-o -" is stdout too; "-" is stdin
"$ASYNCC" ok.ac -o - >out.txt && cmp -s ok.ac out.txt || fail "-o -"
"$ASYNCC" - <ok.ac >out.txt && cmp -s ok.ac out.txt || fail "- (stdin)"
"$ASYNCC" - -o file.c <ok.ac && cmp -s ok.ac file.c || fail "- -o file.c"
cat ok.ac | "$ASYNCC" - >out.txt && cmp -s ok.ac out.txt || fail "pipe"

# diagnostics from stdin name <stdin>
"$ASYNCC" - <bad.ac >out.txt 2>err.txt
rc=$?
[ $rc -eq 1 ] || fail "bad stdin: exit $rc, want 1"
grep -qF "<stdin>:2:5: error: 'yield' outside a generator" err.txt ||
    fail "bad stdin diagnostic: $(cat err.txt)"
[ ! -s out.txt ] || fail "stdout written despite errors"

# the diagnostic format: position, source line, caret
"$ASYNCC" bad.ac >out.txt 2>err.txt
[ $? -eq 1 ] || fail "bad.ac: exit not 1"
printf "%s\n" "bad.ac:2:5: error: 'yield' outside a generator" \
    "    2 |     yield 1;" "      |     ^" >want.txt
cmp -s want.txt err.txt || fail "diagnostic format: $(cat err.txt)"

# on diagnostics, an existing output (and depfile) is untouched
printf 'sentinel\n' >keep.c
printf 'dep sentinel\n' >keep.d
"$ASYNCC" bad.ac -o keep.c -MD -MF keep.d 2>/dev/null
[ $? -eq 1 ] || fail "bad.ac -o keep.c: exit not 1"
[ "$(cat keep.c)" = sentinel ] || fail "output clobbered on diagnostics"
[ "$(cat keep.d)" = "dep sentinel" ] || fail "depfile clobbered on diagnostics"
# ... and a missing one is not created
"$ASYNCC" bad.ac -o new.c 2>/dev/null
[ ! -e new.c ] || fail "output created despite errors"

# I/O errors: exit 2 with "asyncc: error: ...", output untouched
"$ASYNCC" no_such.ac -o keep.c 2>err.txt
rc=$?
[ $rc -eq 2 ] || fail "missing input: exit $rc, want 2"
grep -qF "asyncc: error: cannot read 'no_such.ac': No such file or directory" err.txt ||
    fail "missing input message: $(cat err.txt)"
[ "$(cat keep.c)" = sentinel ] || fail "output clobbered on a read error"
mkdir adir
"$ASYNCC" adir -o keep.c 2>err.txt
[ $? -eq 2 ] || fail "directory input: exit not 2"
grep -qF "asyncc: error: cannot read 'adir'" err.txt || fail "directory input message"
"$ASYNCC" ok.ac -o no_dir/out.c 2>err.txt
[ $? -eq 2 ] || fail "output in a missing directory: exit not 2"
grep -qF "asyncc: error: cannot write 'no_dir/out.c'" err.txt ||
    fail "unwritable output message: $(cat err.txt)"
"$ASYNCC" ok.ac -o adir 2>err.txt
[ $? -eq 2 ] || fail "output onto a directory: exit not 2"
[ -d adir ] && [ -z "$(ls adir)" ] || fail "output directory changed"
if [ -w /dev/full ]; then
    "$ASYNCC" ok.ac >/dev/full 2>err.txt
    [ $? -eq 2 ] || fail "stdout on /dev/full: exit not 2"
    grep -qF "asyncc: error: cannot write to '<stdout>'" err.txt ||
        fail "full stdout message: $(cat err.txt)"
    "$ASYNCC" --help >/dev/full 2>/dev/null
    [ $? -eq 2 ] || fail "--help on /dev/full: exit not 2"
fi

# success replaces the output, with the usual permissions
umask 022
"$ASYNCC" ok.ac -o keep.c || fail "ok.ac -o keep.c"
cmp -s ok.ac keep.c || fail "output not replaced"
[ "$(stat -c %a keep.c)" = 644 ] || fail "output mode $(stat -c %a keep.c), want 644"
# an output that is the input is refused (exit 2), the input untouched
# (tests/sh/cli_output_paths.sh has the other names for one file)
cp ok.ac self.ac
"$ASYNCC" self.ac -o self.ac 2>/dev/null
[ $? -eq 2 ] && cmp -s ok.ac self.ac || fail "self.ac -o self.ac"

# no temporary files anywhere
leftovers=$(find . -name '*.tmp*')
[ -z "$leftovers" ] || fail "temporary files left: $leftovers"

[ $fails -eq 0 ] || exit 1
echo "cli_io: all passed"
