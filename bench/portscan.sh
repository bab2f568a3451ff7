#!/usr/bin/env bash
# bench/portscan.sh - time the port scan of 127.0.0.1 ports 30000-65535:
# the four asyncc scanners (examples/portscan_*.ac), their Python originals
# and a plain C epoll loop (below).  Prints numbers only: one line per
# program, "name seconds open_ports" (the C programs and Python's asyncio
# version: the median of RUNS, default 3; the other Python ones: one run),
# then the ratios the targets are about.
#   usage: bench/portscan.sh [BUILD_DIR] [FIRST END]
# BUILD_DIR holds asyncc and libasyncc.a (default: build).  The Python
# subinterpreter version starts one interpreter per port and takes minutes
# for the full range: it scans PY_PARALLEL_PORTS ports (default 500) and
# the line says how many.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${BUILD_DIR:-$root/build}}
first=${2:-30000}
end=${3:-65536}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-3}
export ASYNCC_SCAN_TIMING=1

# A plain C baseline: non-blocking connects on an epoll set, at most
# INFLIGHT at once, each given one second.
cat >"$work/portscan_epoll.c" <<'C'
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#define INFLIGHT 8192
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
int main(int argc, char **argv)
{
    double t0 = now();
    int first = atoi(argv[1]), end = atoi(argv[2]), next = first;
    int ep = epoll_create1(0), inflight = 0, found = 0;
    int maxfd = 0;
    double *deadline = calloc(1 << 20, sizeof *deadline); /* by fd */
    int *port_of = calloc(1 << 20, sizeof *port_of);
    struct epoll_event evs[1024];
    while (next < end || inflight > 0) {
        while (next < end && inflight < INFLIGHT) {
            int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            struct sockaddr_in sa = {.sin_family = AF_INET,
                                     .sin_port = htons(next)};
            inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
            int r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
            if (r == 0 || errno == EINPROGRESS) {
                struct epoll_event ev = {.events = EPOLLOUT, .data.fd = fd};
                epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                port_of[fd] = next;
                deadline[fd] = now() + 1.0;
                maxfd = fd > maxfd ? fd : maxfd;
                inflight++;
            } else {
                close(fd);
            }
            next++;
        }
        int n = epoll_wait(ep, evs, 1024, 100);
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd, err = 0;
            socklen_t len = sizeof err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err == 0) {
                printf("Port %d is open\n", port_of[fd]);
                found++;
            }
            close(fd); /* also leaves the epoll set */
            deadline[fd] = 0;
            inflight--;
        }
        double t = now(); /* connects that got no answer in a second */
        for (int fd = 0; n == 0 && fd <= maxfd; fd++) {
            if (deadline[fd] != 0 && deadline[fd] < t) {
                close(fd);
                deadline[fd] = 0;
                inflight--;
            }
        }
    }
    printf("Scanned %d ports, %d open\n", end - first, found);
    printf("Completed scan in %.2f seconds\n", now() - t0);
    return 0;
}
C
cc -O2 -o "$work/portscan_epoll" "$work/portscan_epoll.c" || exit 1

# One line per program: name, seconds (from its own timing line; the
# median of several runs when given more outputs), ports open (of the
# first run).
declare -A took
report() {
    local name=$1 out=$2
    shift
    local secs open
    secs=$(for o in "$@"; do
        sed -n 's/^Completed scan in \([0-9.]*\) seconds$/\1/p' "$o"
    done | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
    open=$(grep -c '^Port .* is open$' "$out")
    echo "$name ${secs:-FAILED} $open"
    took[$name]=$secs
}

# ratio A B: A's time over B's, or "-" when either is missing.
ratio() {
    local a=${took[$1]:-} b=${took[$2]:-}
    if [ -z "$a" ] || [ -z "$b" ]; then
        echo -
    else
        awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
    fi
}

# RUNS rounds, each running every C program and Python's asyncio version
# (the one the targets compare with) once, so that the machine's load
# falls on all of them alike, in an order that rotates by one each round
# (what one program frees, the next reuses: on a VM, memory the kernel
# faults in fresh costs more); each is reported by its median.
names=(c-epoll)
declare -A cmd=([c-epoll]="$work/portscan_epoll")
for v in threads tasks agen parallel; do
    src=$root/examples/portscan_$v.ac
    if "$build/asyncc" "$src" -o "$work/$v.c" 2>"$work/$v.err" &&
        cc -std=c99 -O2 -I "$root/runtime/include" "$work/$v.c" \
            "$build/libasyncc.a" -lpthread -lm -o "$work/$v" 2>>"$work/$v.err"; then
        names+=("asyncc-$v")
        cmd[asyncc-$v]=$work/$v
    else
        echo "asyncc-$v NOT-BUILT 0"
    fi
done
names+=(python-tasks)
run_one() {
    # the async generator stops at its maximum: ask for all of them
    if [ "$1" = python-tasks ]; then
        timeout 900 python3 "$root/examples/portscan_tasks.py" "$first" "$end"
    else
        timeout 600 "${cmd[$1]}" "$first" "$end" 100000
    fi
}
for r in $(seq "$runs"); do
    for ((k = 0; k < ${#names[@]}; k++)); do
        name=${names[$(((r + k) % ${#names[@]}))]}
        run_one "$name" >"$work/$name.$r.out" 2>&1
    done
done
for name in "${names[@]}"; do
    outs=()
    for r in $(seq "$runs"); do outs+=("$work/$name.$r.out"); done
    report "$name" "${outs[@]}"
done

for v in threads agen; do
    timeout 900 python3 "$root/examples/portscan_$v.py" "$first" "$end" 100000 \
        >"$work/py-$v.out" 2>&1
    report "python-$v" "$work/py-$v.out"
done
pyend=$((first + ${PY_PARALLEL_PORTS:-500}))
[ "$pyend" -le "$end" ] || pyend=$end
timeout 900 python3 "$root/examples/portscan_parallel.py" "$first" "$pyend" \
    >"$work/py-parallel.out" 2>&1
report "python-parallel($((pyend - first))-ports)" "$work/py-parallel.out"

# The targets: each async C version within 1.5x of the epoll loop and at
# least 10x faster than Python's asyncio version.
for v in tasks agen parallel; do
    echo "ratio asyncc-$v/c-epoll $(ratio "asyncc-$v" c-epoll)" \
        "python-tasks/asyncc-$v $(ratio python-tasks "asyncc-$v")"
done
