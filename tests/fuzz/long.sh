#!/bin/sh
# long.sh - run each libFuzzer target for a while and count what it did.
# Usage: tests/fuzz/long.sh SECONDS [TARGET...]   (`make fuzz-long`)
# Runs build/fuzz/fuzz_TARGET (default: every one built; $FUZZ_BIN: another
# folder of them, e.g. a build kept apart while one runs) for SECONDS each,
# one after the other, on its scratch corpus $FUZZ_OUT/corpus/TARGET
# (kept between runs; new units go there) plus the committed
# tests/fuzz/corpus/TARGET (read only).  Findings (crash-, leak-,
# timeout-, oom- files) go to $FUZZ_OUT/findings/TARGET/.  A unit worth
# committing is minimized and copied by hand, never written here.
# Prints one line per target from libFuzzer's final stats, and appends
# it, dated, to $FUZZ_LOG when set.  Exits 1 if any target had a
# finding or ended abnormally.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:?usage: long.sh SECONDS [TARGET...]}
shift
out=${FUZZ_OUT:-$top/build/fuzz/long}
bindir=${FUZZ_BIN:-$top/build/fuzz}
log=${FUZZ_LOG:-}
export UTDRAG_RULES="$top/rules"

if [ $# = 0 ]; then
    for b in "$bindir"/fuzz_*; do
        [ -x "$b" ] && set -- "$@" "${b##*/fuzz_}"
    done
fi

# Options per target: the pipeline runs every shipped rule over its
# input, about 0.4 ms per KB under the sanitizers, so its inputs stay at
# 4 KB, which holds any sample article whole.  The rules target compiles
# its input as a rule file: left to grow to 14 KB, it ran at 94 execs/s
# against 600-2,200 at the start; 4 KB holds several whole rules.
opts() {
    case $1 in
    pipeline|rules) echo "-max_len=4096" ;;
    esac
}

# Files in a directory whose names start with one of the finding kinds.
findings() {
    ls "$1" 2>/dev/null | grep -cE '^(crash|leak|timeout|oom)-'
}

# The value of libFuzzer's final "stat::NAME: N" line in a log, or 0.
final_stat() {
    v=$(sed -n "s/^stat::$1: *\\([0-9]*\\).*/\\1/p" "$2" | tail -n 1)
    echo "${v:-0}"
}

status=0
for t in "$@"; do
    bin=$bindir/fuzz_$t
    corpus=$out/corpus/$t
    found=$out/findings/$t
    runlog=$out/$t.log
    mkdir -p "$corpus" "$found"
    before=$(findings "$found")
    start=$(date +%s)
    # shellcheck disable=SC2046
    (cd "$top" && "$bin" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -close_fd_mask=1 \
        -artifact_prefix="$found/" $(opts "$t") \
        "$corpus" "$top/tests/fuzz/corpus/$t") >"$runlog" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    new=$(($(findings "$found") - before))
    execs=$(final_stat number_of_executed_units "$runlog")
    rate=$(final_stat average_exec_per_sec "$runlog")
    units=$(final_stat new_units_added "$runlog")
    line="$t: $took s, $execs execs, $rate execs/s, $units new units,"
    line="$line $new findings, exit $rc"
    echo "fuzz-long: $line"
    [ -n "$log" ] && echo "$(date -u '+%Y-%m-%dT%H:%M:%SZ') $line" >>"$log"
    if [ "$new" != 0 ] || [ "$rc" != 0 ]; then
        status=1
        echo "fuzz-long: $t: see $runlog and $found/"
    fi
done
exit $status
