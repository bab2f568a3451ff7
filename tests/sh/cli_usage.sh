#!/usr/bin/env bash
# cli_usage.sh - asyncc's options: --help, --version, usage errors (exit 2),
# -I, --emit, --no-line, "--".
set -uo pipefail
: "${ASYNCC:?}" "${AC_SRC:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/cli_usage.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# run ARGS...: sets rc, out, err
run() {
    "$ASYNCC" "$@" >"$work/out" 2>"$work/err"
    rc=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
}

printf 'int main(void) { return 0; }\n' >"$work/ok.ac"

# --version: "asyncc VERSION", the project's version
version=$(sed -n 's/^project(asyncc VERSION \([0-9.]*\).*/\1/p' "$AC_SRC/CMakeLists.txt")
run --version
[ $rc -eq 0 ] || fail "--version exit $rc"
[ "$out" = "asyncc $version" ] || fail "--version printed '$out', want 'asyncc $version'"
[ -z "$err" ] || fail "--version wrote to stderr"

# --help: every option, on stdout, exit 0
run --help
[ $rc -eq 0 ] || fail "--help exit $rc"
[ -z "$err" ] || fail "--help wrote to stderr"
for opt in "-o FILE" "-I DIR" "--emit=c" "--emit=json" "--emit=dot" \
    "--no-line" "-MD" "-MF FILE" "--version" "--help" "usage: asyncc"; do
    grep -qF -- "$opt" "$work/out" || fail "--help does not mention '$opt'"
done

# usage errors: exit 2, "asyncc: error: ...", nothing on stdout
usage_error() {
    local want=$1
    shift
    run "$@"
    [ $rc -eq 2 ] || fail "asyncc $*: exit $rc, want 2"
    [ -z "$out" ] || fail "asyncc $*: wrote to stdout"
    grep -qF -- "asyncc: error: $want" "$work/err" ||
        fail "asyncc $*: stderr '$err' lacks 'asyncc: error: $want'"
}
usage_error "no input file"
usage_error "no input file" --no-line
usage_error "unknown option '-x'" -x "$work/ok.ac"
usage_error "unknown option '--emit'" --emit "$work/ok.ac"
usage_error "unknown --emit kind 'xml'" --emit=xml "$work/ok.ac"
usage_error "more than one input file" "$work/ok.ac" "$work/ok.ac"
usage_error "missing file name after '-o'" "$work/ok.ac" -o
usage_error "missing directory after '-I'" "$work/ok.ac" -I
usage_error "missing file name after '-MF'" "$work/ok.ac" -MF
usage_error "more than one output file" "$work/ok.ac" -o a.c -o b.c
usage_error "-MD and -MF need an output file" -MD "$work/ok.ac"
usage_error "-MD and -MF need an output file" "$work/ok.ac" -MF x.d -o -

# each --emit kind and --no-line are accepted (what json and dot contain
# is the back end's to test)
for kind in c json dot; do
    run --emit=$kind "$work/ok.ac"
    [ $rc -eq 0 ] || fail "--emit=$kind exit $rc: $err"
done
[ "$(cat "$work/out")" != "$(cat "$work/ok.ac")" ] || fail "--emit=dot gave C"
run --emit=c "$work/ok.ac"
[ "$out" = "$(cat "$work/ok.ac")" ] || fail "--emit=c changed a plain file"
run --no-line "$work/ok.ac"
[ $rc -eq 0 ] || fail "--no-line exit $rc"
[ "$out" = "$(cat "$work/ok.ac")" ] || fail "--no-line changed a plain file"

# -I dir and -Idir: headers not beside the source are found there
mkdir -p "$work/inc" "$work/src"
printf 'async int helper(void);\n' >"$work/inc/helper.ah"
printf '#include "helper.ah"\nint main(void) { return 0; }\n' >"$work/src/main.ac"
run "$work/src/main.ac"
[ $rc -eq 1 ] || fail "missing header: exit $rc, want 1"
grep -qF "main.ac:1:10: error: 'helper.ah': No such file or directory" "$work/err" ||
    fail "missing header diagnostic: $err"
run -I "$work/inc" "$work/src/main.ac"
[ $rc -eq 0 ] || fail "-I DIR: exit $rc: $err"
run "-I$work/inc" "$work/src/main.ac"
[ $rc -eq 0 ] || fail "-IDIR: exit $rc: $err"
# the including file's directory comes first
mkdir -p "$work/inc2"
printf 'int broken(void) { yield 1; }\n' >"$work/inc2/helper.ah"
cp "$work/inc/helper.ah" "$work/src/helper.ah"
run -I "$work/inc2" "$work/src/main.ac"
[ $rc -eq 0 ] || fail "header beside the source not preferred: $err"
rm "$work/src/helper.ah"
run -I "$work/inc2" -I "$work/inc" "$work/src/main.ac"
[ $rc -eq 1 ] || fail "-I order: the first directory must win (exit $rc)"
grep -qF "helper.ah:1:" "$work/err" || fail "-I order: no error from inc2/helper.ah"

# "--" ends the options: a file named like an option
cp "$work/ok.ac" "$work/-x.ac"
(cd "$work" && "$ASYNCC" -- -x.ac >"$work/out" 2>"$work/err")
[ $? -eq 0 ] || fail "-- -x.ac: $(cat "$work/err")"

[ $fails -eq 0 ] || exit 1
echo "cli_usage: all passed"
