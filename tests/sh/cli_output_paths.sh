#!/usr/bin/env bash
# cli_output_paths.sh - what -o names: a device or FIFO is written in
# place (never replaced by a regular file, even as root), a symbolic link
# keeps pointing at the file it names (which is replaced), an output that
# is the input is an error (exit 2) that touches nothing.
set -uo pipefail
: "${ASYNCC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/cli_paths.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$work" || exit 1

printf 'generator(int) g(void)\n{\n    yield 1;\n}\n' >ok.ac
"$ASYNCC" --no-line ok.ac -o want.c || fail "ok.ac does not translate"

# a character device stays a device: a null device of our own when root
# can make one (other programs run as root replace /dev/null too: tcc
# -o /dev/null unlinks it), else /dev/null
null=/dev/null
mknod null c 1 3 2>/dev/null && null=$work/null
"$ASYNCC" --no-line ok.ac -o "$null" || fail "-o $null: exit $?"
[ -c "$null" ] || fail "$null is no longer a character device"

# a FIFO receives the output and stays a FIFO
mkfifo fifo
timeout 20 cat fifo >from_fifo.c &
reader=$!
timeout 20 "$ASYNCC" --no-line ok.ac -o fifo || fail "-o fifo: exit $?"
wait "$reader"
[ -p fifo ] || fail "the FIFO was replaced"
cmp -s want.c from_fifo.c || fail "the FIFO did not receive the output"

# a symbolic link: the file it names is replaced, the link stays
echo old >target.c
ln -s target.c link.c
"$ASYNCC" --no-line ok.ac -o link.c || fail "-o link.c: exit $?"
[ -L link.c ] || fail "the symbolic link was replaced"
cmp -s want.c target.c || fail "the link's target does not hold the output"
# a dangling link: the file it names is created
ln -s made.c dangling.c
"$ASYNCC" --no-line ok.ac -o dangling.c || fail "-o dangling.c: exit $?"
[ -L dangling.c ] && cmp -s want.c made.c || fail "dangling link"

# the output is the input (under another name too): exit 2, untouched
cp ok.ac keep.ac
"$ASYNCC" --no-line ok.ac -o ok.ac 2>err.txt
rc=$?
[ $rc -eq 2 ] || fail "-o input: exit $rc, want 2"
grep -q "is the input file" err.txt || fail "-o input: $(cat err.txt)"
cmp -s ok.ac keep.ac || fail "-o input changed the input"
ln ok.ac hard.ac
"$ASYNCC" --no-line ok.ac -o hard.ac 2>/dev/null
[ $? -eq 2 ] && cmp -s ok.ac keep.ac || fail "-o a hard link of the input"

[ "$fails" -eq 0 ] && echo "cli_output_paths: ok"
exit "$fails"
