#!/usr/bin/env bash
# tests/difftest/run.sh [--build DIR] [--seeds A-B] [--jobs N] [--profile ci|full]
#                       [--out DIR] [--self-check]
# Differential testing of asyncc against python3's asyncio (README.md here).
# Without ASYNCC in the environment and without --build, uses ./build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${ASYNCC:-}" ]; then
    case " $* " in
    *" --build "*) ;;
    *) set -- --build "$here/../../build" "$@" ;;
    esac
fi
exec python3 "$here/difftest.py" "$@"
