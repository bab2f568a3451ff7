#!/usr/bin/env bash
# scripts/deps.sh - sourced by setup.sh and test.sh.
#
# ac_missing_packages CHECK...   prints the Debian packages whose check fails
# ac_install_packages PKG...     apt-get installs them (as root or via sudo)
#
# Each CHECK is "package:kind:name": kind "cmd" looks for a command on PATH,
# "pc" for a pkg-config module, "hdr" for a C header, "file" for a path.  Checking first means a
# machine that has everything never touches apt (fast, works offline).

ac_check_one() {
    local kind=$1 name=$2
    case $kind in
    cmd) command -v "$name" >/dev/null 2>&1 ;;
    pc) command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$name" ;;
    hdr) [ -e "/usr/include/$name" ] || [ -e "/usr/local/include/$name" ] ;;
    file) [ -e "$name" ] ;;
    *) return 1 ;;
    esac
}

ac_missing_packages() {
    local spec pkg rest kind name wanted=()
    for spec in "$@"; do
        pkg=${spec%%:*}
        rest=${spec#*:}
        kind=${rest%%:*}
        name=${rest#*:}
        if ! ac_check_one "$kind" "$name"; then
            case " ${wanted[*]} " in
            *" $pkg "*) ;;
            *) wanted+=("$pkg") ;;
            esac
        fi
    done
    echo "${wanted[*]}"
}

ac_install_packages() {
    [ $# -gt 0 ] || return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "error: need root or sudo to install: $*" >&2
            return 1
        fi
    fi
    echo "== installing Debian packages: $*"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends "$@"
}
