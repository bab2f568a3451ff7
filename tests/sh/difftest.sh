#!/usr/bin/env bash
# Differential test against python3's asyncio (tests/difftest/README.md):
# a fixed set of random programs (the "ci" profile) must print exactly what
# their Python twins print, and the self-check must see every deliberately
# wrong C program reported as diverging (a tester that cannot fail would
# pass anything).
set -uo pipefail
src=${AC_SRC:?}
out="${AC_WORK:?}/difftest"
rm -rf "$out"
status=0
python3 "$src/tests/difftest/difftest.py" --self-check --seeds 0-7 \
    --profile ci --out "$out/self" || status=1
python3 "$src/tests/difftest/difftest.py" --seeds "${DIFFTEST_SEEDS:-0-299}" \
    --profile ci --jobs 2 --out "$out/ci" || status=1
exit $status
