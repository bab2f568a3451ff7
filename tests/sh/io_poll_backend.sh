#!/usr/bin/env bash
# io_poll_backend.sh - the I/O unit tests again, on a runtime built with the
# poll(2) backend (ASYNCC_IO_POLL) instead of epoll.
# Environment (tests/CMakeLists.txt): AC_SRC, AC_WORK, AC_CFLAGS.
set -euo pipefail
src=${AC_SRC:?}
work=${AC_WORK:?}/sh/io_poll_backend
rm -rf "$work" && mkdir -p "$work/obj"
cflags="-std=gnu11 -g -O1 -D_GNU_SOURCE -DASYNCC_IO_POLL=1 ${AC_CFLAGS:-}"
inc="-I $src/runtime/include -I $src/runtime/src"

# shellcheck disable=SC2086
for f in "$src"/runtime/src/*/*.c; do
    cc $cflags $inc -c "$f" -o "$work/obj/$(basename "${f%.c}").o" &
    # two at a time: the machine's cores are shared
    [ "$(jobs -r | wc -l)" -lt 2 ] || wait -n
done
wait
ar rcs "$work/libasyncc_poll.a" "$work"/obj/*.o
nm "$work/obj/"poller_poll.o | grep -q ' T ac__poller_wait' ||
    { echo "FAIL: the poll backend was not built" >&2; exit 1; }

status=0
for t in rt_io_sock rt_io_cancel rt_stream_echo rt_channel; do
    # shellcheck disable=SC2086
    cc $cflags $inc "$src/tests/unit/$t.c" "$work/libasyncc_poll.a" \
        -lcunit -lpthread -lm -o "$work/$t"
    if timeout 300 "$work/$t" >"$work/$t.log" 2>&1; then
        echo "ok   $t (poll)"
    else
        echo "FAIL $t (poll)"; tail -30 "$work/$t.log"; status=1
    fi
done
exit $status
