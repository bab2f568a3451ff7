#!/usr/bin/env bash
# emit_dot.sh - `asyncc --emit=dot`: for each example program, ONE
# digraph with a cluster per resumable function definition, which
# `dot -Tpng` renders (and whose every node `dot -Tplain` lays out);
# every edge labelled resume, loop back, raise or return/raise; labels name
# files by their base name.  A program with a loop and a try/catch around a
# yield shows a loop back and a raise edge where they are.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK.
# graphviz is installed by scripts/test.sh.
set -euo pipefail
: "${ASYNCC:?}" "${AC_SRC:?}"
work=$AC_WORK/sh/emit_dot
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v dot >/dev/null || fail "graphviz (dot) is not installed"

# check_graph SRC: the .dot of SRC against the functions its JSON lists
check_graph() {
    local src=$1 name
    name=$(basename "$src")
    "$ASYNCC" -I "$(dirname "$src")" --emit=dot "$src" -o "$work/$name.dot" ||
        fail "--emit=dot $src"
    "$ASYNCC" -I "$(dirname "$src")" --emit=json "$src" -o "$work/$name.json" ||
        fail "--emit=json $src"
    # one layout, two outputs: the image and the node positions
    dot -Tpng -o "$work/$name.png" -Tplain -o "$work/$name.plain" \
        "$work/$name.dot" 2>"$work/err" ||
        fail "dot -Tpng $name.dot: $(cat "$work/err")"
    [ -s "$work/$name.png" ] || fail "dot wrote no image for $name"
    [ ! -s "$work/err" ] || fail "dot warned on $name.dot: $(cat "$work/err")"
    python3 - "$work/$name" "$name" <<'PY' || exit 1
import json, re, sys
base, name = sys.argv[1], sys.argv[2]
dot = open(base + ".dot").read()
doc = json.load(open(base + ".json"))
fail = lambda m: sys.exit(f"FAIL: {name}: {m}")
if len(re.findall(r"^digraph ", dot, re.M)) != 1:
    fail("not exactly one digraph")
want = [f for f in doc["functions"] if f["kind"] != "function" and f["definition"]]
clusters = re.findall(r'subgraph cluster_\d+ \{\n    label="([^"]*)"', dot)
if [c.split(" (")[0] for c in clusters] != [f["name"] for f in want]:
    fail(f"clusters {clusters}, resumable functions {[f['name'] for f in want]}")
for f, c in zip(want, clusters):
    if c != f'{f["name"]} ({f["kind"]})':
        fail(f"cluster label {c!r}")
nodes = re.findall(r"^    (f\d+_(?:s\d+|end)) \[", dot, re.M)
if len(nodes) != sum(len(f["states"]) + 2 for f in want):
    fail(f"{len(nodes)} nodes for {sum(len(f['states']) for f in want)} states")
laid_out = set(re.findall(r"^node (\S+)", open(base + ".plain").read(), re.M))
if set(nodes) - laid_out:
    fail(f"dot did not lay out {set(nodes) - laid_out}")
edges = re.findall(r"^    (\S+) -> (\S+)( \[.*)?;$", dot, re.M)
if want and not edges:
    fail("no edges")
for a, b, attrs in edges:
    m = re.match(r' \[label="([^"]*)"', attrs or "")
    if not m or m.group(1) not in ("resume", "loop back", "raise", "return/raise"):
        fail(f"edge {a} -> {b} has no known label: {attrs!r}")
    if b.endswith("_end") != (m.group(1) == "return/raise"):
        fail(f"edge {a} -> {b} labelled {m.group(1)}")
for label in re.findall(r'label="([^"]*)"', dot):
    if "/" in label.replace("return/raise", ""):
        fail(f"a label with a path: {label!r}")
PY
}

n=0
# (graphviz takes a second or two per graph: the examples, not every e2e
# program, cover every kind of function and suspension point)
for src in "$AC_SRC"/examples/*.ac; do
    check_graph "$src"
    n=$((n + 1))
done

# a known shape: the labels of each edge
cat >"$work/shape.ac" <<'AC'
#include <asyncc.h>

generator(int) g(int n)
{
    for (int i = 0; i < n; i++) {
        try {
            yield i;
        } catch (ac_ValueError e) {
            yield -1;
        }
    }
}
AC
check_graph "$work/shape.ac"
for edge in 'f0_s0 -> f0_s1 \[label="resume"' \
    'f0_s1 -> f0_s2 \[label="raise"' \
    'f0_s1 -> f0_s1 \[label="loop back"' \
    'f0_s2 -> f0_s1 \[label="loop back"' \
    'f0_s1 -> f0_end \[label="return/raise"' \
    'label="start\\nshape.ac:3"'; do
    grep -q "$edge" "$work/shape.ac.dot" ||
        fail "shape.ac: no $edge in: $(cat "$work/shape.ac.dot")"
done
echo "emit_dot: $((n + 1)) graphs"
