#!/usr/bin/env bash
# emit_json_schema.sh - `asyncc --emit=json` against its JSON Schema,
# docs/asyncc-lowering.schema.json: every example and e2e program's JSON
# must validate (a "version" key included).  python3's standard library has
# no JSON Schema validator, so the test has a small one for the keywords
# the schema uses; it refuses a schema with any other keyword (so the
# schema cannot say more than is checked), and it is checked itself on
# documents that must fail.
# Environment (from tests/CMakeLists.txt): ASYNCC, AC_SRC, AC_WORK.
set -euo pipefail
: "${ASYNCC:?}" "${AC_SRC:?}"
work=$AC_WORK/sh/emit_json_schema
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

n=0
for src in "$AC_SRC"/examples/*.ac "$AC_SRC"/tests/e2e/*.ac "$AC_SRC"/examples/cmake-project/squares.ah; do
    out=$work/$n.json
    "$ASYNCC" -I "$(dirname "$src")" --emit=json "$src" -o "$out" 2>"$work/err" ||
        fail "--emit=json $src: $(cat "$work/err")"
    echo "$src" >"$out.src"
    n=$((n + 1))
done
[ $n -gt 10 ] || fail "only $n inputs"

python3 - "$AC_SRC/docs/asyncc-lowering.schema.json" "$work" <<'PY'
import glob, json, sys

schema = json.load(open(sys.argv[1]))
ANNOTATIONS = {"$schema", "$id", "title", "description"}
KEYWORDS = {"type", "required", "additionalProperties", "properties", "items",
            "$ref", "enum", "const", "minimum", "anyOf", "$defs"}

def check_schema(s, where="#"):
    if isinstance(s, dict):
        for k, v in s.items():
            if k in ANNOTATIONS:
                continue
            if k not in KEYWORDS:
                sys.exit(f"FAIL: schema keyword {k!r} at {where} is not checked by this test")
            if k in ("properties", "$defs"):
                for name, sub in v.items():
                    check_schema(sub, f"{where}/{k}/{name}")
            elif k == "anyOf":
                for i, sub in enumerate(v):
                    check_schema(sub, f"{where}/anyOf/{i}")
            elif k == "items":
                check_schema(v, f"{where}/items")
check_schema(schema)

TYPES = {"object": dict, "array": list, "string": str, "null": type(None)}

def is_type(x, t):
    if t == "integer":
        return isinstance(x, int) and not isinstance(x, bool)
    if t == "boolean":
        return isinstance(x, bool)
    if t == "number":
        return isinstance(x, (int, float)) and not isinstance(x, bool)
    return isinstance(x, TYPES[t])

def resolve(ref):
    assert ref.startswith("#/"), ref
    node = schema
    for part in ref[2:].split("/"):
        node = node[part]
    return node

def errors(x, s, path="$"):
    if "$ref" in s:
        yield from errors(x, resolve(s["$ref"]), path)
    if "type" in s:
        ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(is_type(x, t) for t in ts):
            yield f"{path}: {x!r} is not of type {s['type']}"
            return
    if "const" in s and not (x == s["const"] and type(x) == type(s["const"])):
        yield f"{path}: {x!r} is not {s['const']!r}"
    if "enum" in s and x not in s["enum"]:
        yield f"{path}: {x!r} not one of {s['enum']}"
    if "minimum" in s and is_type(x, "number") and x < s["minimum"]:
        yield f"{path}: {x} < {s['minimum']}"
    if "anyOf" in s and not any(not list(errors(x, sub, path)) for sub in s["anyOf"]):
        yield f"{path}: matches none of anyOf"
    if isinstance(x, dict):
        for k in s.get("required", []):
            if k not in x:
                yield f"{path}: missing {k!r}"
        props = s.get("properties", {})
        for k, v in x.items():
            if k in props:
                yield from errors(v, props[k], f"{path}.{k}")
            elif s.get("additionalProperties") is False:
                yield f"{path}: unexpected key {k!r}"
    if isinstance(x, list) and "items" in s:
        for i, v in enumerate(x):
            yield from errors(v, s["items"], f"{path}[{i}]")

docs = sorted(glob.glob(sys.argv[2] + "/*.json"))
kinds = set()
for f in docs:
    doc = json.load(open(f))
    errs = list(errors(doc, schema))
    if errs:
        sys.exit(f"FAIL: {open(f + '.src').read().strip()}: " + "; ".join(errs[:5]))
    for fn in doc["functions"]:
        kinds.add(fn["kind"])
        for st in fn["states"]:
            kinds.add(st["what"])
# the inputs cover every kind of function and of suspension point
for want in ["generator", "coroutine", "async generator", "yield", "await",
             "yield from", "async for", "async with enter"]:
    if want not in kinds:
        sys.exit(f"FAIL: no input has a {want!r}")

# the validator itself: documents that must fail
good = json.load(open(docs[0]))
def must_fail(what, doc):
    if not list(errors(doc, schema)):
        sys.exit(f"FAIL: the validator accepted a document with {what}")
bad = dict(good); del bad["version"]; must_fail("no version", bad)
bad = dict(good); bad["version"] = 2; must_fail("version 2", bad)
bad = dict(good); bad["extra"] = 1; must_fail("an unknown key", bad)
bad = json.loads(json.dumps(good))
bad["functions"].append({"name": "f", "kind": "task"})
must_fail("a bad function", bad)
print(f"emit_json_schema: {len(docs)} documents valid")
PY
